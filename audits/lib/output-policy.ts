/**
 * What an output image may contain (README "Colour and metadata"), as an
 * allow-list per format over the structures parseImage finds. Pure.
 *
 * Always (strip and keep): a valid file of the chosen format with the chosen
 * dimensions, and nothing outside its structures (no bytes after JPEG's EOI,
 * PNG's IEND, the RIFF, the last box or QOI's end marker).
 *
 * With "strip" (the default) only what the format needs:
 * - JPEG: SOI, DQT, SOF0/1/2, DHT, DRI, SOS + entropy-coded data, EOI; APP0 JFIF; APP14 Adobe (colour transform).
 * - PNG: IHDR, PLTE, tRNS, IDAT, IEND.
 * - WebP: VP8, VP8L, VP8X, ALPH.
 * - AVIF: ftyp, meta (hdlr, pitm, iloc, iinf, iprp, iref, idat), mdat; items av01 (the image and its alpha);
 *   properties ispe, pixi, av1C, colr nclx, auxC, pasp, clli, mdcv.
 * - JPEG XL: a bare codestream, or the boxes JXL, ftyp, jxll, jxlc/jxlp.
 * - QOI: header, pixels, end marker.
 * - SVG (the Metadata tool's text strip): the XML declaration and drawing elements; no comments, <metadata>,
 *   or editor attributes; a namespace declaration only of xlink or of the editors' fixed namespace URIs
 *   (Inkscape, Sodipodi), which the strip leaves behind and which carry nothing of the file.
 * An ICC profile (APP2 ICC, iCCP, ICCP, colr prof) only where the input carried one: the site keeps the
 * profile from the WebAssembly decoders' inputs and in the Metadata tool. An EXIF block only in the Metadata
 * tool's output, only for an input whose orientation is not 1, and only holding that one tag. The Metadata
 * tool's lossless PNG strip also keeps the chunks that describe the pixels (pHYs, sRGB, gAMA, cHRM, sBIT).
 *
 * With "keep": also the input's EXIF block, equal to the input's tag for tag except Orientation, which is 1
 * or absent (APP1 Exif, eXIf, EXIF chunk + VP8X, the Exif item), and the input's ICC profile. Never XMP,
 * IPTC, comments, text chunks or thumbnails of their own; JPEG XL and QOI outputs never carry metadata.
 */
import type { ImageFormat, ImageStructure } from './image-structure.ts';

const STRIPPED: Record<ImageFormat, RegExp> = {
  'JPEG': /^(SOI|DQT|SOF[012]|DHT|DRI|SOS|EOI|APP0 JFIF|APP14 Adobe)$/,
  'PNG': /^(IHDR|PLTE|tRNS|IDAT|IEND)$/,
  'WebP': /^(VP8 |VP8L|VP8X|ALPH)$/,
  'AVIF': /^(box (ftyp|meta|mdat)|meta\/(hdlr|pitm|iloc|iinf|iprp|iref|idat)|item av01( \(primary\))?|property (ispe|pixi|av1C|colr nclx|auxC|pasp|clli|mdcv))$/,
  'JPEG XL': /^(codestream|box (JXL |ftyp|jxll|jxlc|jxlp))$/,
  'QOI': /^(header|pixels|end marker)$/,
  // The drawing itself: no comments, <metadata>, editor namespaces or attributes, scripts or foreign content.
  'SVG': /^(XML declaration|element (svg|g|defs|symbol|use|rect|circle|ellipse|line|polyline|polygon|path|text|tspan|textPath|title|desc|style|linearGradient|radialGradient|stop|pattern|clipPath|mask|marker|filter|fe[A-Z]\w*|image|switch|view)|namespace [\w.-]+ (http:\/\/www\.w3\.org\/1999\/xlink|http:\/\/www\.inkscape\.org\/namespaces\/inkscape|http:\/\/sodipodi\.sourceforge\.net\/DTD\/sodipodi-0\.dtd))$/,
};
const ICC: Record<ImageFormat, RegExp | null> = { 'JPEG': /^APP2 ICC$/, 'PNG': /^iCCP$/, 'WebP': /^ICCP$/, 'AVIF': /^property colr (prof|rICC)$/, 'JPEG XL': null, 'QOI': null, 'SVG': null };
const EXIF: Record<ImageFormat, RegExp | null> = { 'JPEG': /^APP1 Exif$/, 'PNG': /^eXIf$/, 'WebP': /^EXIF$/, 'AVIF': /^item Exif$/, 'JPEG XL': null, 'QOI': null, 'SVG': null };
/** What the Metadata tool's lossless strip copies from the input because it is image structure, not metadata. */
const LOSSLESS_STRIP: Partial<Record<ImageFormat, RegExp>> = { PNG: /^(pHYs|sRGB|gAMA|cHRM|sBIT)$/ };

export interface OutputExpectation {
  /** The chosen output format; null for "same as input", where any output format is accepted. */
  readonly format: ImageFormat | null;
  readonly width: number;
  readonly height: number;
  readonly metadata: 'strip' | 'keep';
  /** The input's EXIF (TIFF structure) and ICC profile; undefined when the audit does not know them. */
  readonly inputExif: Buffer | null | undefined;
  readonly inputIcc: boolean;
  /** The input's EXIF orientation (1 when none). */
  readonly inputOrientation: number;
  /** The Metadata tool: its lossless strip keeps a one-tag orientation EXIF (for an input whose orientation is not 1) and the PNG chunks that describe pixels (pHYs, sRGB, gAMA, cHRM, sBIT). */
  readonly metadataTool: boolean;
}

