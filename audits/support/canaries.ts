/**
 * Canary images, one per input format the tools accept, made at run time
 * wherever the audit can: random (incompressible, unmistakable) pixels, a
 * unique token in the file name, and a unique text in the metadata the format
 * can hold. Nothing here ever matches by chance, so any appearance of these
 * bytes outside the browser is a leak.
 *
 * - JPEG, PNG, lossless WebP, AVIF, GIF and uncompressed TIFF with sharp (EXIF and XMP where the format has them);
 * - BMP, QOI, ICO (a PNG inside) and SVG (random cells, the text in <metadata>, <desc> and a comment) by hand;
 * - HEIC and JPEG XL cannot be written by anything the audit depends on, so they come from two tiny fixtures in
 *   audits/fixtures/canary-seeds (see its README): their pixels and metadata are the same in every run, and only
 *   the unique file name makes them canaries.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import type { CanarySource } from '../lib/canary-forms.ts';
import { parseImage } from '../lib/image-structure.ts';

export interface CanaryFile extends CanarySource {
  readonly path: string;
  readonly mimeType: string;
  /** The format as the tools' "accepts" lists name it (JPEG, PNG, WebP, AVIF, GIF, BMP, ICO, HEIC, TIFF, JPEG XL, QOI, SVG). */
  readonly format: string;
  /** Size of the upright image: what an output must measure when nothing resizes it. */
  readonly width: number;
  readonly height: number;
  /** The EXIF block (TIFF structure), null when there is none, undefined when the audit cannot read it. */
  readonly exif: Buffer | null | undefined;
  /** Whether the input may carry an ICC profile into outputs (it has one, or the audit cannot tell). */
  readonly icc: boolean;
  readonly orientation: number;
  /** Made from a fixed seed file rather than at run time. */
  readonly seeded: boolean;
}

export interface CanarySet {
  readonly token: string;
  readonly files: CanaryFile[];
}

const SIZE = 48;
const SEEDS = join(import.meta.dirname, '..', 'fixtures', 'canary-seeds');

const xmp = (metadataText: string) => `<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?><x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:description>${metadataText}</dc:description></rdf:Description></rdf:RDF></x:xmpmeta><?xpacket end="w"?>`;
const exif = (metadataText: string) => ({ IFD0: { ImageDescription: metadataText, Artist: metadataText, Copyright: metadataText } });
const raw = { raw: { width: SIZE, height: SIZE, channels: 3 as const } };

/** A 24-bit bottom-up BMP of RGB pixels. */
export function encodeBmp(rgb: Uint8Array, width: number, height: number): Buffer {
  const stride = Math.ceil((width * 3) / 4) * 4;
  const out = Buffer.alloc(54 + stride * height);
  out.write('BM', 0, 'latin1');
  out.writeUInt32LE(out.length, 2);
  out.writeUInt32LE(54, 10);
  out.writeUInt32LE(40, 14);
  out.writeInt32LE(width, 18);
  out.writeInt32LE(height, 22);
  out.writeUInt16LE(1, 26);
  out.writeUInt16LE(24, 28);
  out.writeUInt32LE(stride * height, 34);
  for (let y = 0; y < height; y += 1) {
    for (let x = 0; x < width; x += 1) {
      const from = (y * width + x) * 3;
      const to = 54 + (height - 1 - y) * stride + x * 3;
      out[to] = rgb[from + 2] ?? 0;
      out[to + 1] = rgb[from + 1] ?? 0;
      out[to + 2] = rgb[from] ?? 0;
    }
  }
  return out;
}

