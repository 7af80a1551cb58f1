/**
 * "Keep metadata" for AVIF (and other HEIF files): adds an ICC profile as a
 * 'colr' property of the primary item and the EXIF block as an 'Exif' item
 * (stored in a new 'mdat' at the end, linked to the primary by 'cdsc').
 * The 'meta' box grows, so every file offset in 'iloc' is moved along.
 */
import { ascii, asciiBytes, concatBytes, isoBoxes, u16be, u32be, writeU16be, writeU32be, type IsoBox } from './bytes.ts';
import { parseIloc, type IlocItem } from './heif-metadata.ts';

function box(type: string, ...parts: Uint8Array[]): Uint8Array {
  const body = concatBytes(parts);
  const header = new Uint8Array(8);
  writeU32be(header, 0, body.length + 8);
  header.set(asciiBytes(type), 4);
  return concatBytes([header, body]);
}
const fullBoxHeader = (version: number, flags = 0) => Uint8Array.from([version, (flags >> 16) & 0xff, (flags >> 8) & 0xff, flags & 0xff]);
const u16 = (value: number) => { const out = new Uint8Array(2); writeU16be(out, 0, value); return out; };
const u32 = (value: number) => { const out = new Uint8Array(4); writeU32be(out, 0, value); return out; };


/** Written with 4-byte offsets and lengths and no base offset, so its size does not depend on the values. */
function writeIloc(version: number, items: readonly IlocItem[], shift: number): Uint8Array {
  const v = Math.max(1, version);
  const parts: Uint8Array[] = [fullBoxHeader(v), Uint8Array.from([0x44, 0x00]), v < 2 ? u16(items.length) : u32(items.length)];
  for (const item of items) {
    parts.push(v < 2 ? u16(item.id) : u32(item.id), u16(item.method), u16(item.dataReference), u16(item.extents.length));
    // Only file offsets (construction method 0, this file) move; idat offsets are relative to idat.
    for (const extent of item.extents) parts.push(u32(item.method === 0 && item.dataReference === 0 ? extent.offset + shift : extent.offset), u32(extent.length));
  }
  return box('iloc', ...parts);
}

function addToIinf(b: Uint8Array, iinf: IsoBox, infe: Uint8Array): Uint8Array {
  const version = b[iinf.payload] ?? 0;
  const countAt = iinf.payload + 4;
  const count = version === 0 ? u16be(b, countAt) : u32be(b, countAt);
  const entries = b.subarray(countAt + (version === 0 ? 2 : 4), iinf.end);
  return box('iinf', b.subarray(iinf.payload, iinf.payload + 4), version === 0 ? u16(count + 1) : u32(count + 1), entries, infe);
}

interface Association {
  readonly index: number;
  /** Transformative properties (irot, imir) must be marked essential. */
  readonly essential: boolean;
}

/** Appends property associations to the primary item's list (after its own, as transforms must come last). */
function addToIpma(b: Uint8Array, ipma: IsoBox, primary: number, added: readonly Association[]): Uint8Array {
  const version = b[ipma.payload] ?? 0;
  const wide = ((b[ipma.payload + 3] ?? 0) & 1) === 1;
  if (!wide && added.some((a) => a.index > 127)) throw new RangeError('too many properties for a narrow ipma');
  let at = ipma.payload + 4;
  const count = u32be(b, at);
  at += 4;
  const parts: Uint8Array[] = [b.subarray(ipma.payload, ipma.payload + 8)];
  for (let i = 0; i < count; i += 1) {
    const idSize = version < 1 ? 2 : 4;
    const id = idSize === 2 ? u16be(b, at) : u32be(b, at);
    const associations = b[at + idSize] ?? 0;
    const size = idSize + 1 + associations * (wide ? 2 : 1);
    if (id === primary) {
      const entry = new Uint8Array(size + added.length * (wide ? 2 : 1));
      entry.set(b.subarray(at, at + size));
      entry[idSize] = associations + added.length;
      added.forEach((association, i) => {
        if (wide) writeU16be(entry, size + i * 2, association.index | (association.essential ? 0x8000 : 0));
        else entry[size + i] = association.index | (association.essential ? 0x80 : 0);
      });
      parts.push(entry);
    } else parts.push(b.subarray(at, at + size));
    at += size;
  }
  return box('ipma', ...parts);
}

export interface HeifEmbedded {
  readonly exif?: Uint8Array;
  readonly icc?: Uint8Array;
}

/** Returns the file with the metadata added, or null when its layout is not one this handles. */
export function insertHeifMetadata(b: Uint8Array, metadata: HeifEmbedded): Uint8Array | null {
  if (!metadata.exif && !metadata.icc) return b;
  return rewriteHeif(b, metadata, []);
}

/**
 * Adds a rotation (irot: quarter turns anticlockwise) and/or a mirror (imir: 0 = top–bottom axis, 1 = left–right)
 * to the primary image, losslessly: viewers apply them when displaying.
 */