/** Tag → value (hex) of every IFD of a TIFF-structured EXIF block, sub-IFDs followed by content, not offset. */
export function exifTags(exif: Buffer): Map<string, string> {
  const tags = new Map<string, string>();
  const little = exif.subarray(0, 2).toString('latin1') === 'II';
  const u16 = (at: number) => (little ? exif.readUInt16LE(at) : exif.readUInt16BE(at));
  const u32 = (at: number) => (little ? exif.readUInt32LE(at) : exif.readUInt32BE(at));
  const SIZES: Record<number, number> = { 1: 1, 2: 1, 3: 2, 4: 4, 5: 8, 6: 1, 7: 1, 8: 2, 9: 4, 10: 8, 11: 4, 12: 8 };
  const POINTERS: Record<number, string> = { 0x8769: 'Exif', 0x8825: 'GPS', 0xa005: 'Interop' };
  const seen = new Set<number>();
  const walk = (offset: number, ifd: string): void => {
    if (offset <= 0 || offset + 2 > exif.length || seen.has(offset)) return;
    seen.add(offset);
    const count = u16(offset);
    for (let i = 0; i < count; i += 1) {
      const at = offset + 2 + i * 12;
      if (at + 12 > exif.length) return;
      const tag = u16(at);
      const type = u16(at + 2);
      const n = u32(at + 4);
      const size = (SIZES[type] ?? 1) * n;
      const valueAt = size <= 4 ? at + 8 : u32(at + 8);
      const pointer = POINTERS[tag];
      if (pointer) walk(u32(at + 8), pointer);
      else tags.set(`${ifd}.0x${tag.toString(16).padStart(4, '0')}`, exif.subarray(valueAt, valueAt + size).toString('hex'));
    }
    const next = offset + 2 + count * 12;
    if (ifd === 'IFD0' && next + 4 <= exif.length) walk(u32(next), 'IFD1');
  };
  walk(u32(4), 'IFD0');
  return tags;
}

/** The EXIF orientation tag's value, 1 when there is none. */
export function exifOrientation(exif: Buffer | null): number {
  if (!exif) return 1;
  const value = exifTags(exif).get('IFD0.0x0112');
  if (!value) return 1;
  const bytes = Buffer.from(value, 'hex');
  return exif.subarray(0, 2).toString('latin1') === 'II' ? bytes.readUInt16LE(0) : bytes.readUInt16BE(0);
}

export function outputProblems(image: ImageStructure, expected: OutputExpectation): string[] {
  const problems = [...image.problems];
  if (!image.format) return problems;
  if (expected.format && image.format !== expected.format) problems.push(`is ${image.format}, the chosen format is ${expected.format}`);
  if (image.width !== expected.width || image.height !== expected.height) problems.push(`is ${image.width}×${image.height}, expected ${expected.width}×${expected.height}`);
  const iccRule = ICC[image.format];
  const exifRule = EXIF[image.format];
  const hasExif = image.structures.some((s) => exifRule?.test(s));
  for (const structure of image.structures) {
    if (STRIPPED[image.format].test(structure)) continue;
    if (iccRule?.test(structure) && expected.inputIcc) continue;
    if (exifRule?.test(structure) && (expected.metadata === 'keep' || (expected.metadataTool && expected.inputOrientation !== 1))) continue;
    if (expected.metadataTool && LOSSLESS_STRIP[image.format]?.test(structure)) continue;
    if (image.format === 'WebP' && structure === 'EXIF' && expected.metadata === 'keep') continue;
    problems.push(`holds ${structure}, which ${expected.metadata === 'keep' ? 'is neither image data nor the metadata kept' : 'a stripped output may not contain'}`);
  }
  if (hasExif && image.exif) {
    const tags = exifTags(image.exif);
    const orientation = exifOrientation(image.exif);
    if (orientation !== 1 && !(expected.metadata === 'strip' && expected.metadataTool)) problems.push(`EXIF orientation is ${orientation}, not 1 (the pixels are already upright)`);
    if (expected.metadata === 'strip') {
      const others = [...tags.keys()].filter((t) => t !== 'IFD0.0x0112');
      if (expected.inputOrientation === 1) problems.push(`an EXIF block (${[...tags.keys()].join(', ') || 'no tags'}) for an input without an orientation`);
      else if (others.length) problems.push(`the orientation-only EXIF block also holds ${others.join(', ')}`);
    } else if (expected.inputExif !== undefined) {
      if (!expected.inputExif) problems.push(`an EXIF block (${[...tags.keys()].join(', ')}) that the input did not have`);
      else {
        const input = exifTags(expected.inputExif);
        for (const [tag, value] of tags) {
          if (tag === 'IFD0.0x0112') continue;
          if (!input.has(tag)) problems.push(`EXIF tag ${tag} that the input did not have (${value.slice(0, 40)})`);
          else if (input.get(tag) !== value) problems.push(`EXIF tag ${tag} differs from the input's`);
        }
        for (const tag of input.keys()) if (tag !== 'IFD0.0x0112' && !tags.has(tag)) problems.push(`EXIF tag ${tag} of the input was not kept`);
      }
    }
  } else if (expected.metadata === 'keep' && expected.inputExif && exifRule) {
    problems.push('the input\'s EXIF block was not kept');
  }
  return problems;
}
