/**
 * Parses an output image into its structures (JPEG markers, PNG chunks,
 * RIFF chunks, ISOBMFF boxes and items, JPEG XL boxes, the QOI stream), so
 * the audit can allow only what each format needs instead of searching for
 * patterns. Pure; never throws on bad input: what cannot be parsed is a
 * problem in the result.
 */

export type ImageFormat = 'JPEG' | 'PNG' | 'WebP' | 'AVIF' | 'JPEG XL' | 'QOI' | 'SVG';

export interface ImageStructure {
  readonly format: ImageFormat | null;
  readonly width: number;
  readonly height: number;
  /** Every structure in file order, as the format names it: "SOF2", "APP1 Exif", "IDAT", "VP8X", "item Exif", "box mdat"… */
  readonly structures: string[];
  /** The EXIF payload (TIFF structure, from "II*\0" or "MM\0*"), when there is one. */
  readonly exif: Buffer | null;
  /** The ICC profile, when there is one (PNG: still zlib-compressed). */
  readonly icc: Buffer | null;
  /** Bytes the file carries that are not part of any structure, or structures that are broken. */
  readonly problems: string[];
}

const ascii = (bytes: Buffer, start: number, end: number): string => bytes.subarray(start, end).toString('latin1');
const empty = (problems: string[], format: ImageFormat | null = null): ImageStructure => ({ format, width: 0, height: 0, structures: [], exif: null, icc: null, problems });