export function addHeifTransform(b: Uint8Array, transform: { readonly quarterTurnsAnticlockwise?: 1 | 2 | 3; readonly mirrorAxis?: 0 | 1 }): Uint8Array | null {
  const properties: Uint8Array[] = [];
  if (transform.quarterTurnsAnticlockwise) properties.push(box('irot', Uint8Array.of(transform.quarterTurnsAnticlockwise)));
  if (transform.mirrorAxis !== undefined) properties.push(box('imir', Uint8Array.of(transform.mirrorAxis)));
  return rewriteHeif(b, {}, properties);
}

function rewriteHeif(b: Uint8Array, metadata: HeifEmbedded, essentialProperties: readonly Uint8Array[]): Uint8Array | null {
  try {
    const top = isoBoxes(b, 0, b.length);
    const metaIndex = top.findIndex((t) => t.type === 'meta');
    const meta = top[metaIndex];
    if (!meta || top.slice(0, metaIndex).some((t) => t.type === 'mdat')) return null;
    const children = isoBoxes(b, meta.payload + 4, meta.end);
    const find = (type: string) => children.find((c) => c.type === type);
    const pitm = find('pitm');
    const iloc = find('iloc');
    const iinf = find('iinf');
    const iprp = find('iprp');
    if (!pitm || !iloc || !iinf || !iprp) return null;
    const primary = b[pitm.payload] === 0 ? u16be(b, pitm.payload + 4) : u32be(b, pitm.payload + 4);
    const iprpChildren = isoBoxes(b, iprp.payload, iprp.end);
    const ipco = iprpChildren.find((c) => c.type === 'ipco');
    const ipma = iprpChildren.find((c) => c.type === 'ipma');
    if (!ipco || !ipma) return null;
    const properties = isoBoxes(b, ipco.payload, ipco.end);
    const hasIcc = properties.some((p) => p.type === 'colr' && ['prof', 'rICC'].includes(ascii(b, p.payload, 4)));

    const { version: ilocVersion, indexSize, items } = parseIloc(b, iloc);
    // The rewritten 'iloc' has no extent indexes, so a file that uses them is left as it is.
    if (indexSize > 0) return null;
    const exifId = Math.max(primary, ...items.map((item) => item.id)) + 1;
    const addExif = metadata.exif !== undefined && exifId <= 0xffff;
    const addIcc = metadata.icc !== undefined && !hasIcc;

    const added = [
      ...(addIcc && metadata.icc ? [{ property: box('colr', asciiBytes('prof'), metadata.icc), essential: false }] : []),
      ...essentialProperties.map((property) => ({ property, essential: true })),
    ];
    let newIprp = b.subarray(iprp.start, iprp.end);
    if (added.length > 0) {
      const newIpco = box('ipco', b.subarray(ipco.payload, ipco.end), ...added.map((a) => a.property));
      const others = iprpChildren.filter((c) => c.type !== 'ipco' && c.type !== 'ipma').map((c) => b.subarray(c.start, c.end));
      const associations = added.map((a, i) => ({ index: properties.length + 1 + i, essential: a.essential }));
      newIprp = box('iprp', newIpco, addToIpma(b, ipma, primary, associations), ...others);
    }

    const exifPayload = addExif && metadata.exif ? concatBytes([u32(0), metadata.exif]) : null;
    const newIinf = exifPayload ? addToIinf(b, iinf, box('infe', fullBoxHeader(2), u16(exifId), u16(0), asciiBytes('Exif'), Uint8Array.of(0))) : b.subarray(iinf.start, iinf.end);
    const iref = find('iref');
    const cdsc = box('cdsc', u16(exifId), u16(1), u16(primary));
    const newIref = exifPayload ? (iref ? box('iref', b.subarray(iref.payload, iref.end), cdsc) : box('iref', fullBoxHeader(0), cdsc)) : iref ? b.subarray(iref.start, iref.end) : new Uint8Array(0);
    if (iref && b[iref.payload] !== 0 && exifPayload) return null; // 32-bit item ids in iref: not handled

    const allItems = exifPayload ? [...items, { id: exifId, method: 0, dataReference: 0, extents: [{ offset: 0, length: exifPayload.length }] }] : items;
    const build = (shift: number, exifOffset: number): Uint8Array => {
      const ilocItems = allItems.map((item) => (item.id === exifId && exifPayload ? { ...item, extents: [{ offset: exifOffset - shift, length: exifPayload.length }] } : item));
      const rebuilt = children.map((c) => {
        if (c.type === 'iloc') return writeIloc(ilocVersion, ilocItems, shift);
        if (c.type === 'iinf') return newIinf;
        if (c.type === 'iprp') return newIprp;
        if (c.type === 'iref') return newIref;
        return b.subarray(c.start, c.end);
      });
      if (!iref && exifPayload) rebuilt.push(newIref);
      return box('meta', b.subarray(meta.payload, meta.payload + 4), ...rebuilt);
    };
    const delta = build(0, 0).length - (meta.end - meta.start);
    const fileLength = b.length + delta;
    const newMeta = build(delta, fileLength + 8);
    return concatBytes([
      b.subarray(0, meta.start),
      newMeta,
      b.subarray(meta.end),
      ...(exifPayload ? [box('mdat', exifPayload)] : []),
    ]);
  } catch {
    return null;
  }
}