/** A QOI file that writes every pixel as a QOI_OP_RGB (valid, and every pixel's bytes appear verbatim). */
export function encodeQoi(rgb: Uint8Array, width: number, height: number): Buffer {
  const header = Buffer.alloc(14);
  header.write('qoif', 0, 'latin1');
  header.writeUInt32BE(width, 4);
  header.writeUInt32BE(height, 8);
  header[12] = 3;
  header[13] = 0;
  const body = Buffer.alloc(width * height * 4);
  for (let i = 0; i < width * height; i += 1) {
    body[i * 4] = 0xfe;
    body[i * 4 + 1] = rgb[i * 3] ?? 0;
    body[i * 4 + 2] = rgb[i * 3 + 1] ?? 0;
    body[i * 4 + 3] = rgb[i * 3 + 2] ?? 0;
  }
  return Buffer.concat([header, body, Buffer.from([0, 0, 0, 0, 0, 0, 0, 1])]);
}

/** An ICO holding one PNG image. */
export function encodeIco(png: Buffer, width: number, height: number): Buffer {
  const header = Buffer.alloc(22);
  header.writeUInt16LE(1, 2);
  header.writeUInt16LE(1, 4);
  header[6] = width >= 256 ? 0 : width;
  header[7] = height >= 256 ? 0 : height;
  header.writeUInt16LE(1, 10);
  header.writeUInt16LE(32, 12);
  header.writeUInt32LE(png.length, 14);
  header.writeUInt32LE(22, 18);
  return Buffer.concat([header, png]);
}

/** An SVG of 8 × 8 random cells, the text in <metadata>, a comment and an editor attribute (all of which a strip removes). */
export function encodeSvg(cells: Uint8Array, metadataText: string, width: number, height: number): Buffer {
  const rects: string[] = [];
  for (let i = 0; i < 64; i += 1) {
    const colour = Buffer.from(cells.subarray(i * 3, i * 3 + 3)).toString('hex').padEnd(6, '0');
    rects.push(`<rect x="${(i % 8) * (width / 8)}" y="${Math.floor(i / 8) * (height / 8)}" width="${width / 8}" height="${height / 8}" fill="#${colour}"/>`);
  }
  return Buffer.from(`<?xml version="1.0" encoding="UTF-8"?>\n<!-- ${metadataText} -->\n<svg xmlns="http://www.w3.org/2000/svg" xmlns:inkscape="http://www.inkscape.org/namespaces/inkscape" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}"><metadata>${metadataText}</metadata><g inkscape:label="${metadataText}">${rects.join('')}</g></svg>\n`);
}

interface Variant {
  readonly ext: string;
  readonly format: string;
  readonly mimeType: string;
  /** Pixels decode to exactly the random RGB bytes (so runs of them are searched for too). */
  readonly lossless: boolean;
  readonly encode: (pixels: Buffer, text: string) => Promise<Buffer>;
}

const VARIANTS: readonly Variant[] = [
  { ext: 'jpg', format: 'JPEG', mimeType: 'image/jpeg', lossless: false, encode: (pixels, text) => sharp(pixels, raw).withExif(exif(text)).withXmp(xmp(text)).jpeg({ quality: 95 }).toBuffer() },
  { ext: 'png', format: 'PNG', mimeType: 'image/png', lossless: true, encode: (pixels, text) => sharp(pixels, raw).withExif(exif(text)).withXmp(xmp(text)).png().toBuffer() },
  { ext: 'webp', format: 'WebP', mimeType: 'image/webp', lossless: true, encode: (pixels, text) => sharp(pixels, raw).withExif(exif(text)).withXmp(xmp(text)).webp({ lossless: true }).toBuffer() },
  { ext: 'avif', format: 'AVIF', mimeType: 'image/avif', lossless: false, encode: (pixels, text) => sharp(pixels, raw).withExif(exif(text)).withXmp(xmp(text)).avif({ effort: 0, quality: 90 }).toBuffer() },
  { ext: 'gif', format: 'GIF', mimeType: 'image/gif', lossless: false, encode: (pixels) => sharp(pixels, raw).gif().toBuffer() },
  { ext: 'tif', format: 'TIFF', mimeType: 'image/tiff', lossless: true, encode: (pixels, text) => sharp(pixels, raw).withExif(exif(text)).withXmp(xmp(text)).tiff({ compression: 'none' }).toBuffer() },
  { ext: 'bmp', format: 'BMP', mimeType: 'image/bmp', lossless: true, encode: async (pixels) => encodeBmp(pixels, SIZE, SIZE) },
  { ext: 'qoi', format: 'QOI', mimeType: 'image/qoi', lossless: true, encode: async (pixels) => encodeQoi(pixels, SIZE, SIZE) },
  { ext: 'ico', format: 'ICO', mimeType: 'image/x-icon', lossless: true, encode: async (pixels) => encodeIco(await sharp(pixels, raw).png().toBuffer(), SIZE, SIZE) },
  { ext: 'svg', format: 'SVG', mimeType: 'image/svg+xml', lossless: false, encode: async (pixels, text) => encodeSvg(pixels, text, SIZE, SIZE) },
];

