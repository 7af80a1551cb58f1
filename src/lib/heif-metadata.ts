/**
 * AVIF/HEIC (ISO BMFF "meta") metadata: the EXIF item, the ICC profile of
 * the primary image, and whether the container itself rotates or mirrors it.
 */
import { copyBytes, ascii, concatBytes, isoBoxes, readSized, u16be, u32be, type IsoBox } from './bytes.ts';

const fullBoxChildren = (b: Uint8Array, box: IsoBox, skip = 4): IsoBox[] => isoBoxes(b, box.payload + skip, box.end);

function metaBox(b: Uint8Array): IsoBox | undefined {
  return isoBoxes(b, 0, b.length).find((box) => box.type === 'meta');
}

/** item_ID → item_type from 'iinf'. */
function itemTypes(b: Uint8Array, meta: IsoBox): Map<number, string> {
  const types = new Map<number, string>();
  const iinf = fullBoxChildren(b, meta).find((box) => box.type === 'iinf');
  if (!iinf) return types;
  const skip = 4 + ((b[iinf.payload] ?? 0) === 0 ? 2 : 4);
  for (const infe of isoBoxes(b, iinf.payload + skip, iinf.end)) {
    if (infe.type !== 'infe') continue;
    const version = b[infe.payload] ?? 0;
    if (version < 2) continue;
    const id = version === 2 ? u16be(b, infe.payload + 4) : u32be(b, infe.payload + 4);
    const typeAt = infe.payload + 4 + (version === 2 ? 2 : 4) + 2;
    types.set(id, ascii(b, typeAt, 4));
  }
  return types;
}

export interface IlocItem {
  readonly id: number;
  /** construction_method: 0 file offsets, 1 offsets into 'idat'. */
  readonly method: number;
  readonly dataReference: number;
  /** Extents with absolute offsets (base_offset folded in). */
  readonly extents: Array<{ offset: number; length: number }>;
}

/** The 'iloc' box: where each item's bytes are. The one reader, for extracting items and for rewriting offsets (avif-metadata.ts). */
export function parseIloc(b: Uint8Array, iloc: IsoBox): { version: number; indexSize: number; items: IlocItem[] } {
  const version = b[iloc.payload] ?? 0;
  let at = iloc.payload + 4;
  const offsetSize = (b[at] ?? 0) >> 4;
  const lengthSize = (b[at] ?? 0) & 15;
  const baseSize = (b[at + 1] ?? 0) >> 4;
  const indexSize = version > 0 ? (b[at + 1] ?? 0) & 15 : 0;
  at += 2;
  const count = version < 2 ? u16be(b, at) : u32be(b, at);
  at += version < 2 ? 2 : 4;
  const items: IlocItem[] = [];
  for (let i = 0; i < count && at < iloc.end; i += 1) {
    const id = version < 2 ? u16be(b, at) : u32be(b, at);
    at += version < 2 ? 2 : 4;
    const method = version > 0 ? u16be(b, at) & 15 : 0;
    if (version > 0) at += 2;
    const dataReference = u16be(b, at);
    at += 2;
    const base = readSized(b, at, baseSize);
    at += baseSize;
    const extentCount = u16be(b, at);
    at += 2;
    const extents: Array<{ offset: number; length: number }> = [];
    // Each extent takes bytes of the box: a count larger than what the box holds stops here.
    for (let e = 0; e < extentCount && at + indexSize + offsetSize + lengthSize <= iloc.end; e += 1) {
      at += indexSize;
      const offset = readSized(b, at, offsetSize);
      at += offsetSize;
      const length = readSized(b, at, lengthSize);
      at += lengthSize;
      extents.push({ offset: base + offset, length });
    }
    items.push({ id, method, dataReference, extents });
  }
  return { version, indexSize, items };
}

/** The bytes of one item, from 'iloc' (file offsets or the 'idat' box). */
function itemData(b: Uint8Array, meta: IsoBox, itemId: number): Uint8Array | null {
  const children = fullBoxChildren(b, meta);
  const iloc = children.find((box) => box.type === 'iloc');
  const idat = children.find((box) => box.type === 'idat');
  const item = iloc && parseIloc(b, iloc).items.find((candidate) => candidate.id === itemId);
  if (!item) return null;
  const origin = item.method === 1 && idat ? idat.payload : 0;
  const parts = item.extents.map((extent) => b.subarray(origin + extent.offset, origin + extent.offset + extent.length));
  return parts.length === 1 ? (parts[0] ?? null) : concatBytes(parts);
}