/** The output format a file's signature names (never its name or MIME type). */
export function sniffFormat(bytes: Buffer): ImageFormat | null {
  if (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'JPEG';
  if (bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'PNG';
  if (ascii(bytes, 0, 4) === 'RIFF' && ascii(bytes, 8, 12) === 'WEBP') return 'WebP';
  if (ascii(bytes, 4, 8) === 'ftyp' && /^avi[fs]$/.test(ascii(bytes, 8, 12))) return 'AVIF';
  if ((bytes[0] === 0xff && bytes[1] === 0x0a) || (bytes.readUInt32BE(0) === 12 && ascii(bytes, 4, 8) === 'JXL ')) return 'JPEG XL';
  if (ascii(bytes, 0, 4) === 'qoif') return 'QOI';
  if (/^(\uFEFF)?\s*<(\?xml|svg[\s>])/.test(bytes.subarray(0, 256).toString('utf8'))) return 'SVG';
  return null;
}

export function parseImage(bytes: Buffer): ImageStructure {
  if (bytes.length < 12) return empty([`${bytes.length} bytes: too short to be an image`]);
  try {
    switch (sniffFormat(bytes)) {
      case 'JPEG': return parseJpeg(bytes);
      case 'PNG': return parsePng(bytes);
      case 'WebP': return parseWebp(bytes);
      case 'AVIF': return parseAvif(bytes);
      case 'JPEG XL': return parseJxl(bytes);
      case 'QOI': return parseQoi(bytes);
      case 'SVG': return parseSvg(bytes);
      default: return empty([`not a known output format (starts ${bytes.subarray(0, 12).toString('hex')})`]);
    }
  } catch (error) {
    return empty([`could not be parsed: ${error instanceof Error ? error.message : String(error)}`], sniffFormat(bytes));
  }
}

// ---------------------------------------------------------------- JPEG

const JPEG_NAMES: Record<number, string> = {
  0xc0: 'SOF0', 0xc1: 'SOF1', 0xc2: 'SOF2', 0xc3: 'SOF3', 0xc4: 'DHT', 0xc5: 'SOF5', 0xc6: 'SOF6', 0xc7: 'SOF7',
  0xc9: 'SOF9', 0xca: 'SOF10', 0xcb: 'SOF11', 0xcc: 'DAC', 0xcd: 'SOF13', 0xce: 'SOF14', 0xcf: 'SOF15',
  0xd8: 'SOI', 0xd9: 'EOI', 0xda: 'SOS', 0xdb: 'DQT', 0xdc: 'DNL', 0xdd: 'DRI', 0xde: 'DHP', 0xdf: 'EXP', 0xfe: 'COM',
};

function jpegName(marker: number, payload: Buffer): string {
  if (marker >= 0xe0 && marker <= 0xef) {
    const n = marker - 0xe0;
    const id = ascii(payload, 0, Math.min(payload.length, 32));
    if (n === 0 && id.startsWith('JFIF\0')) return 'APP0 JFIF';
    if (n === 0 && id.startsWith('JFXX\0')) return 'APP0 JFXX';
    if (n === 1 && id.startsWith('Exif\0')) return 'APP1 Exif';
    if (n === 1 && id.startsWith('http://ns.adobe.com/xap/1.0/')) return 'APP1 XMP';
    if (n === 1 && id.startsWith('http://ns.adobe.com/xmp/extension/')) return 'APP1 XMP extension';
    if (n === 2 && id.startsWith('ICC_PROFILE\0')) return 'APP2 ICC';
    if (n === 13 && id.startsWith('Photoshop 3.0')) return 'APP13 Photoshop/IPTC';
    if (n === 14 && id.startsWith('Adobe')) return 'APP14 Adobe';
    return `APP${n}`;
  }
  return JPEG_NAMES[marker] ?? `marker 0x${marker.toString(16)}`;
}

function parseJpeg(bytes: Buffer): ImageStructure {
  const structures = ['SOI'];
  const problems: string[] = [];
  let width = 0;
  let height = 0;
  let exif: Buffer | null = null;
  const iccParts: Buffer[] = [];
  let at = 2;
  let ended = false;
  while (at < bytes.length) {
    if (bytes[at] !== 0xff) {
      problems.push(`byte ${at}: expected a marker, found 0x${(bytes[at] ?? 0).toString(16)}`);
      break;
    }
    let marker = bytes[at + 1] ?? 0;
    while (marker === 0xff) { // fill bytes
      at += 1;
      marker = bytes[at + 1] ?? 0;
    }
    if (marker === 0xd9) {
      structures.push('EOI');
      at += 2;
      ended = true;
      break;
    }
    if (marker >= 0xd0 && marker <= 0xd7) {
      problems.push(`byte ${at}: restart marker outside a scan`);
      at += 2;
      continue;
    }
    if (at + 4 > bytes.length) {
      problems.push(`byte ${at}: segment cut short`);
      break;
    }
    const length = bytes.readUInt16BE(at + 2);
    if (length < 2 || at + 2 + length > bytes.length) {
      problems.push(`byte ${at}: segment length ${length} runs past the end`);
      break;
    }
    const payload = bytes.subarray(at + 4, at + 2 + length);
    const name = jpegName(marker, payload);
    structures.push(name);
    if (/^SOF/.test(name)) {
      height = payload.readUInt16BE(1);
      width = payload.readUInt16BE(3);
    }
    if (name === 'APP1 Exif') exif = payload.subarray(6);
    if (name === 'APP2 ICC') iccParts.push(payload.subarray(14));
    at += 2 + length;
    if (marker === 0xda) {
      // Entropy-coded data: runs to the next marker that is neither a stuffed 0xFF00 nor a restart marker.
      while (at < bytes.length) {
        if (bytes[at] === 0xff && at + 1 < bytes.length) {
          const next = bytes[at + 1] ?? 0;
          if (next === 0x00 || (next >= 0xd0 && next <= 0xd7) || next === 0xff) {
            at += next === 0xff ? 1 : 2;
            continue;
          }
          break;
        }
        at += 1;
      }
    }
  }
  if (!ended) problems.push('no EOI marker: the image has no proper end');
  if (ended && at < bytes.length) problems.push(`${bytes.length - at} byte(s) after EOI`);
  if (width === 0 || height === 0) problems.push('no SOF segment with dimensions');
  return { format: 'JPEG', width, height, structures, exif, icc: iccParts.length ? Buffer.concat(iccParts) : null, problems };
}

// ---------------------------------------------------------------- PNG

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n += 1) {
    let c = n;
    for (let k = 0; k < 8; k += 1) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

export function crc32(bytes: Uint8Array, start = 0, end = bytes.length): number {
  let c = 0xffffffff;
  for (let i = start; i < end; i += 1) c = (CRC_TABLE[(c ^ (bytes[i] ?? 0)) & 0xff] ?? 0) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function parsePng(bytes: Buffer): ImageStructure {
  const structures: string[] = [];
  const problems: string[] = [];
  let width = 0;
  let height = 0;
  let exif: Buffer | null = null;
  let icc: Buffer | null = null;
  let at = 8;
  let ended = false;
  while (at + 12 <= bytes.length) {
    const length = bytes.readUInt32BE(at);
    const type = ascii(bytes, at + 4, at + 8);
    if (at + 12 + length > bytes.length) {
      problems.push(`chunk ${type} at byte ${at} runs past the end`);
      at = bytes.length;
      break;
    }
    const data = bytes.subarray(at + 8, at + 8 + length);
    if (crc32(bytes, at + 4, at + 8 + length) !== bytes.readUInt32BE(at + 8 + length)) problems.push(`chunk ${type} at byte ${at} has a wrong CRC`);
    structures.push(type);
    if (type === 'IHDR') {
      width = data.readUInt32BE(0);
      height = data.readUInt32BE(4);
    }
    if (type === 'eXIf') exif = Buffer.from(data);
    if (type === 'iCCP') icc = Buffer.from(data.subarray(data.indexOf(0) + 2));
    at += 12 + length;
    if (type === 'IEND') {
      ended = true;
      break;
    }
  }
  if (structures[0] !== 'IHDR') problems.push('the first chunk is not IHDR');
  if (!ended) problems.push('no IEND chunk');
  if (at < bytes.length) problems.push(`${bytes.length - at} byte(s) after ${ended ? 'IEND' : 'the last chunk'}`);
  return { format: 'PNG', width, height, structures, exif, icc, problems };
}

// ---------------------------------------------------------------- WebP

function parseWebp(bytes: Buffer): ImageStructure {
  const structures: string[] = [];
  const problems: string[] = [];
  const declared = bytes.readUInt32LE(4) + 8;
  if (declared !== bytes.length) problems.push(`the RIFF header declares ${declared} bytes, the file has ${bytes.length}${declared < bytes.length ? ` (${bytes.length - declared} byte(s) after the RIFF)` : ''}`);
  let width = 0;
  let height = 0;
  let exif: Buffer | null = null;
  let icc: Buffer | null = null;
  let at = 12;
  const end = Math.min(declared, bytes.length);
  while (at + 8 <= end) {
    const type = ascii(bytes, at, at + 4);
    const size = bytes.readUInt32LE(at + 4);
    if (at + 8 + size > end) {
      problems.push(`chunk ${type} at byte ${at} runs past the end`);
      at = end;
      break;
    }
    const data = bytes.subarray(at + 8, at + 8 + size);
    structures.push(type);
    if (type === 'VP8X') {
      width = data.readUIntLE(4, 3) + 1;
      height = data.readUIntLE(7, 3) + 1;
    } else if (type === 'VP8 ' && width === 0) {
      width = data.readUInt16LE(6) & 0x3fff;
      height = data.readUInt16LE(8) & 0x3fff;
    } else if (type === 'VP8L' && width === 0) {
      const bits = data.readUInt32LE(1);
      width = (bits & 0x3fff) + 1;
      height = ((bits >>> 14) & 0x3fff) + 1;
    }
    if (type === 'EXIF') exif = Buffer.from(data.subarray(ascii(data, 0, 6) === 'Exif\0\0' ? 6 : 0));
    if (type === 'ICCP') icc = Buffer.from(data);
    at += 8 + size + (size % 2);
  }
  if (at < end) problems.push(`${end - at} byte(s) inside the RIFF that are not a chunk`);
  return { format: 'WebP', width, height, structures, exif, icc, problems };
}

// ---------------------------------------------------------------- ISOBMFF (AVIF) and JPEG XL boxes

interface Box {
  readonly type: string;
  readonly start: number;
  /** Payload start (after the header) and end. */
  readonly body: number;
  readonly end: number;
}

function boxes(bytes: Buffer, start: number, end: number, problems: string[], where: string): Box[] {
  const list: Box[] = [];
  let at = start;
  while (at + 8 <= end) {
    let size = bytes.readUInt32BE(at);
    const type = ascii(bytes, at + 4, at + 8);
    let header = 8;
    if (size === 1) {
      size = Number(bytes.readBigUInt64BE(at + 8));
      header = 16;
    } else if (size === 0) {
      size = end - at;
    }
    if (size < header || at + size > end) {
      problems.push(`${where}: box "${type}" at byte ${at} runs past its parent`);
      return list;
    }
    list.push({ type, start: at, body: at + header, end: at + size });
    at += size;
  }
  if (at !== end) problems.push(`${where}: ${end - at} byte(s) that are not a box`);
  return list;
}

function parseAvif(bytes: Buffer): ImageStructure {
  const problems: string[] = [];
  const structures: string[] = [];
  const top = boxes(bytes, 0, bytes.length, problems, 'file');
  for (const box of top) structures.push(`box ${box.type}`);
  const meta = top.find((b) => b.type === 'meta');
  if (!meta) return { ...empty([...problems, 'no meta box'], 'AVIF'), structures };
  const children = boxes(bytes, meta.body + 4, meta.end, problems, 'meta'); // FullBox: version + flags
  for (const child of children) structures.push(`meta/${child.type}`);
  const primary = (() => {
    const pitm = children.find((b) => b.type === 'pitm');
    if (!pitm) return -1;
    return bytes[pitm.body] === 0 ? bytes.readUInt16BE(pitm.body + 4) : bytes.readUInt32BE(pitm.body + 4);
  })();
  // Items: iinf → infe (version 2/3: item_ID, protection index, item_type four-cc).
  const items = new Map<number, string>();
  const iinf = children.find((b) => b.type === 'iinf');
  if (iinf) {
    const version = bytes[iinf.body] ?? 0;
    const first = iinf.body + 4 + (version === 0 ? 2 : 4);
    for (const infe of boxes(bytes, first, iinf.end, problems, 'iinf')) {
      const v = bytes[infe.body] ?? 0;
      if (infe.type !== 'infe' || v < 2) {
        structures.push(`iinf/${infe.type} (version ${v})`);
        continue;
      }
      const id = v === 2 ? bytes.readUInt16BE(infe.body + 4) : bytes.readUInt32BE(infe.body + 4);
      const typeAt = infe.body + 4 + (v === 2 ? 2 : 4) + 2;
      const type = ascii(bytes, typeAt, typeAt + 4);
      let label = type;
      if (type === 'mime') {
        const rest = ascii(bytes, typeAt + 4, infe.end);
        const contentType = rest.split('\0')[1] ?? '';
        label = `mime ${contentType}`;
      }
      items.set(id, label);
      structures.push(`item ${label}${id === primary ? ' (primary)' : ''}`);
    }
  }
  // Properties: iprp → ipco (ispe gives the size; colr may carry an ICC profile).
  let width = 0;
  let height = 0;
  let icc: Buffer | null = null;
  const properties: Box[] = [];
  const iprp = children.find((b) => b.type === 'iprp');
  if (iprp) {
    for (const part of boxes(bytes, iprp.body, iprp.end, problems, 'iprp')) {
      if (part.type !== 'ipco') continue;
      for (const property of boxes(bytes, part.body, part.end, problems, 'ipco')) {
        properties.push(property);
        let label = `property ${property.type}`;
        if (property.type === 'colr') {
          const kind = ascii(bytes, property.body, property.body + 4);
          label += ` ${kind}`;
          if (kind === 'prof' || kind === 'rICC') icc = Buffer.from(bytes.subarray(property.body + 4, property.end));
        }
        structures.push(label);
      }
    }
    // ipma: which properties the primary item has; its ispe is the image size.
    const ipma = boxes(bytes, iprp.body, iprp.end, [], 'iprp').find((b) => b.type === 'ipma');
    if (ipma) {
      const version = bytes[ipma.body] ?? 0;
      const flags = bytes.readUIntBE(ipma.body + 1, 3);
      let at = ipma.body + 4;
      const count = bytes.readUInt32BE(at);
      at += 4;
      for (let i = 0; i < count; i += 1) {
        const id = version < 1 ? bytes.readUInt16BE(at) : bytes.readUInt32BE(at);
        at += version < 1 ? 2 : 4;
        const associations = bytes[at] ?? 0;
        at += 1;
        for (let j = 0; j < associations; j += 1) {
          const index = flags & 1 ? bytes.readUInt16BE(at) & 0x7fff : (bytes[at] ?? 0) & 0x7f;
          at += flags & 1 ? 2 : 1;
          const property = properties[index - 1];
          if (id === primary && property?.type === 'ispe') {
            width = bytes.readUInt32BE(property.body + 4);
            height = bytes.readUInt32BE(property.body + 8);
          }
        }
      }
    }
  }
  if (width === 0) problems.push('no ispe property on the primary item');
  // The Exif item's payload, through iloc (construction method 0: file offsets; 1: idat).
  let exif: Buffer | null = null;
  const exifId = [...items].find(([, type]) => type === 'Exif')?.[0];
  const iloc = children.find((b) => b.type === 'iloc');
  if (exifId !== undefined && iloc) {
    const extent = ilocExtent(bytes, iloc, exifId);
    const idat = children.find((b) => b.type === 'idat');
    const base = extent?.method === 1 ? (idat?.body ?? 0) : 0;
    if (extent && base + extent.offset + extent.length <= bytes.length) {
      const payload = bytes.subarray(base + extent.offset, base + extent.offset + extent.length);
      const skip = payload.length >= 4 ? payload.readUInt32BE(0) : 0; // exif_tiff_header_offset
      exif = Buffer.from(payload.subarray(4 + skip));
    }
  }
  return { format: 'AVIF', width, height, structures, exif, icc, problems };
}

function ilocExtent(bytes: Buffer, iloc: Box, itemId: number): { method: number; offset: number; length: number } | null {
  const version = bytes[iloc.body] ?? 0;
  let at = iloc.body + 4;
  const sizes = bytes.readUInt16BE(at);
  at += 2;
  const offsetSize = sizes >> 12;
  const lengthSize = (sizes >> 8) & 15;
  const baseSize = (sizes >> 4) & 15;
  const indexSize = version === 1 || version === 2 ? sizes & 15 : 0;
  const read = (n: number): number => {
    const value = n === 0 ? 0 : n === 8 ? Number(bytes.readBigUInt64BE(at)) : bytes.readUIntBE(at, n);
    at += n;
    return value;
  };
  const count = version < 2 ? read(2) : read(4);
  for (let i = 0; i < count; i += 1) {
    const id = version < 2 ? read(2) : read(4);
    const method = version === 1 || version === 2 ? read(2) & 15 : 0;
    read(2); // data_reference_index
    const base = read(baseSize);
    const extents = read(2);
    let first: { offset: number; length: number } | null = null;
    for (let j = 0; j < extents; j += 1) {
      read(indexSize);
      const offset = read(offsetSize);
      const length = read(lengthSize);
      first ??= { offset: base + offset, length };
    }
    if (id === itemId && first) return { method, ...first };
  }
  return null;
}

// ---------------------------------------------------------------- JPEG XL

/** Reads the codestream's SizeHeader (bit-packed, least significant bit first). */
function jxlSize(bytes: Buffer, start: number): { width: number; height: number } {
  let bit = (start + 2) * 8;
  const read = (n: number): number => {
    let value = 0;
    for (let i = 0; i < n; i += 1) {
      const byte = bytes[bit >> 3] ?? 0;
      value |= ((byte >> (bit & 7)) & 1) << i;
      bit += 1;
    }
    return value >>> 0;
  };
  const u32 = (): number => [9, 13, 18, 30][read(2)] ?? 9;
  const small = read(1) === 1;
  const dimension = (): number => (small ? (read(5) + 1) * 8 : read(u32()) + 1);
  const height = dimension();
  const ratio = read(3);
  const ratios: Record<number, [number, number]> = { 1: [1, 1], 2: [12, 10], 3: [4, 3], 4: [3, 2], 5: [16, 9], 6: [5, 4], 7: [2, 1] };
  const r = ratios[ratio];
  const width = r ? Math.floor((height * r[0]) / r[1]) : dimension();
  return { width, height };
}

function parseJxl(bytes: Buffer): ImageStructure {
  const problems: string[] = [];
  if (bytes[0] === 0xff && bytes[1] === 0x0a) {
    // A bare codestream has no container, so no metadata can be in it; where it ends is known only to a decoder.
    return { format: 'JPEG XL', ...jxlSize(bytes, 0), structures: ['codestream'], exif: null, icc: null, problems };
  }
  const structures: string[] = [];
  let size = { width: 0, height: 0 };
  let exif: Buffer | null = null;
  for (const box of boxes(bytes, 0, bytes.length, problems, 'file')) {
    structures.push(`box ${box.type}`);
    if (box.type === 'jxlc' && size.width === 0) size = jxlSize(bytes, box.body);
    if (box.type === 'jxlp' && size.width === 0) size = jxlSize(bytes, box.body + 4);
    if (box.type === 'Exif') exif = Buffer.from(bytes.subarray(box.body + 4 + bytes.readUInt32BE(box.body), box.end));
  }
  return { format: 'JPEG XL', ...size, structures, exif, icc: null, problems };
}

// ---------------------------------------------------------------- QOI

function parseQoi(bytes: Buffer): ImageStructure {
  const problems: string[] = [];
  const width = bytes.readUInt32BE(4);
  const height = bytes.readUInt32BE(8);
  // Walk the ops: the stream must hold exactly width × height pixels, then the 8-byte end marker, then nothing.
  let at = 14;
  let pixels = 0;
  const total = width * height;
  while (pixels < total && at < bytes.length) {
    const op = bytes[at] ?? 0;
    if (op === 0xfe) at += 4;
    else if (op === 0xff) at += 5;
    else {
      at += (op & 0xc0) === 0x80 ? 2 : 1;
      if ((op & 0xc0) === 0xc0) {
        pixels += (op & 0x3f) + 1;
        continue;
      }
    }
    pixels += 1;
  }
  const end = Buffer.from([0, 0, 0, 0, 0, 0, 0, 1]);
  if (pixels < total) problems.push(`the stream ends after ${pixels} of ${total} pixels`);
  else if (!bytes.subarray(at, at + 8).equals(end)) problems.push(`no end marker after the last pixel (byte ${at})`);
  else if (at + 8 < bytes.length) problems.push(`${bytes.length - at - 8} byte(s) after the end marker`);
  return { format: 'QOI', width, height, structures: ['header', 'pixels', 'end marker'], exif: null, icc: null, problems };
}

// ---------------------------------------------------------------- SVG (the Metadata tool's text strip)

/**
 * Lists an SVG's markup: the XML declaration, every element, comment, processing instruction and doctype, and
 * every namespaced attribute (editor attributes such as inkscape:label are namespaced). Not a full XML parser:
 * enough to hold the Metadata tool's output to "no <metadata>, no comments, no editor attributes".
 */
function parseSvg(bytes: Buffer): ImageStructure {
  const text = bytes.toString('utf8').replace(/^\uFEFF/, '');
  const structures: string[] = [];
  const problems: string[] = [];
  let width = 0;
  let height = 0;
  const markup = /<!--[\s\S]*?-->|<!\[CDATA\[[\s\S]*?\]\]>|<\?([\w:-]+)[\s\S]*?\?>|<!DOCTYPE[^>]*>|<\/?([\w:.-]+)((?:\s+[\w:.-]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*\/?>/g;
  let last = 0;
  let root = true;
  let closedAt = -1;
  for (const match of text.matchAll(markup)) {
    const [whole, pi, element, attributes] = match;
    const at = match.index ?? 0;
    if (closedAt >= 0) problems.push('content after </svg>');
    last = at + whole.length;
    if (whole.startsWith('<!--')) structures.push('comment');
    else if (whole.startsWith('<![CDATA[')) structures.push('CDATA');
    else if (pi) structures.push(pi === 'xml' ? 'XML declaration' : `processing instruction ${pi}`);
    else if (whole.startsWith('<!DOCTYPE')) structures.push('doctype');
    else if (element) {
      if (whole.startsWith('</')) {
        if (element === 'svg') closedAt = last;
        continue;
      }
      structures.push(`element ${element}`);
      for (const attribute of (attributes ?? '').matchAll(/([\w:.-]+)\s*=\s*("[^"]*"|'[^']*')/g)) {
        const name = attribute[1] ?? '';
        if (name.includes(':') && !/^(xmlns|xlink|xml):/.test(name)) structures.push(`attribute ${name}`);
        if (/^xmlns:/.test(name)) structures.push(`namespace ${name.slice(6)} ${(attribute[2] ?? '').slice(1, -1)}`);
        if (root && element === 'svg' && (name === 'width' || name === 'height')) {
          const value = Number.parseFloat((attribute[2] ?? '').slice(1, -1));
          if (name === 'width') width = value;
          else height = value;
        }
      }
      if (element === 'svg') root = false;
    }
  }
  if (closedAt < 0) problems.push('no closing </svg>');
  else if (/\S/.test(text.slice(Math.max(last, closedAt)))) problems.push('content after </svg>');
  return { format: 'SVG', width, height, structures, exif: null, icc: null, problems: [...new Set(problems)] };
}