/** The fixed seeds: format, file, upright size, and what the audit knows of their metadata (audits/fixtures/canary-seeds/README.md). */
const SEEDED = [
  { ext: 'heic', format: 'HEIC', mimeType: 'image/heic', file: 'oriented.heic', width: 24, height: 32, icc: true, orientation: 6 },
  { ext: 'jxl', format: 'JPEG XL', mimeType: 'image/jxl', file: 'oriented.jxl', width: 24, height: 32, icc: true, orientation: 6 },
] as const;

/** The formats canaries are made in (every input format the site documents). */
export const CANARY_FORMATS: readonly string[] = [...VARIANTS.map((v) => v.format), ...SEEDED.map((s) => s.format)];

export async function makeCanaries(dir: string, options: { formats?: readonly string[] } = {}): Promise<CanarySet> {
  mkdirSync(dir, { recursive: true });
  const token = randomBytes(8).toString('hex');
  const wanted = (format: string) => !options.formats || options.formats.includes(format);
  const files: CanaryFile[] = [];
  for (const variant of VARIANTS.filter((v) => wanted(v.format))) {
    const fileName = `imglio-canary-${token}-${variant.ext}.${variant.ext}`;
    // Nothing shared between files, so every hit names the file it came from.
    const metadataText = `IMGLIO-AUDIT-CANARY-${randomBytes(8).toString('hex')}-${variant.ext.toUpperCase()}`;
    const rgbPixels = randomBytes(SIZE * SIZE * 3);
    const bytes = await variant.encode(rgbPixels, metadataText);
    const decoy = await variant.encode(randomBytes(SIZE * SIZE * 3), `IMGLIO-AUDIT-CANARY-${randomBytes(8).toString('hex')}-${variant.ext.toUpperCase()}`);
    const path = join(dir, fileName);
    writeFileSync(path, bytes);
    // TIFF tags are the image's own structure: the site carries only its profile, so no EXIF is expected from it.
    const exifBlock = ['JPEG', 'PNG', 'WebP', 'AVIF'].includes(variant.format) ? parseImage(bytes).exif : null;
    files.push({
      fileName, path, mimeType: variant.mimeType, format: variant.format, bytes, metadataText, decoy,
      width: SIZE, height: SIZE, exif: exifBlock, icc: false, orientation: 1, seeded: false,
      ...(variant.lossless ? { rgbPixels } : {}),
    });
  }
  for (const seed of SEEDED.filter((s) => wanted(s.format))) {
    const fileName = `imglio-canary-${token}-${seed.ext}.${seed.ext}`;
    const bytes = readFileSync(join(SEEDS, seed.file));
    const path = join(dir, fileName);
    writeFileSync(path, bytes);
    files.push({
      fileName, path, mimeType: seed.mimeType, format: seed.format, bytes, metadataText: `IMGLIO-AUDIT-CANARY-${token}-${seed.ext.toUpperCase()}-NAME-ONLY`,
      width: seed.width, height: seed.height, exif: undefined, icc: seed.icc, orientation: seed.orientation, seeded: true,
    });
  }
  return { token, files };
}