/** The TIFF-structured EXIF block of the 'Exif' item, if any. */
export function extractHeifExif(b: Uint8Array): Uint8Array | undefined {
  const meta = metaBox(b);
  if (!meta) return undefined;
  for (const [id, type] of itemTypes(b, meta)) {
    if (type !== 'Exif') continue;
    const data = itemData(b, meta, id);
    if (!data || data.length < 4) return undefined;
    // A 4-byte offset to the TIFF header comes first (often pointing past "Exif\0\0").
    const start = 4 + u32be(data, 0);
    return start < data.length ? copyBytes(data.subarray(start)) : undefined;
  }
  return undefined;
}

function properties(b: Uint8Array): IsoBox[] {
  const meta = metaBox(b);
  const iprp = meta && fullBoxChildren(b, meta).find((box) => box.type === 'iprp');
  const ipco = iprp && isoBoxes(b, iprp.payload, iprp.end).find((box) => box.type === 'ipco');
  return ipco ? isoBoxes(b, ipco.payload, ipco.end) : [];
}

/** The first ICC profile among the colour ('colr') properties. */
export function extractHeifIcc(b: Uint8Array): Uint8Array | undefined {
  for (const colr of properties(b).filter((p) => p.type === 'colr')) {
    const kind = ascii(b, colr.payload, 4);
    if (kind === 'prof' || kind === 'rICC') return copyBytes(b.subarray(colr.payload + 4, colr.end));
  }
  return undefined;
}

/** True when the container rotates (irot) or mirrors (imir): decoders apply those, and EXIF orientation must then be ignored. */
export function heifHasTransform(b: Uint8Array): boolean {
  return properties(b).some((p) => p.type === 'irot' || p.type === 'imir');
}

/** Quarter turns of the container's 'irot' (anticlockwise), 0 when there is none. */
export function heifQuarterTurns(b: Uint8Array): number {
  const irot = properties(b).find((p) => p.type === 'irot');
  return irot ? (b[irot.payload] ?? 0) & 3 : 0;
}

// --- honest lane: where the EXIF block lies, for "remove location only" in place ---

/**
 * Where the 'Exif' item's TIFF block lies in the file: a range when it is one contiguous extent inside
 * the file (so it can be edited in place, keeping every offset), null when it exists but is not (several
 * extents, out of bounds), undefined when there is no Exif item.
 */
export function heifExifRange(b: Uint8Array): { start: number; end: number } | null | undefined {
  const meta = metaBox(b);
  if (!meta) return undefined;
  for (const [id, type] of itemTypes(b, meta)) {
    if (type !== 'Exif') continue;
    const children = fullBoxChildren(b, meta);
    const iloc = children.find((box) => box.type === 'iloc');
    const idat = children.find((box) => box.type === 'idat');
    const item = iloc && parseIloc(b, iloc).items.find((candidate) => candidate.id === id);
    const extent = item?.extents.length === 1 ? item.extents[0] : undefined;
    if (!item || !extent || item.dataReference !== 0) return null;
    const origin = item.method === 1 && idat ? idat.payload : item.method === 0 ? 0 : -1;
    const start = origin + extent.offset;
    if (origin < 0 || extent.length < 4 || start + extent.length > b.length) return null;
    const tiff = start + 4 + u32be(b, start);
    return tiff < start + extent.length ? { start: tiff, end: start + extent.length } : null;
  }
  return undefined;
}

/** The data of every 'mime' item (XMP, in practice), for the location check. */
export function heifMimeItems(b: Uint8Array): Uint8Array[] {
  const meta = metaBox(b);
  if (!meta) return [];
  return [...itemTypes(b, meta)].filter(([, type]) => type === 'mime').map(([id]) => itemData(b, meta, id)).filter((data): data is Uint8Array => data !== null);
}
