/**
 * A bounded walk over an ISO BMFF file (HEIC, AVIF, the JPEG XL container)
 * before libheif or libjxl sees it: every box's size must fit its parent, the
 * boxes may not nest too deep nor be too many, the item tables ('iinf',
 * 'iloc', 'ipma', 'iref') may not declare more items than the limits, and the
 * derivation references between items ('dimg', as in grid images) may not
 * form a cycle. Returns a sentence naming the problem, or null.
 */
import { ascii, fourcc, u16be, u32be } from './bytes.ts';
import { MAX_HEIF_EXTENTS, MAX_HEIF_ITEMS, MAX_ISO_BOXES, MAX_ISO_DEPTH } from './parse-limits.ts';

/** Boxes whose payload is more boxes, and how many bytes come before the first child. */
const CONTAINERS: Readonly<Record<string, (b: Uint8Array, payload: number) => number>> = {
  meta: () => 4, iprp: () => 0, ipco: () => 0, dinf: () => 0, dref: () => 8, iref: () => 4, grpl: () => 0,
  iinf: (b, payload) => 4 + ((b[payload] ?? 0) === 0 ? 2 : 4),
  moov: () => 0, trak: () => 0, mdia: () => 0, minf: () => 0, stbl: () => 0, edts: () => 0, udta: () => 0,
};

class Problem extends Error {}

interface Walk {
  boxes: number;
  readonly references: Map<number, number[]>;
}

function walk(b: Uint8Array, start: number, end: number, depth: number, parent: string, state: Walk): void {
  if (depth > MAX_ISO_DEPTH) throw new Problem(`its boxes nest deeper than ${MAX_ISO_DEPTH} levels`);
  let at = start;
  while (at + 8 <= end) {
    state.boxes += 1;
    if (state.boxes > MAX_ISO_BOXES) throw new Problem(`it has more than ${MAX_ISO_BOXES} boxes`);
    let size = u32be(b, at);
    const type = ascii(b, at + 4, 4);
    let payload = at + 8;
    if (size === 1) {
      if (at + 16 > end) throw new Problem(`the ${fourcc(type)} box at byte ${at} is cut short`);
      size = u32be(b, at + 8) * 2 ** 32 + u32be(b, at + 12);
      payload = at + 16;
    } else if (size === 0) {
      size = end - at; // "to the end of the file" (of the parent, here)
    }
    if (size < payload - at) throw new Problem(`the ${fourcc(type)} box at byte ${at} declares an impossible size (${size} bytes)`);
    if (at + size > end) {
      throw new Problem(
        depth === 0
          ? `it is cut short: the ${fourcc(type)} box at byte ${at} needs ${size} bytes, the file has ${b.length - at} left`
          : `the ${fourcc(type)} box at byte ${at} runs past the end of the ${fourcc(parent)} box that holds it`,
      );
    }
    const boxEnd = at + size;
    const skip = CONTAINERS[type];
    if (skip) {
      const children = payload + skip(b, payload);
      if (children > boxEnd) throw new Problem(`the ${fourcc(type)} box at byte ${at} is too short for its header`);
      if (type === 'iinf') countItems((b[payload] ?? 0) === 0 ? u16be(b, payload + 4) : u32be(b, payload + 4), 'item information entries');
      if (type === 'iref') readReferences(b, children, boxEnd, (b[payload] ?? 0) === 0 ? 2 : 4, state);
      else walk(b, children, boxEnd, depth + 1, type, state);
    }
    if (type === 'iloc') checkIloc(b, payload, boxEnd);
    if (type === 'ipma') countItems(u32be(b, payload + 4), 'property associations');
    at = boxEnd;
  }
}

function countItems(count: number, what: string): void {
  if (count > MAX_HEIF_ITEMS) throw new Problem(`it declares ${count} ${what}, more than the ${MAX_HEIF_ITEMS} allowed`);
}

/** 'iloc': item and extent counts, and every entry inside the box. */
function checkIloc(b: Uint8Array, payload: number, end: number): void {
  const version = b[payload] ?? 0;
  let at = payload + 4;
  const offsetSize = (b[at] ?? 0) >> 4;
  const lengthSize = (b[at] ?? 0) & 15;
  const baseSize = (b[at + 1] ?? 0) >> 4;
  const indexSize = version > 0 ? (b[at + 1] ?? 0) & 15 : 0;
  if (![0, 4, 8].includes(offsetSize) || ![0, 4, 8].includes(lengthSize) || ![0, 4, 8].includes(baseSize) || ![0, 4, 8].includes(indexSize)) {
    throw new Problem('its item locations (iloc) use field sizes other than 0, 4 or 8 bytes');
  }
  at += 2;
  const count = version < 2 ? u16be(b, at) : u32be(b, at);
  at += version < 2 ? 2 : 4;
  countItems(count, 'item locations');
  let extents = 0;
  for (let i = 0; i < count; i += 1) {
    at += (version < 2 ? 2 : 4) + (version > 0 ? 2 : 0) + 2 + baseSize;
    const extentCount = u16be(b, at);
    at += 2;
    extents += extentCount;
    if (extents > MAX_HEIF_EXTENTS) throw new Problem(`its item locations (iloc) list more than ${MAX_HEIF_EXTENTS} extents`);
    at += extentCount * (indexSize + offsetSize + lengthSize);
    if (at > end) throw new Problem('its item locations (iloc) run past the end of their box');
  }
}

/** 'iref' children: from_item_ID, reference_count, to_item_IDs. Only 'dimg' (derived images) is kept for the cycle check. */
function readReferences(b: Uint8Array, start: number, end: number, idSize: number, state: Walk): void {
  let at = start;
  let references = 0;
  while (at + 8 <= end) {
    const size = u32be(b, at);
    const type = ascii(b, at + 4, 4);
    if (size < 8 || at + size > end) throw new Problem(`the ${fourcc(type)} reference at byte ${at} does not fit its "iref" box`);
    const from = idSize === 2 ? u16be(b, at + 8) : u32be(b, at + 8);
    const count = u16be(b, at + 8 + idSize);
    if (8 + idSize + 2 + count * idSize > size) throw new Problem(`the ${fourcc(type)} reference at byte ${at} lists more items than it holds`);
    references += count;
    if (references > MAX_HEIF_ITEMS) throw new Problem(`it declares more than ${MAX_HEIF_ITEMS} item references`);
    if (type === 'dimg') {
      const to = state.references.get(from) ?? [];
      for (let i = 0; i < count; i += 1) {
        const id = at + 8 + idSize + 2 + i * idSize;
        to.push(idSize === 2 ? u16be(b, id) : u32be(b, id));
      }
      state.references.set(from, to);
    }
    at += size;
  }
}

/** A derived image that is (through its tiles) made of itself would send a decoder round in circles. */
function referenceCycle(references: ReadonlyMap<number, readonly number[]>): number | null {
  const state = new Map<number, 'open' | 'done'>();
  for (const root of references.keys()) {
    if (state.has(root)) continue;
    const stack: Array<{ id: number; next: number }> = [{ id: root, next: 0 }];
    state.set(root, 'open');
    while (stack.length > 0) {
      const top = stack[stack.length - 1];
      if (!top) break;
      const children = references.get(top.id) ?? [];
      if (top.next >= children.length) {
        state.set(top.id, 'done');
        stack.pop();
        continue;
      }
      const child = children[top.next] ?? 0;
      top.next += 1;
      const seen = state.get(child);
      if (seen === 'open') return child;
      if (!seen) {
        state.set(child, 'open');
        stack.push({ id: child, next: 0 });
      }
    }
  }
  return null;
}

export function isoStructureProblem(b: Uint8Array): string | null {
  const state: Walk = { boxes: 0, references: new Map() };
  try {
    walk(b, 0, b.length, 0, 'file', state);
  } catch (error) {
    if (error instanceof Problem) return error.message;
    throw error;
  }
  const cycle = referenceCycle(state.references);
  return cycle === null ? null : `its derived-image references loop back on themselves (item ${cycle} is made of itself)`;
}
