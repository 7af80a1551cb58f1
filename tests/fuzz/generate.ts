/**
 * The fuzz corpus: deterministic from a seed (mulberry32), made in memory at
 * run time. Valid seeds of every accepted format (sharp, the test picture
 * makers, the shipped HEIC/JPEG XL fixtures, a hand-written TIFF), then
 * mutations of each (truncations, byte flips in the header and in the
 * compressed data), header lies, decompression bombs, container loops,
 * hostile SVG, non-images, polyglots, and the files issue 10 describes.
 *
 *   generateCorpus({ seed }) → FuzzInput[]   (≥ 800 inputs)
 *   sampleCorpus(corpus, n)  → the reduced deterministic sample npm test runs
 *
 * Each input says what must happen: 'valid' must convert (and, where
 * `size` is given, at that size); 'hostile' may convert or must fail with a
 * specific message, within its time budget, without taking others down.
 */
import { Worker } from 'node:worker_threads';
import { createRequire } from 'node:module';
import sharp from 'sharp';
import { bmp, icoWithPng, orientedPhoto, qoi, shippedFixture, uprightRgb, UPRIGHT } from '../support/image-fixtures.ts';
import {
  ascii,
  buildTiff,
  concat,
  crc32,
  DATA_OFFSET,
  findBoxType,
  IFD_OFFSET,
  isoBox,
  isoTopBoxes,
  PNG_SIGNATURE,
  pngChunk,
  pngChunks,
  pngWithChunks,
  prng,
  rgbTiffEntries,
  tiffFirstStrip,
  tiffIfd0,
  tiffWrite32,
  withEntry,
  zlibZeros,
  type Rng,
} from './bytes.ts';
import { HOSTILE_SVGS, ISSUE_VALID_SVGS, useBomb, VALID_SVGS } from './svg-inputs.ts';

export type Expectation = 'valid' | 'hostile';
export type OutputFormat = 'png' | 'jpeg' | 'webp' | 'avif' | 'jxl' | 'qoi' | 'same';

export interface FuzzInput {
  /** Unique and stable for a seed, e.g. "png/truncate/3". */
  readonly id: string;
  /** The format the input was made from ('none' for non-images). */
  readonly format: string;
  /** seed, truncate, flip-header, flip-data, header-lie, bomb, loop, svg, non-image, polyglot, structure, issue */
  readonly kind: string;
  readonly expect: Expectation;
  readonly bytes: Buffer;
  readonly output: OutputFormat;
  /** How it was made, in a few words (enough to regenerate it by hand). */
  readonly note: string;
  /** Set on the files issue 10 describes. */
  readonly issue?: string;
  /** For valid inputs whose output size is known: it must come out this size. */
  readonly size?: { readonly width: number; readonly height: number };
}

export const DEFAULT_SEED = 10;

interface Seed {
  readonly name: string;
  readonly format: string;
  readonly bytes: Buffer;
  /** Where the compressed data starts (flips after this are "in the data"). */
  readonly dataStart: number;
  readonly size?: { width: number; height: number };
}

const gradientRgb = (width: number, height: number, channels: 3 | 4 = 3): Buffer => {
  const raw = Buffer.alloc(width * height * channels);
  for (let y = 0; y < height; y += 1) {
    for (let x = 0; x < width; x += 1) {
      const i = (y * width + x) * channels;
      raw[i] = (x * 255) / Math.max(1, width - 1);
      raw[i + 1] = (y * 255) / Math.max(1, height - 1);
      raw[i + 2] = (x * y) & 0xff;
      if (channels === 4) raw[i + 3] = x < width / 2 ? 96 : 255;
    }
  }
  return raw;
};

const image = (width: number, height: number, channels: 3 | 4 = 3) => sharp(gradientRgb(width, height, channels), { raw: { width, height, channels } });

/** Offset of the first byte after a JPEG's first SOS header. */
function jpegScanStart(b: Buffer): number {
  const sos = b.indexOf(Buffer.from([0xff, 0xda]));
  return sos < 0 ? 2 : sos + 2 + b.readUInt16BE(sos + 2);
}

function pngIdatStart(b: Buffer): number {
  return (pngChunks(b).find((c) => c.type === 'IDAT')?.data ?? 33);
}

async function makeSeeds(): Promise<Seed[]> {
  const upright = () => sharp(uprightRgb(), { raw: { width: UPRIGHT.width, height: UPRIGHT.height, channels: 3 } });
  const seeds: Seed[] = [];
  const add = (name: string, format: string, bytes: Buffer, dataStart: number, size?: { width: number; height: number }) =>
    seeds.push(size ? { name, format, bytes, dataStart, size } : { name, format, bytes, dataStart });
  const jpeg = async (name: string, pipeline: sharp.Sharp, size?: { width: number; height: number }) => {
    const bytes = await pipeline.toBuffer();
    add(name, 'jpeg', bytes, jpegScanStart(bytes), size);
  };
  await jpeg('baseline', image(64, 48).jpeg({ quality: 80 }), { width: 64, height: 48 });
  await jpeg('progressive', image(64, 48).jpeg({ quality: 70, progressive: true }), { width: 64, height: 48 });
  await jpeg('grey', image(40, 40).greyscale().jpeg(), { width: 40, height: 40 });
  await jpeg('cmyk', image(32, 32).toColourspace('cmyk').jpeg(), { width: 32, height: 32 });
  await jpeg('subsampling-444', image(33, 17).jpeg({ chromaSubsampling: '4:4:4', optimiseCoding: false }), { width: 33, height: 17 });
  add('oriented', 'jpeg', await orientedPhoto('jpeg'), 200, { width: 24, height: 32 });

  const png = async (name: string, pipeline: sharp.Sharp, size?: { width: number; height: number }) => {
    const bytes = await pipeline.toBuffer();
    add(name, 'png', bytes, pngIdatStart(bytes), size);
  };
  await png('rgba', image(64, 48, 4).png(), { width: 64, height: 48 });
  await png('palette', image(48, 32).png({ palette: true, colours: 16 }), { width: 48, height: 32 });
  await png('16-bit', image(20, 20).toColourspace('rgb16').png(), { width: 20, height: 20 });
  await png('grey', image(30, 10).greyscale().png(), { width: 30, height: 10 });
  await png('interlaced', image(37, 29).png({ progressive: true }), { width: 37, height: 29 });
  const oriented = await orientedPhoto('png');
  add('oriented', 'png', oriented, pngIdatStart(oriented), { width: 24, height: 32 });

  const webp = async (name: string, pipeline: sharp.Sharp, size?: { width: number; height: number }) => add(name, 'webp', await pipeline.toBuffer(), 30, size);
  await webp('lossy', image(64, 48).webp({ quality: 75 }), { width: 64, height: 48 });
  await webp('lossless', image(40, 30).webp({ lossless: true }), { width: 40, height: 30 });
  await webp('alpha', image(32, 32, 4).webp({ quality: 60 }), { width: 32, height: 32 });
  add('oriented', 'webp', await orientedPhoto('webp'), 30, { width: 24, height: 32 });

  const frames = await Promise.all([0, 1, 2].map((i) => sharp({ create: { width: 16, height: 12, channels: 3, background: { r: i * 90, g: 40, b: 200 - i * 60 } } }).png().toBuffer()));
  add('static', 'gif', await image(40, 30).gif().toBuffer(), 800, { width: 40, height: 30 });
  add('animated', 'gif', await sharp(frames, { join: { animated: true } }).gif().toBuffer(), 800, { width: 16, height: 12 });

  add('upright-24', 'bmp', bmp(uprightRgb(), UPRIGHT.width, UPRIGHT.height), 54, { ...UPRIGHT });
  add('gradient-24', 'bmp', bmp(gradientRgb(37, 21), 37, 21), 54, { width: 37, height: 21 });
  const icoPng = await upright().png().toBuffer();
  add('png-entry', 'ico', icoWithPng(icoPng, UPRIGHT.width, UPRIGHT.height), 22 + 33, { ...UPRIGHT });

  const avif = await image(48, 32).avif({ quality: 50 }).toBuffer();
  add('plain', 'avif', avif, Math.max(0, findBoxType(avif, 'mdat') + 8), { width: 48, height: 32 });
  const avifAlpha = await image(32, 32, 4).avif({ quality: 50 }).toBuffer();
  add('alpha', 'avif', avifAlpha, Math.max(0, findBoxType(avifAlpha, 'mdat') + 8), { width: 32, height: 32 });
  const heic = shippedFixture('oriented.heic');
  add('oriented', 'heic', heic, Math.max(0, findBoxType(heic, 'mdat') + 8), { width: 24, height: 32 });
  add('oriented', 'jxl', shippedFixture('oriented.jxl'), 40, { width: 24, height: 32 });
  add('upright', 'jxl', shippedFixture('upright.jxl'), 12, { ...UPRIGHT });

  const tiff = async (name: string, pipeline: sharp.Sharp, size?: { width: number; height: number }) => {
    const bytes = await pipeline.toBuffer();
    add(name, 'tiff', bytes, tiffFirstStrip(bytes).offset, size);
  };
  await tiff('none', image(32, 24).tiff({ compression: 'none' }), { width: 32, height: 24 });
  await tiff('lzw', image(32, 24).tiff({ compression: 'lzw' }), { width: 32, height: 24 });
  await tiff('deflate', image(32, 24).tiff({ compression: 'deflate', predictor: 'horizontal' }), { width: 32, height: 24 });
  await tiff('packbits', image(32, 24).tiff({ compression: 'packbits' }), { width: 32, height: 24 });
  await tiff('jpeg', image(32, 24).tiff({ compression: 'jpeg', quality: 80 }), { width: 32, height: 24 });
  await tiff('rgba', image(24, 24, 4).tiff({ compression: 'lzw' }), { width: 24, height: 24 });
  const orientedTiff = await orientedPhoto('tiff');
  add('oriented', 'tiff', orientedTiff, tiffFirstStrip(orientedTiff).offset, { width: 24, height: 32 });
  const bigEndian = buildTiff(gradientRgb(20, 10), [{ entries: rgbTiffEntries(20, 10), next: 'end' }], { le: false }).file;
  add('big-endian', 'tiff', bigEndian, 8, { width: 20, height: 10 });

  add('rgb', 'qoi', qoi(uprightRgb(), UPRIGHT.width, UPRIGHT.height), 14, { ...UPRIGHT });
  add('gradient', 'qoi', qoi(gradientRgb(30, 20), 30, 20), 14, { width: 30, height: 20 });
  return seeds;
}

/** The five hostile files of issue 10 and the valid ones it says were refused. */
async function issueFiles(rng: Rng): Promise<FuzzInput[]> {
  const inputs: FuzzInput[] = [];
  // 1. A 3 KB TIFF whose next-IFD pointer points back at its own directory.
  const loop = buildTiff(gradientRgb(32, 32), [{ entries: rgbTiffEntries(32, 32), next: IFD_OFFSET(0) }]).file;
  inputs.push({ id: 'issue/tiff-ifd-self-loop', format: 'tiff', kind: 'issue', expect: 'hostile', bytes: loop, output: 'png', issue: 'TIFF next-IFD self-loop (3 KB)', note: '32×32 RGB uncompressed TIFF; IFD0 next pointer = IFD0 offset' });
  // 2. A 2 KB SVG of nested <use>: 8 levels of 10 → 10^8 shapes.
  inputs.push({ id: 'issue/svg-use-bomb-1e8', format: 'svg', kind: 'issue', expect: 'hostile', bytes: Buffer.from(useBomb(8)), output: 'png', issue: 'SVG nested <use>, 10^8 shapes (2 KB)', note: 'useBomb(8): 8 groups of ten <use> of the previous group' });
  // 3. A TIFF with two flipped bytes in its LZW data that spins utif2 (found by a seeded search).
  const spin = await spinningTiff(rng);
  inputs.push({ id: 'issue/tiff-lzw-two-flips', format: 'tiff', kind: 'issue', expect: 'hostile', bytes: spin.bytes, output: 'png', issue: 'TIFF, two flipped bytes in LZW data (decoder spins)', note: spin.note });
  // 4. A 1 MB PNG whose iCCP chunk inflates to 1 GiB.
  const small = await image(16, 16).png().toBuffer();
  const iccp = pngChunk('iCCP', concat(ascii('bomb\0\0'), zlibZeros(1 << 30)));
  inputs.push({ id: 'issue/png-iccp-1gib', format: 'png', kind: 'issue', expect: 'hostile', bytes: pngWithChunks(small, [iccp]), output: 'png', issue: 'PNG, 1 MB iCCP that inflates to 1 GiB', note: '16×16 PNG + iCCP "bomb" of 1 GiB zeros deflated (1 MiB segments, full flush)' });
  // 5. A 20000×1 strip, asked for as WebP (WebP's limit is 16383 per side).
  const strip = await sharp({ create: { width: 20000, height: 1, channels: 3, background: '#3a7' } }).png().toBuffer();
  inputs.push({ id: 'issue/strip-20000x1-to-webp', format: 'png', kind: 'issue', expect: 'hostile', bytes: strip, output: 'webp', issue: '20000×1 strip to WebP (limit 16383)', note: 'sharp-made 20000×1 PNG, output WebP' });
  // The valid files the issue says were refused or sized wrongly.
  const cmyk = await image(40, 30).toColourspace('cmyk').tiff({ compression: 'lzw' }).toBuffer();
  inputs.push({ id: 'issue/tiff-cmyk', format: 'tiff', kind: 'issue', expect: 'valid', bytes: cmyk, output: 'jpeg', issue: 'valid CMYK TIFF (was "window is not defined")', note: 'sharp 40×30 toColourspace(cmyk) LZW TIFF', size: { width: 40, height: 30 } });
  for (const svg of ISSUE_VALID_SVGS) {
    const entry: FuzzInput = { id: `issue/svg-${svg.name}`, format: 'svg', kind: 'issue', expect: 'valid', bytes: Buffer.from(svg.text), output: 'png', issue: `valid SVG: ${svg.name}`, note: `ISSUE_VALID_SVGS "${svg.name}"` };
    inputs.push(svg.size ? { ...entry, size: svg.size } : entry);
  }
  return inputs;
}

const require = createRequire(import.meta.url);

/**
 * Decodes a TIFF with utif2 in a worker thread; 'spins' if the decode does not finish within `ms` (counted from
 * when the worker has loaded utif2, so a slow start on a busy machine is not mistaken for a spin).
 */
function utifOutcome(bytes: Buffer, ms: number): Promise<'ok' | 'error' | 'spins'> {
  const source = `const UTIF = require(${JSON.stringify(require.resolve('utif2'))});
    const { parentPort, workerData } = require('node:worker_threads');
    parentPort.postMessage('loaded');
    try { const b = new Uint8Array(workerData); const pages = UTIF.decode(b); UTIF.decodeImage(b, pages[0]); UTIF.toRGBA8(pages[0]); parentPort.postMessage('ok'); }
    catch { parentPort.postMessage('error'); }`;
  return new Promise((resolve) => {
    const worker = new Worker(source, { eval: true, workerData: bytes });
    let timer: ReturnType<typeof setTimeout> | undefined;
    worker.on('message', (message: 'loaded' | 'ok' | 'error') => {
      if (message === 'loaded') {
        timer = setTimeout(() => void worker.terminate().then(() => resolve('spins')), ms);
        return;
      }
      clearTimeout(timer);
      void worker.terminate().then(() => resolve(message));
    });
    worker.once('error', () => {
      clearTimeout(timer);
      resolve('error');
    });
  });
}

/**
 * The first of a seeded sequence of two-byte flips in a 64×64 LZW TIFF's
 * strip that keeps utif2 (the decoder the issue was seen with) busy for more
 * than 3 s, where the intact file decodes in milliseconds.
 */
async function spinningTiff(rng: Rng): Promise<{ bytes: Buffer; note: string }> {
  const raw = Buffer.alloc(64 * 64 * 3);
  for (let i = 0; i < raw.length; i += 1) raw[i] = (i * 7 + (i >> 6) * 13) & 255;
  const tiff = await sharp(raw, { raw: { width: 64, height: 64, channels: 3 } }).tiff({ compression: 'lzw' }).toBuffer();
  const strip = tiffFirstStrip(tiff);
  for (let attempt = 0; attempt < 400; attempt += 1) {
    const bytes = Buffer.from(tiff);
    const at1 = strip.offset + rng.int(0, strip.length - 1);
    const at2 = strip.offset + rng.int(0, strip.length - 1);
    const x1 = rng.int(1, 255);
    const x2 = rng.int(1, 255);
    bytes[at1] = (bytes[at1] as number) ^ x1;
    bytes[at2] = (bytes[at2] as number) ^ x2;
    if ((await utifOutcome(bytes, 3000)) === 'spins') return { bytes, note: `64×64 LZW TIFF (sharp), byte ${at1} ^= ${x1}, byte ${at2} ^= ${x2} (attempt ${attempt} of the seeded search)` };
  }
  throw new Error('no two-byte flip of the LZW TIFF made utif2 spin within 400 attempts');
}

// ---------------------------------------------------------------- mutations

function truncations(seed: Seed, rng: Rng, count: number): Array<{ bytes: Buffer; note: string }> {
  const length = seed.bytes.length;
  const fixed = [1, 2, 4, 8, 12, 16, 24, 32, 64, Math.floor(length / 4), Math.floor(length / 2), length - 16, length - 2, length - 1];
  const cuts = new Set<number>(fixed.filter((n) => n > 0 && n < length));
  while (cuts.size < Math.min(count, length - 1)) cuts.add(rng.int(1, length - 1));
  return [...cuts].slice(0, count).map((at) => ({ bytes: seed.bytes.subarray(0, at), note: `first ${at} of ${length} bytes` }));
}

function flips(seed: Seed, rng: Rng, count: number, where: 'header' | 'data'): Array<{ bytes: Buffer; note: string }> {
  const length = seed.bytes.length;
  const [from, to] = where === 'header' ? [0, Math.min(seed.dataStart, length) - 1] : [Math.min(seed.dataStart, length - 1), length - 1];
  if (to < from) return [];
  return Array.from({ length: count }, () => {
    const bytes = Buffer.from(seed.bytes);
    const n = rng.int(1, where === 'header' ? 2 : 4);
    const changes: string[] = [];
    for (let i = 0; i < n; i += 1) {
      const at = rng.int(from, to);
      const mask = rng.pick([0x01, 0x80, 0xff, rng.int(1, 255)]);
      bytes[at] = (bytes[at] as number) ^ mask;
      changes.push(`${at}^${mask}`);
    }
    return { bytes, note: `flipped ${changes.join(', ')}` };
  });
}

function pngWithIhdr(png: Buffer, width: number, height: number, extra?: (ihdr: Buffer) => void): Buffer {
  const out = Buffer.from(png);
  out.writeUInt32BE(width >>> 0, 16);
  out.writeUInt32BE(height >>> 0, 20);
  extra?.(out);
  out.writeUInt32BE(crc32(out.subarray(12, 29)), 29);
  return out;
}
/** A PNG from raw scanlines, IHDR as given (8-bit grey unless told), data deflated as given. */
function rawPng(width: number, height: number, idat: Buffer, { bitDepth = 8, colour = 0 }: { bitDepth?: number; colour?: number } = {}): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = bitDepth;
  ihdr[9] = colour;
  return concat(PNG_SIGNATURE, pngChunk('IHDR', ihdr), pngChunk('IDAT', idat), pngChunk('IEND', new Uint8Array()));
}

async function headerLies(seeds: Seed[], rng: Rng): Promise<FuzzInput[]> {
  const out: FuzzInput[] = [];
  const add = (format: string, kind: string, name: string, bytes: Buffer, note: string, output: OutputFormat = 'png') =>
    out.push({ id: `${format}/${kind}/${name}`, format, kind, expect: 'hostile', bytes, output, note });
  const seed = (format: string, name: string) => {
    const found = seeds.find((s) => s.format === format && s.name === name);
    if (!found) throw new Error(`no seed ${format}/${name}`);
    return found.bytes;
  };

  // PNG
  const png = seed('png', 'rgba');
  for (const [w, h] of [[0, 48], [64, 0], [0x7fffffff, 1], [0x80000000, 48], [0xffffffff, 0xffffffff], [50000, 50000], [1, 200_000_000], [16384, 16384], [65, 48], [64, 4000]] as const) {
    add('png', 'header-lie', `ihdr-${w}x${h}`, pngWithIhdr(png, w, h), `rgba seed with IHDR ${w}×${h} (CRC fixed)`);
  }
  add('png', 'header-lie', 'ihdr-bad-crc', (() => { const b = Buffer.from(png); b[29] = (b[29] as number) ^ 0xff; return b; })(), 'IHDR CRC wrong');
  add('png', 'header-lie', 'bit-depth-3', pngWithIhdr(png, 64, 48, (b) => { b[24] = 3; }), 'IHDR bit depth 3');
  add('png', 'header-lie', 'colour-type-7', pngWithIhdr(png, 64, 48, (b) => { b[25] = 7; }), 'IHDR colour type 7');
  add('png', 'header-lie', 'interlace-9', pngWithIhdr(png, 64, 48, (b) => { b[28] = 9; }), 'IHDR interlace 9');
  for (const length of [0, 1, 0x7fffffff, 0xffffffff]) {
    const b = Buffer.from(png);
    const idat = pngChunks(b).find((c) => c.type === 'IDAT');
    if (idat) b.writeUInt32BE(length >>> 0, idat.start);
    add('png', 'header-lie', `idat-length-${length}`, b, `IDAT length field set to ${length}`);
  }
  add('png', 'header-lie', 'ihdr-length-huge', (() => { const b = Buffer.from(png); b.writeUInt32BE(0xfffffff0, 8); return b; })(), 'IHDR length 0xfffffff0');
  add('png', 'structure', 'no-iend', png.subarray(0, pngChunks(png).find((c) => c.type === 'IEND')?.start ?? png.length), 'IEND removed');
  add('png', 'structure', 'no-idat', concat(png.subarray(0, 33), pngChunk('IEND', new Uint8Array())), 'only IHDR + IEND');
  add('png', 'structure', 'chunks-10000', pngWithChunks(png, Array.from({ length: 10000 }, (_, i) => pngChunk('tEXt', ascii(`k${i}\0v`)))), '10000 tEXt chunks before IDAT');
  add('png', 'structure', 'chunk-after-iend', concat(png, pngChunk('IDAT', Buffer.alloc(100, 0xab))), 'an IDAT after IEND');
  add('png', 'structure', 'two-ihdr', pngWithChunks(png, [pngChunk('IHDR', png.subarray(16, 29))]), 'a second IHDR');
  add('png', 'structure', 'critical-unknown', pngWithChunks(png, [pngChunk('ZZZZ', ascii('x'))]), 'an unknown critical chunk');
  add('png', 'loop', 'exif-ifd-self-loop', pngWithChunks(png, [pngChunk('eXIf', exifLoop('self'))]), 'eXIf whose IFD0 next pointer is itself');
  add('png', 'loop', 'exif-ifd-2-cycle', pngWithChunks(png, [pngChunk('eXIf', exifLoop('cycle'))]), 'eXIf IFD0 → IFD1 → IFD0');
  add('png', 'loop', 'exif-subifd-loop', pngWithChunks(png, [pngChunk('eXIf', exifLoop('exif-pointer'))]), 'eXIf ExifIFD pointer back at IFD0');
  // APNG with a huge frame count and frames larger than the canvas.
  const actl = Buffer.alloc(8);
  actl.writeUInt32BE(0xffffffff, 0);
  add('png', 'header-lie', 'apng-frames-4g', pngWithChunks(png, [pngChunk('acTL', actl)]), 'acTL claims 2^32-1 frames');

  // JPEG
  const jpeg = seed('jpeg', 'baseline');
  const sof = jpeg.indexOf(Buffer.from([0xff, 0xc0]));
  for (const [w, h] of [[0, 48], [64, 0], [65535, 65535], [65500, 1], [1, 65500], [16000, 16000]] as const) {
    const b = Buffer.from(jpeg);
    b.writeUInt16BE(h, sof + 5);
    b.writeUInt16BE(w, sof + 7);
    add('jpeg', 'header-lie', `sof-${w}x${h}`, b, `SOF0 declares ${w}×${h}`);
  }
  for (const length of [0, 1, 2, 0xffff]) {
    const b = Buffer.from(jpeg);
    b.writeUInt16BE(length, 4); // the first segment after SOI
    add('jpeg', 'header-lie', `segment-length-${length}`, b, `first segment's length set to ${length}`);
  }
  add('jpeg', 'header-lie', 'components-0', (() => { const b = Buffer.from(jpeg); b[sof + 9] = 0; return b; })(), 'SOF declares 0 components');
  add('jpeg', 'header-lie', 'components-255', (() => { const b = Buffer.from(jpeg); b[sof + 9] = 255; return b; })(), 'SOF declares 255 components');
  add('jpeg', 'header-lie', 'precision-16', (() => { const b = Buffer.from(jpeg); b[sof + 4] = 16; return b; })(), 'SOF precision 16');
  add('jpeg', 'structure', 'no-dqt', removeJpegSegments(jpeg, 0xdb), 'DQT segments removed');
  add('jpeg', 'structure', 'no-dht', removeJpegSegments(jpeg, 0xc4), 'DHT segments removed');
  add('jpeg', 'structure', 'no-sof', removeJpegSegments(jpeg, 0xc0), 'SOF removed');
  add('jpeg', 'structure', 'no-eoi', jpeg.subarray(0, jpeg.length - 2), 'EOI removed');
  add('jpeg', 'structure', 'app-segments-5000', concat(jpeg.subarray(0, 2), Buffer.concat(Array.from({ length: 5000 }, () => Buffer.from([0xff, 0xe5, 0x00, 0x04, 0x00, 0x00]))), jpeg.subarray(2)), '5000 APP5 segments');
  add('jpeg', 'structure', 'fill-bytes-100k', concat(jpeg.subarray(0, 2), Buffer.alloc(100_000, 0xff), jpeg.subarray(2)), '100000 0xFF fill bytes after SOI');
  add('jpeg', 'structure', 'dnl-height-0', (() => { const b = Buffer.from(jpeg); b.writeUInt16BE(0, sof + 5); return b; })(), 'height 0 (DNL)');
  add('jpeg', 'loop', 'exif-ifd-self-loop', jpegWithApp1(jpeg, exifLoop('self')), 'APP1 EXIF whose IFD0 next pointer is itself');
  add('jpeg', 'loop', 'exif-ifd-2-cycle', jpegWithApp1(jpeg, exifLoop('cycle')), 'APP1 EXIF IFD0 → IFD1 → IFD0');
  add('jpeg', 'loop', 'exif-subifd-loop', jpegWithApp1(jpeg, exifLoop('exif-pointer')), 'APP1 EXIF pointer back at IFD0');
  add('jpeg', 'loop', 'exif-gps-loop', jpegWithApp1(jpeg, exifLoop('gps-pointer')), 'APP1 GPS pointer back at IFD0');
  add('jpeg', 'header-lie', 'exif-count-huge', jpegWithApp1(jpeg, exifLoop('huge-count')), 'APP1 EXIF IFD0 with 65535 entries');
  add('jpeg', 'header-lie', 'icc-chunks-lie', jpegWithApp2Icc(jpeg), 'APP2 ICC chunk 1 of 255, the others missing');
  {
    // Progressive JPEG whose scans are repeated 2000 times (libjpeg's scan-count DoS).
    const prog = seed('jpeg', 'progressive');
    const firstSos = prog.indexOf(Buffer.from([0xff, 0xda]));
    const eoi = prog.length - 2;
    const scans = prog.subarray(firstSos, eoi);
    add('jpeg', 'bomb', 'progressive-scans-2000', concat(prog.subarray(0, firstSos), Buffer.concat(Array.from({ length: 2000 }, () => scans)), prog.subarray(eoi)), 'progressive seed, its scans repeated 2000 times', 'webp');
  }

  // WebP
  const lossy = seed('webp', 'lossy');
  add('webp', 'header-lie', 'riff-size-huge', (() => { const b = Buffer.from(lossy); b.writeUInt32LE(0xfffffff0, 4); return b; })(), 'RIFF size 0xfffffff0');
  add('webp', 'header-lie', 'riff-size-0', (() => { const b = Buffer.from(lossy); b.writeUInt32LE(0, 4); return b; })(), 'RIFF size 0');
  add('webp', 'header-lie', 'chunk-size-huge', (() => { const b = Buffer.from(lossy); b.writeUInt32LE(0xfffffff0, 16); return b; })(), 'VP8 chunk size 0xfffffff0');
  add('webp', 'header-lie', 'vp8-16383x16383', (() => { const b = Buffer.from(lossy); b.writeUInt16LE(0x3fff, 26); b.writeUInt16LE(0x3fff, 28); return b; })(), 'VP8 frame 16383×16383');
  add('webp', 'header-lie', 'vp8-0x0', (() => { const b = Buffer.from(lossy); b.writeUInt16LE(0, 26); b.writeUInt16LE(0, 28); return b; })(), 'VP8 frame 0×0');
  add('webp', 'header-lie', 'vp8x-canvas-16m', webpVp8x(16_777_216, 16_777_216, Buffer.alloc(0)), 'VP8X canvas 2^24 × 2^24, no image chunk');
  add('webp', 'header-lie', 'vp8x-no-image', webpVp8x(64, 48, Buffer.alloc(0)), 'VP8X with no image chunk');
  add('webp', 'header-lie', 'vp8x-animated-no-frames', webpVp8x(64, 48, riffChunk('ANIM', Buffer.alloc(6)), 0x02), 'VP8X animated, ANIM, no ANMF');
  add('webp', 'loop', 'exif-ifd-self-loop', webpVp8x(64, 48, concat(lossy.subarray(12), riffChunk('EXIF', exifLoop('self'))), 0x08), 'VP8X + EXIF chunk whose IFD0 loops');
  add('webp', 'header-lie', 'anmf-10000', webpVp8x(16, 16, concat(riffChunk('ANIM', Buffer.alloc(6)), Buffer.concat(Array.from({ length: 10000 }, () => riffChunk('ANMF', Buffer.alloc(16)))) ), 0x02), 'VP8X animated with 10000 empty ANMF frames');
  const lossless = seed('webp', 'lossless');
  add('webp', 'header-lie', 'vp8l-16384x16384', (() => { const b = Buffer.from(lossless); const bits = (16383 | (16383 << 14)) >>> 0; b.writeUInt32LE((b.readUInt32LE(21) & 0xf0000000) | bits, 21); return b; })(), 'VP8L declares 16384×16384');

  // GIF
  const gif = seed('gif', 'static');
  for (const [w, h] of [[0, 0], [65535, 65535], [40, 0], [20000, 1]] as const) {
    const b = Buffer.from(gif);
    b.writeUInt16LE(w, 6);
    b.writeUInt16LE(h, 8);
    add('gif', 'header-lie', `screen-${w}x${h}`, b, `logical screen ${w}×${h}`, w === 20000 ? 'webp' : 'png');
  }
  add('gif', 'header-lie', 'frame-outside-screen', gifFrame(40, 30, { left: 60000, top: 60000, width: 65535, height: 65535 }), 'an image descriptor 65535×65535 at 60000,60000');
  add('gif', 'header-lie', 'lzw-min-code-12', gifFrame(8, 8, { lzwMin: 12 }), 'LZW minimum code size 12');
  add('gif', 'bomb', 'frames-5000', gifFrames(5000), '5000 frames of 1×1');
  add('gif', 'structure', 'no-trailer', gif.subarray(0, gif.length - 1), 'trailer removed');
  add('gif', 'structure', 'sub-block-lies', gifFrame(8, 8, { subBlockLie: true }), 'sub-block length 255 with 3 bytes left');
  add('gif', 'structure', 'extensions-only', concat(gif.subarray(0, 13 + 3 * 2), Buffer.concat(Array.from({ length: 2000 }, () => Buffer.from([0x21, 0xfe, 0x01, 0x41, 0x00]))), Buffer.from([0x3b])), '2000 comment extensions, no image');

  // BMP
  const bmpSeed = seed('bmp', 'gradient-24');
  const bmpLie = (name: string, edit: (b: Buffer) => void, note: string) => {
    const b = Buffer.from(bmpSeed);
    edit(b);
    add('bmp', 'header-lie', name, b, note);
  };
  bmpLie('width-negative', (b) => b.writeInt32LE(-37, 18), 'width -37');
  bmpLie('height-min-int', (b) => b.writeInt32LE(-2147483648, 22), 'height -2^31');
  bmpLie('width-0', (b) => b.writeInt32LE(0, 18), 'width 0');
  bmpLie('size-50000x50000', (b) => { b.writeInt32LE(50000, 18); b.writeInt32LE(50000, 22); }, '50000×50000');
  bmpLie('bpp-0', (b) => b.writeUInt16LE(0, 28), 'bits per pixel 0');
  bmpLie('bpp-64', (b) => b.writeUInt16LE(64, 28), 'bits per pixel 64');
  bmpLie('palette-4g', (b) => { b.writeUInt16LE(8, 28); b.writeUInt32LE(0xffffffff, 46); }, '8 bpp, 2^32-1 palette colours');
  bmpLie('data-offset-beyond', (b) => b.writeUInt32LE(0x7fffffff, 10), 'pixel data offset 2^31-1');
  bmpLie('rle8-garbage', (b) => { b.writeUInt16LE(8, 28); b.writeUInt32LE(1, 30); }, 'RLE8 on 24-bit data');
  bmpLie('bitfields-bad', (b) => { b.writeUInt16LE(16, 28); b.writeUInt32LE(3, 30); }, '16 bpp BI_BITFIELDS without masks');
  bmpLie('planes-0', (b) => b.writeUInt16LE(0, 26), 'planes 0');

  // ICO
  const icoSeed = seed('ico', 'png-entry');
  const icoLie = (name: string, edit: (b: Buffer) => Buffer, note: string) => add('ico', 'header-lie', name, edit(Buffer.from(icoSeed)), note);
  icoLie('entry-size-beyond', (b) => { b.writeUInt32LE(0x7fffffff, 14); return b; }, 'entry size 2^31-1');
  icoLie('entry-offset-beyond', (b) => { b.writeUInt32LE(0x7fffffff, 18); return b; }, 'entry offset 2^31-1');
  icoLie('count-65535', (b) => { b.writeUInt16LE(65535, 4); return b; }, 'count 65535 with one entry');
  icoLie('entry-offset-0', (b) => { b.writeUInt32LE(0, 18); return b; }, 'entry offset 0 (points at the directory)');
  icoLie('png-bomb-entry', (b) => { const inner = b.subarray(22); const lie = pngWithIhdr(Buffer.from(inner), 50000, 50000); return concat(b.subarray(0, 22), lie); }, 'the PNG inside declares 50000×50000');
  icoLie('nested-ico', (b) => { const inner = Buffer.from(b); const head = Buffer.from(b.subarray(0, 22)); head.writeUInt32LE(inner.length, 14); return concat(head, inner); }, 'an ICO whose entry is an ICO');
  icoLie('dib-entry-garbage', (b) => { const head = Buffer.from(b.subarray(0, 22)); const dib = Buffer.alloc(40 + 64, 0x41); dib.writeUInt32LE(40, 0); dib.writeInt32LE(4, 4); dib.writeInt32LE(999999, 8); head.writeUInt32LE(dib.length, 14); return concat(head, dib); }, 'a DIB entry declaring 4×999999');

  // QOI
  const qoiSeed = seed('qoi', 'rgb');
  for (const [w, h] of [[0, 0], [0xffffffff, 0xffffffff], [24, 100000], [20000, 1]] as const) {
    const b = Buffer.from(qoiSeed);
    b.writeUInt32BE(w, 4);
    b.writeUInt32BE(h, 8);
    add('qoi', 'header-lie', `size-${w}x${h}`, b, `QOI header ${w}×${h}`, w === 20000 ? 'webp' : 'png');
  }
  add('qoi', 'header-lie', 'channels-9', (() => { const b = Buffer.from(qoiSeed); b[12] = 9; return b; })(), 'channels 9');
  add('qoi', 'structure', 'no-end-marker', qoiSeed.subarray(0, qoiSeed.length - 8), 'end marker removed');
  add('qoi', 'structure', 'body-random', concat(qoiSeed.subarray(0, 14), Buffer.from(Array.from({ length: 3000 }, () => rng.int(0, 255)))), 'header then 3000 random bytes');

  // TIFF
  const t = (name: string, kind: string, file: Buffer, note: string, output: OutputFormat = 'png') => add('tiff', kind, name, file, note, output);
  const px = gradientRgb(16, 16);
  const base = rgbTiffEntries(16, 16);
  t('ifd-2-cycle', 'loop', buildTiff(px, [{ entries: base, next: 'next' }, { entries: base, next: IFD_OFFSET(0) }]).file, 'IFD0 → IFD1 → IFD0');
  t('ifd-3-cycle', 'loop', buildTiff(px, [{ entries: base, next: 'next' }, { entries: base, next: 'next' }, { entries: base, next: IFD_OFFSET(1) }]).file, 'IFD0 → IFD1 → IFD2 → IFD1');
  t('subifd-loop', 'loop', buildTiff(px, [{ entries: withEntry(base, { tag: 330, type: 13, values: [IFD_OFFSET(0)] }), next: 'end' }]).file, 'SubIFDs (330) = IFD0');
  t('subifd-mutual', 'loop', buildTiff(px, [{ entries: withEntry(base, { tag: 330, type: 4, values: [IFD_OFFSET(1)] }), next: 'end' }, { entries: withEntry(base, { tag: 330, type: 4, values: [IFD_OFFSET(0)] }), next: 'end' }]).file, 'IFD0 SubIFD → IFD1, IFD1 SubIFD → IFD0');
  t('exif-ifd-loop', 'loop', buildTiff(px, [{ entries: withEntry(base, { tag: 34665, type: 4, values: [IFD_OFFSET(0)] }), next: 'end' }]).file, 'ExifIFD (34665) = IFD0');
  t('gps-ifd-loop', 'loop', buildTiff(px, [{ entries: withEntry(base, { tag: 34853, type: 4, values: [IFD_OFFSET(0)] }), next: 'end' }]).file, 'GPS IFD (34853) = IFD0');
  t('subifds-1000-self', 'loop', buildTiff(px, [{ entries: withEntry(base, { tag: 330, type: 4, values: Array.from({ length: 1000 }, () => IFD_OFFSET(0)) }), next: 'end' }]).file, '1000 SubIFDs all = IFD0');
  t('chain-5000', 'loop', buildTiff(px, Array.from({ length: 5000 }, (_, i) => ({ entries: i === 0 ? base : rgbTiffEntries(1, 1, { byteCount: 3 }), next: i === 4999 ? ('end' as const) : ('next' as const) }))).file, 'a chain of 5000 IFDs');
  t('ifd-beyond-eof', 'header-lie', (() => { const f = buildTiff(px, [{ entries: base, next: 'end' }]).file; f.writeUInt32LE(0x7ffffff0, 4); return f; })(), 'first IFD offset 0x7ffffff0');
  t('ifd-offset-0', 'header-lie', (() => { const f = buildTiff(px, [{ entries: base, next: 'end' }]).file; f.writeUInt32LE(0, 4); return f; })(), 'first IFD offset 0');
  t('ifd-odd-inside-header', 'header-lie', (() => { const f = buildTiff(px, [{ entries: base, next: 'end' }]).file; f.writeUInt32LE(1, 4); return f; })(), 'first IFD offset 1 (inside the header)');
  t('entries-65535', 'header-lie', (() => { const f = buildTiff(px, [{ entries: base, next: 'end' }]); f.file.writeUInt16LE(65535, f.ifdOffsets[0] ?? 0); return f.file; })(), 'IFD0 entry count 65535');
  for (const [w, h] of [[0, 16], [16, 0], [0xffffffff, 1], [100000, 100000], [20000, 1], [1, 0x7fffffff]] as const) {
    t(`size-${w}x${h}`, 'header-lie', buildTiff(px, [{ entries: withEntry(withEntry(base, { tag: 256, type: 4, values: [w] }), { tag: 257, type: 4, values: [h] }), next: 'end' }]).file, `ImageWidth ${w}, ImageLength ${h}`, w === 20000 ? 'webp' : 'png');
  }
  t('strip-offset-beyond', 'header-lie', buildTiff(px, [{ entries: withEntry(base, { tag: 273, type: 4, values: [0x7fffffff] }), next: 'end' }]).file, 'StripOffsets 2^31-1');
  t('strip-bytes-huge', 'header-lie', buildTiff(px, [{ entries: withEntry(base, { tag: 279, type: 4, values: [0xfffffff0] }), next: 'end' }]).file, 'StripByteCounts 0xfffffff0');
  t('rows-per-strip-0', 'header-lie', buildTiff(px, [{ entries: withEntry(base, { tag: 278, type: 4, values: [0] }), next: 'end' }]).file, 'RowsPerStrip 0');
  t('strips-count-lie', 'header-lie', buildTiff(px, [{ entries: withEntry(withEntry(base, { tag: 278, type: 4, values: [1] }), { tag: 273, type: 4, values: [DATA_OFFSET] }), next: 'end' }]).file, 'RowsPerStrip 1 but one strip offset for 16 rows');
  t('bits-0', 'header-lie', buildTiff(px, [{ entries: withEntry(base, { tag: 258, type: 3, values: [0, 0, 0] }), next: 'end' }]).file, 'BitsPerSample 0');
  t('bits-64', 'header-lie', buildTiff(px, [{ entries: withEntry(base, { tag: 258, type: 3, values: [64, 64, 64] }), next: 'end' }]).file, 'BitsPerSample 64');
  t('bits-13', 'header-lie', buildTiff(px, [{ entries: withEntry(base, { tag: 258, type: 3, values: [13, 13, 13] }), next: 'end' }]).file, 'BitsPerSample 13');
  t('samples-0', 'header-lie', buildTiff(px, [{ entries: withEntry(base, { tag: 277, type: 3, values: [0] }), next: 'end' }]).file, 'SamplesPerPixel 0');
  t('samples-255', 'header-lie', buildTiff(px, [{ entries: withEntry(base, { tag: 277, type: 3, values: [255] }), next: 'end' }]).file, 'SamplesPerPixel 255');
  for (const compression of [2, 3, 4, 6, 7, 8, 32773, 34712, 34892, 50000, 65535]) {
    t(`compression-${compression}`, 'header-lie', buildTiff(px, [{ entries: withEntry(base, { tag: 259, type: 3, values: [compression] }), next: 'end' }]).file, `Compression ${compression} on raw data`);
  }
  for (const photometric of [3, 4, 6, 8, 32844, 65535]) {
    t(`photometric-${photometric}`, 'header-lie', buildTiff(px, [{ entries: withEntry(base, { tag: 262, type: 3, values: [photometric] }), next: 'end' }]).file, `PhotometricInterpretation ${photometric}`);
  }
  t('planar-2-short', 'header-lie', buildTiff(px, [{ entries: withEntry(base, { tag: 284, type: 3, values: [2] }), next: 'end' }]).file, 'PlanarConfiguration 2 with one strip');
  t('tiles-huge', 'header-lie', buildTiff(px, [{ entries: [...base.filter((e) => ![273, 278, 279].includes(e.tag)), { tag: 322, type: 4, values: [0x40000000] }, { tag: 323, type: 4, values: [0x40000000] }, { tag: 324, type: 4, values: [DATA_OFFSET] }, { tag: 325, type: 4, values: [768] }], next: 'end' }]).file, 'TileWidth/Length 2^30');
  t('orientation-99', 'header-lie', buildTiff(px, [{ entries: withEntry(base, { tag: 274, type: 3, values: [99] }), next: 'end' }]).file, 'Orientation 99');
  t('icc-huge-count', 'header-lie', buildTiff(px, [{ entries: withEntry(base, { tag: 34675, type: 4, values: [DATA_OFFSET] }), next: 'end' }]).file, 'ICC tag of type LONG count 1 (pointer at pixels)');
  t('colormap-missing', 'header-lie', buildTiff(px, [{ entries: withEntry(withEntry(base, { tag: 262, type: 3, values: [3] }), { tag: 258, type: 3, values: [8] }), next: 'end' }]).file, 'palette image without ColorMap');
  t('cmyk-4-samples-big', 'header-lie', buildTiff(gradientRgb(16, 16, 4), [{ entries: withEntry(rgbTiffEntries(16, 16, { samples: 4 }), { tag: 256, type: 4, values: [40000] }), next: 'end' }]).file, 'CMYK TIFF claiming width 40000');
  {
    // LZW / deflate / packbits seeds with the strip's byte count lying.
    for (const name of ['lzw', 'deflate', 'packbits', 'jpeg']) {
      const s = seed('tiff', name);
      const { le, entries } = tiffIfd0(s);
      const counts = entries.find((e) => e.tag === 279);
      if (!counts) continue;
      for (const value of [0, 0x7fffffff]) {
        const b = Buffer.from(s);
        if (counts.count === 1) tiffWrite32(b, counts.valueAt, value, le);
        else tiffWrite32(b, counts.value, value, le);
        t(`${name}-strip-bytes-${value}`, 'header-lie', b, `${name} seed, first StripByteCounts = ${value}`);
      }
    }
  }

  // AVIF / HEIC (ISO BMFF)
  for (const format of ['avif', 'heic'] as const) {
    const iso = seed(format, format === 'avif' ? 'plain' : 'oriented');
    const top = isoTopBoxes(iso);
    const meta = top.find((b) => b.type === 'meta');
    const mdat = top.find((b) => b.type === 'mdat');
    const patchSize = (name: string, at: number | undefined, size: number, note: string) => {
      if (at === undefined || at < 0) return;
      const b = Buffer.from(iso);
      b.writeUInt32BE(size >>> 0, at);
      add(format, 'header-lie', name, b, note);
    };
    patchSize('ftyp-size-0', 0, 0, 'ftyp size 0 (to end of file)');
    patchSize('ftyp-size-7', 0, 7, 'ftyp size 7 (< header)');
    patchSize('ftyp-size-huge', 0, 0xfffffff0, 'ftyp size 0xfffffff0');
    patchSize('meta-size-0', meta?.start, 0, 'meta size 0');
    patchSize('meta-size-huge', meta?.start, 0xfffffff0, 'meta size 0xfffffff0');
    patchSize('meta-size-9', meta?.start, 9, 'meta size 9 (no room for its children)');
    patchSize('mdat-size-huge', mdat?.start, 0xfffffff0, 'mdat size 0xfffffff0');
    if (meta) {
      const b = Buffer.from(iso);
      // size 1 = a 64-bit size follows: overwrite meta's header with size 1 and the next 8 bytes (version/flags, child size) as 2^64-1.
      b.writeUInt32BE(1, meta.start);
      b.writeBigUInt64BE(0xffffffffffffffffn, meta.start + 8);
      add(format, 'header-lie', 'meta-largesize-overflow', b, 'meta size 1 with 64-bit largesize 2^64-1');
    }
    const ispe = findBoxType(iso, 'ispe');
    if (ispe > 0) {
      for (const [w, h] of [[0, 0], [0xffffffff, 0xffffffff], [100000, 100000], [20000, 1]] as const) {
        const b = Buffer.from(iso);
        b.writeUInt32BE(w, ispe + 12);
        b.writeUInt32BE(h, ispe + 16);
        add(format, 'header-lie', `ispe-${w}x${h}`, b, `ispe ${w}×${h}`, w === 20000 ? 'webp' : 'png');
      }
    }
    const iloc = findBoxType(iso, 'iloc');
    if (iloc > 0) {
      const b = Buffer.from(iso);
      // Overwrite every 4 bytes of iloc's payload after its header with huge values: extents beyond the file.
      for (let at = iloc + 16; at + 4 <= iloc + b.readUInt32BE(iloc); at += 4) b.writeUInt32BE(0x7ffffff0, at);
      add(format, 'header-lie', 'iloc-extents-huge', b, 'iloc fields all 0x7ffffff0');
    }
    const ftyp = iso.subarray(0, top[0]?.end ?? 0);
    // Deep nesting: 20000 boxes inside each other under meta.
    let nested: Buffer = isoBox('ispe', Buffer.alloc(12));
    for (let i = 0; i < 20000; i += 1) nested = isoBox(i % 2 ? 'iprp' : 'ipco', nested);
    add(format, 'loop', 'deep-nesting-20000', concat(ftyp, isoBox('meta', concat(Buffer.alloc(4), nested))), 'meta → iprp/ipco nested 20000 deep');
    add(format, 'loop', 'boxes-200000', concat(ftyp, Buffer.concat(Array.from({ length: 200000 }, () => isoBox('free', Buffer.alloc(0))))), '200000 empty free boxes');
    add(format, 'structure', 'ftyp-only', ftyp, 'only the ftyp box');
    add(format, 'structure', 'no-mdat', concat(...top.filter((b) => b.type !== 'mdat').map((b) => iso.subarray(b.start, b.end))), 'mdat removed');
    if (meta) {
      const b = Buffer.from(iso);
      const iinf = findBoxType(b, 'iinf');
      if (iinf > 0) {
        b.writeUInt16BE(0xffff, iinf + 12);
        add(format, 'header-lie', 'iinf-count-65535', b, 'iinf entry count 65535');
      }
      const pitm = findBoxType(iso, 'pitm');
      if (pitm > 0) {
        const c = Buffer.from(iso);
        c.writeUInt16BE(0x7777, pitm + 12);
        add(format, 'header-lie', 'pitm-missing-item', c, 'primary item id 0x7777 (no such item)');
      }
      const ipma = findBoxType(iso, 'ipma');
      if (ipma > 0) {
        const c = Buffer.from(iso);
        c.writeUInt32BE(0x7fffffff, ipma + 12);
        add(format, 'header-lie', 'ipma-count-huge', c, 'ipma entry count 2^31-1');
      }
    }
  }

  // JPEG XL
  for (const name of ['oriented', 'upright']) {
    const jxl = seed('jxl', name);
    if (jxl[0] === 0xff) {
      for (const value of [0x00, 0xff]) {
        const b = Buffer.from(jxl);
        b.fill(value, 2, Math.min(8, b.length));
        add('jxl', 'header-lie', `${name}-size-header-${value}`, b, `codestream size header bytes 2–7 set to ${value}`);
      }
    } else {
      const top = isoTopBoxes(jxl);
      const jxlc = top.find((b) => b.type === 'jxlc' || b.type === 'jxlp');
      for (const [label, size] of [['0', 0], ['huge', 0xfffffff0], ['7', 7]] as const) {
        if (!jxlc) break;
        const b = Buffer.from(jxl);
        b.writeUInt32BE(size, jxlc.start);
        add('jxl', 'header-lie', `${name}-${jxlc.type}-size-${label}`, b, `${jxlc.type} box size ${size}`);
      }
      add('jxl', 'loop', `${name}-boxes-100000`, concat(jxl.subarray(0, 32), Buffer.concat(Array.from({ length: 100000 }, () => isoBox('free', Buffer.alloc(0))))), '100000 empty boxes after the signature');
    }
  }
  return out;
}

function removeJpegSegments(jpeg: Buffer, marker: number): Buffer {
  const parts: Buffer[] = [jpeg.subarray(0, 2)];
  let at = 2;
  while (at + 4 <= jpeg.length && jpeg[at] === 0xff && jpeg[at + 1] !== 0xda) {
    const length = jpeg.readUInt16BE(at + 2);
    if (jpeg[at + 1] !== marker) parts.push(jpeg.subarray(at, at + 2 + length));
    at += 2 + length;
  }
  parts.push(jpeg.subarray(at));
  return concat(...parts);
}

/** A TIFF-structured EXIF block (big-endian) whose IFDs loop in the given way. */
function exifLoop(kind: 'self' | 'cycle' | 'exif-pointer' | 'gps-pointer' | 'huge-count'): Buffer {
  const b = Buffer.alloc(64);
  b.write('MM', 0, 'latin1');
  b.writeUInt16BE(42, 2);
  b.writeUInt32BE(8, 4);
  // IFD0 at 8: one entry, then next pointer; IFD1 at 26.
  const entry = (at: number, tag: number, value: number) => {
    b.writeUInt16BE(tag, at);
    b.writeUInt16BE(4, at + 2);
    b.writeUInt32BE(1, at + 4);
    b.writeUInt32BE(value, at + 8);
  };
  b.writeUInt16BE(kind === 'huge-count' ? 0xffff : 1, 8);
  if (kind === 'exif-pointer') entry(10, 34665, 8);
  else if (kind === 'gps-pointer') entry(10, 34853, 8);
  else entry(10, 274, 1);
  b.writeUInt32BE(kind === 'self' ? 8 : kind === 'cycle' ? 26 : 0, 22);
  b.writeUInt16BE(1, 26);
  entry(28, 305, 0);
  b.writeUInt32BE(kind === 'cycle' ? 8 : 0, 40);
  return b;
}

function jpegWithApp1(jpeg: Buffer, tiff: Buffer): Buffer {
  const payload = concat(ascii('Exif\0\0'), tiff);
  const header = Buffer.from([0xff, 0xe1, 0, 0]);
  header.writeUInt16BE(payload.length + 2, 2);
  return concat(jpeg.subarray(0, 2), header, payload, jpeg.subarray(2));
}

function jpegWithApp2Icc(jpeg: Buffer): Buffer {
  const payload = concat(ascii('ICC_PROFILE\0'), Buffer.from([1, 255]), Buffer.alloc(128, 0x42));
  const header = Buffer.from([0xff, 0xe2, 0, 0]);
  header.writeUInt16BE(payload.length + 2, 2);
  return concat(jpeg.subarray(0, 2), header, payload, jpeg.subarray(2));
}

function riffChunk(type: string, data: Uint8Array): Buffer {
  const header = concat(ascii(type), Buffer.alloc(4));
  header.writeUInt32LE(data.length, 4);
  return concat(header, data, data.length % 2 ? Buffer.alloc(1) : Buffer.alloc(0));
}

function webpVp8x(width: number, height: number, rest: Buffer, flags = 0): Buffer {
  const vp8x = Buffer.alloc(10);
  vp8x[0] = flags;
  vp8x.writeUIntLE((width - 1) & 0xffffff, 4, 3);
  vp8x.writeUIntLE((height - 1) & 0xffffff, 7, 3);
  const body = concat(ascii('WEBP'), riffChunk('VP8X', vp8x), rest);
  const riff = concat(ascii('RIFF'), Buffer.alloc(4), body);
  riff.writeUInt32LE(body.length, 4);
  return riff;
}

function gifHeader(width: number, height: number): Buffer {
  const b = concat(ascii('GIF89a'), Buffer.alloc(7));
  b.writeUInt16LE(width, 6);
  b.writeUInt16LE(height, 8);
  b[10] = 0x80; // global colour table of 2 entries
  return concat(b, Buffer.from([0, 0, 0, 255, 255, 255]));
}

function gifFrame(width: number, height: number, { left = 0, top = 0, width: fw = width, height: fh = height, lzwMin = 2, subBlockLie = false }: { left?: number; top?: number; width?: number; height?: number; lzwMin?: number; subBlockLie?: boolean }): Buffer {
  const descriptor = Buffer.alloc(10);
  descriptor[0] = 0x2c;
  descriptor.writeUInt16LE(left, 1);
  descriptor.writeUInt16LE(top, 3);
  descriptor.writeUInt16LE(fw, 5);
  descriptor.writeUInt16LE(fh, 7);
  const data = subBlockLie ? Buffer.from([lzwMin, 255, 0x44, 0x01, 0x00]) : Buffer.from([lzwMin, 2, 0x44, 0x01, 0x00]);
  return concat(gifHeader(width, height), descriptor, data, Buffer.from([0x3b]));
}

function gifFrames(count: number): Buffer {
  const frame = concat(Buffer.from([0x21, 0xf9, 4, 0, 1, 0, 0, 0]), Buffer.from([0x2c, 0, 0, 0, 0, 1, 0, 1, 0, 0]), Buffer.from([2, 2, 0x4c, 0x01, 0x00]));
  return concat(gifHeader(1, 1), Buffer.concat(Array.from({ length: count }, () => frame)), Buffer.from([0x3b]));
}

async function bombs(): Promise<FuzzInput[]> {
  const out: FuzzInput[] = [];
  const add = (format: string, name: string, bytes: Buffer, note: string, output: OutputFormat = 'jpeg') =>
    out.push({ id: `${format}/bomb/${name}`, format, kind: 'bomb', expect: 'hostile', bytes, output, note });
  const small = await image(16, 16).png().toBuffer();
  add('png', 'ztxt-256mib', pngWithChunks(small, [pngChunk('zTXt', concat(ascii('Raw profile type exif\0\0'), zlibZeros(256 << 20)))]), 'zTXt "Raw profile type exif" inflating to 256 MiB', 'png');
  add('png', 'itxt-256mib', pngWithChunks(small, [pngChunk('iTXt', concat(ascii('XML:com.adobe.xmp\0\x01\0\0\0'), zlibZeros(256 << 20)))]), 'compressed iTXt XMP inflating to 256 MiB', 'png');
  add('png', 'iccp-x8-64mib', pngWithChunks(small, Array.from({ length: 8 }, () => pngChunk('iCCP', concat(ascii('p\0\0'), zlibZeros(64 << 20))))), 'eight iCCP chunks of 64 MiB each', 'png');
  add('png', 'iccp-truncated-stream', pngWithChunks(small, [pngChunk('iCCP', concat(ascii('p\0\0'), zlibZeros(16 << 20).subarray(0, 9000)))]), 'iCCP whose zlib stream is cut short', 'png');
  // IDAT bombs: tiny files whose pixels inflate to hundreds of megabytes.
  const rowsOf = (_width: number, height: number, bytesPerRow: number) => zlibZeros(Math.ceil((height * (bytesPerRow + 1)) / (1 << 20)) * (1 << 20));
  add('png', 'idat-10000x10000-1bit', rawPng(10000, 10000, rowsOf(10000, 10000, 1250), { bitDepth: 1 }), '10000×10000 1-bit grey, IDAT of zeros (100 MP, under the pixel limit)');
  add('png', 'idat-30000x30000', rawPng(30000, 30000, rowsOf(30000, 30000, 30000)), '30000×30000 grey (900 MP, over the limit)');
  add('png', 'idat-extra-data', rawPng(64, 64, zlibZeros(64 << 20)), '64×64 with 64 MiB of inflated IDAT data');
  add('png', 'idat-16383x1-to-webp', rawPng(16383, 1, rowsOf(16383, 1, 16383)), '16383×1 (exactly WebP\'s limit) to WebP', 'webp');
  add('png', 'idat-16384x1-to-webp', rawPng(16384, 1, rowsOf(16384, 1, 16384)), '16384×1 (one over WebP\'s limit) to WebP', 'webp');
  add('png', 'idat-70000x1-to-jpeg', rawPng(70000, 1, rowsOf(70000, 1, 70000)), '70000×1 to JPEG (limit 65535)', 'jpeg');
  add('png', 'idat-40000x2-to-avif', rawPng(40000, 2, rowsOf(40000, 2, 40000)), '40000×2 to AVIF', 'avif');
  add('png', 'idat-70000x1-to-jxl', rawPng(70000, 1, rowsOf(70000, 1, 70000)), '70000×1 to JPEG XL', 'jxl');
  add('png', 'idat-8000x8000-to-png', rawPng(8000, 8000, rowsOf(8000, 8000, 8000)), '8000×8000 grey zeros (64 MP) to PNG', 'png');
  return out;
}

function nonImages(rng: Rng): FuzzInput[] {
  const random = (n: number) => Buffer.from(Array.from({ length: n }, () => rng.int(0, 255)));
  const list: Array<[string, Buffer]> = [
    ['empty', Buffer.alloc(0)],
    ['one-byte-0', Buffer.from([0])],
    ['one-byte-ff', Buffer.from([0xff])],
    ['one-byte-lt', Buffer.from('<')],
    ['two-bytes-ffd8', Buffer.from([0xff, 0xd8])],
    ['three-bytes-ffd8ff', Buffer.from([0xff, 0xd8, 0xff])],
    ['png-signature-only', PNG_SIGNATURE],
    ['gif-magic-only', ascii('GIF89a')],
    ['riff-webp-only', ascii('RIFF\0\0\0\0WEBP')],
    ['zip', concat(Buffer.from([0x50, 0x4b, 0x03, 0x04]), random(200))],
    ['pdf', ascii('%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n')],
    ['html', ascii('<!DOCTYPE html><html><head><title>x</title></head><body><img src="x.png"></body></html>')],
    ['html-with-svg', ascii('<html><body><svg width="10" height="10"><rect width="5" height="5"/></svg></body></html>')],
    ['exe-mz', concat(ascii('MZ'), Buffer.alloc(58), Buffer.from([0x80, 0, 0, 0]), random(300))],
    ['elf', concat(ascii('\x7fELF'), Buffer.from([2, 1, 1]), random(200))],
    ['gzip', Buffer.from([0x1f, 0x8b, 0x08, 0, 0, 0, 0, 0, 0, 3, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0])],
    ['7z', concat(Buffer.from([0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c]), random(100))],
    ['rar', concat(ascii('Rar!\x1a\x07\x00'), random(100))],
    ['text', ascii('Just some words, not a picture.\n')],
    ['json', ascii('{"image": "photo.jpg", "width": 100}')],
    ['xml-not-svg', ascii('<?xml version="1.0"?><note><to>x</to></note>')],
    ['psd', concat(ascii('8BPS'), Buffer.from([0, 1]), random(100))],
    ['jpeg2000-jp2', Buffer.from([0, 0, 0, 0x0c, 0x6a, 0x50, 0x20, 0x20, 0x0d, 0x0a, 0x87, 0x0a, ...random(60)])],
    ['jpeg2000-codestream', Buffer.from([0xff, 0x4f, 0xff, 0x51, ...random(60)])],
    ['bigtiff', Buffer.from([0x49, 0x49, 0x2b, 0x00, 8, 0, 0, 0, ...random(60)])],
    ['cur', Buffer.from([0, 0, 2, 0, 1, 0, 16, 16, 0, 0, 1, 0, 32, 0, 40, 0, 0, 0, 22, 0, 0, 0])],
    ['mp4', concat(isoBox('ftyp', ascii('isom\0\0\x02\0isomiso2mp41')), isoBox('free', Buffer.alloc(0)))],
    ['iso-unknown-brand', isoBox('ftyp', ascii('zzzz\0\0\0\0zzzz'))],
    ['cr3', isoBox('ftyp', ascii('crx \0\0\0\x01crx isom'))],
    ['wasm', Buffer.from([0x00, 0x61, 0x73, 0x6d, 1, 0, 0, 0])],
    ['mp3', concat(ascii('ID3\x04\0\0\0\0\0\0'), random(100))],
    ['riff-avi', concat(ascii('RIFF'), Buffer.from([100, 0, 0, 0]), ascii('AVI LIST'), random(100))],
    ['netpbm-p6', ascii('P6\n4 4\n255\n' + 'x'.repeat(48))],
    ['radiance-hdr', ascii('#?RADIANCE\nFORMAT=32-bit_rle_rgbe\n\n-Y 4 +X 4\n')],
    ['dds', concat(ascii('DDS '), random(120))],
    ['openexr', Buffer.from([0x76, 0x2f, 0x31, 0x01, ...random(60)])],
    ['bm-text', ascii('BMW is a car, not a bitmap.')],
    ['random-64', random(64)],
    ['random-4k', random(4096)],
    ['zeros-1k', Buffer.alloc(1024)],
    ['ones-1k', Buffer.alloc(1024, 0xff)],
    ['utf16-text', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('hello, not an image', 'utf16le')])],
  ];
  return list.map(([name, bytes]) => ({ id: `none/non-image/${name}`, format: 'none', kind: 'non-image', expect: 'hostile', bytes, output: 'png', note: name }));
}

async function polyglots(seeds: Seed[]): Promise<FuzzInput[]> {
  const get = (format: string, name: string) => seeds.find((s) => s.format === format && s.name === name)?.bytes ?? Buffer.alloc(0);
  const gif = get('gif', 'static');
  const jpeg = get('jpeg', 'baseline');
  const png = get('png', 'rgba');
  const zip = concat(Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(26), ascii('evil.class'), Buffer.alloc(40, 0x41));
  const heic = get('heic', 'oriented');
  const avif = get('avif', 'plain');
  const html = ascii('<html><script>fetch("http://127.0.0.1:9/__fuzz_leak__/polyglot")</script></html>');
  const list: Array<[string, string, Buffer, string]> = [
    ['gifar', 'gif', concat(gif, zip), 'GIF with a ZIP appended'],
    ['jpeg-plus-zip', 'jpeg', concat(jpeg, zip), 'JPEG with a ZIP appended'],
    ['png-plus-html', 'png', concat(png, html), 'PNG with HTML after IEND'],
    ['png-trailing-1mib', 'png', concat(png, Buffer.alloc(1 << 20, 0x5a)), 'PNG with 1 MiB of junk after IEND'],
    ['jpeg-com-html', 'jpeg', (() => { const c = concat(ascii('<svg onload=alert(1)>'), html); const h = Buffer.from([0xff, 0xfe, 0, 0]); h.writeUInt16BE(c.length + 2, 2); return concat(jpeg.subarray(0, 2), h, c, jpeg.subarray(2)); })(), 'JPEG whose COM segment holds SVG/HTML'],
    ['png-itxt-svg', 'png', pngWithChunks(png, [pngChunk('iTXt', concat(ascii('svg\0\0\0\0\0'), ascii(`<svg xmlns="http://www.w3.org/2000/svg"><script>fetch('x')</script></svg>`)))]), 'PNG carrying an SVG in iTXt'],
    ['jpeg-magic-png-body', 'jpeg', concat(Buffer.from([0xff, 0xd8, 0xff]), png.subarray(3)), 'JPEG magic, then a PNG'],
    ['png-magic-jpeg-body', 'png', concat(PNG_SIGNATURE, jpeg.subarray(2)), 'PNG signature, then a JPEG'],
    ['webp-riff-jpeg-body', 'webp', concat(ascii('RIFF'), u32le(jpeg.length + 4), ascii('WEBP'), jpeg), 'RIFF/WEBP header around a JPEG'],
    ['avif-brand-heic-body', 'avif', (() => { const b = Buffer.from(heic); b.write('avif', 8, 'latin1'); return b; })(), 'HEIC with its ftyp brand changed to avif'],
    ['heic-brand-avif-body', 'heic', (() => { const b = Buffer.from(avif); for (let at = b.indexOf('avif', 0, 'latin1'); at >= 0 && at < 40; at = b.indexOf('avif', 0, 'latin1')) b.write('heic', at, 'latin1'); return b; })(), 'AVIF with its brands changed to heic'],
    ['tiff-header-jpeg-body', 'tiff', concat(Buffer.from([0x49, 0x49, 0x2a, 0x00, 8, 0, 0, 0]), jpeg), 'TIFF header, then a JPEG'],
    ['ico-jpeg-entry', 'ico', (() => { const head = Buffer.alloc(22); head.writeUInt16LE(1, 2); head.writeUInt16LE(1, 4); head[6] = 64; head[7] = 48; head.writeUInt32LE(jpeg.length, 14); head.writeUInt32LE(22, 18); return concat(head, jpeg); })(), 'ICO whose entry is a JPEG'],
    ['svg-then-png', 'svg', concat(ascii('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>'), png), 'an SVG followed by PNG bytes'],
    ['html-pretending-svg', 'svg', ascii(`<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"></svg><html><body><script>fetch("http://127.0.0.1:9/__fuzz_leak__/after-svg")</script></body></html>`), 'SVG root, then an HTML page'],
    ['pdf-in-jpeg', 'jpeg', concat(jpeg, ascii('%PDF-1.4\n1 0 obj<<>>endobj\n%%EOF')), 'JPEG with a PDF appended'],
    ['bmp-with-zip', 'bmp', concat(get('bmp', 'upright-24'), zip), 'BMP with a ZIP appended'],
  ];
  return list.map(([name, format, bytes, note]) => ({ id: `${format}/polyglot/${name}`, format, kind: 'polyglot', expect: 'hostile', bytes, output: 'png', note }));
}

const u32le = (value: number): Buffer => {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(value >>> 0);
  return b;
};

const VALID_OUTPUTS: readonly OutputFormat[] = ['png', 'jpeg', 'webp', 'png', 'jpeg', 'webp', 'avif', 'qoi', 'same', 'jxl'];
const HOSTILE_OUTPUTS: readonly OutputFormat[] = ['png', 'jpeg', 'webp'];

export interface CorpusOptions {
  readonly seed?: number;
  /** Truncations and header/data flips per seed (the corpus size scales with these). */
  readonly truncations?: number;
  readonly headerFlips?: number;
  readonly dataFlips?: number;
}

/** The whole corpus, in a stable order. */
export async function generateCorpus({ seed = DEFAULT_SEED, truncations: truncationCount = 9, headerFlips = 5, dataFlips = 6 }: CorpusOptions = {}): Promise<FuzzInput[]> {
  const rng = prng(seed);
  const seeds = await makeSeeds();
  const inputs: FuzzInput[] = [];
  seeds.forEach((s, i) => {
    const entry: FuzzInput = { id: `${s.format}/seed/${s.name}`, format: s.format, kind: 'seed', expect: 'valid', bytes: s.bytes, output: VALID_OUTPUTS[i % VALID_OUTPUTS.length] as OutputFormat, note: `valid ${s.format} "${s.name}"` };
    inputs.push(s.size ? { ...entry, size: s.size } : entry);
  });
  VALID_SVGS.forEach((svg, i) => {
    const entry: FuzzInput = { id: `svg/seed/${svg.name}`, format: 'svg', kind: 'seed', expect: 'valid', bytes: Buffer.from(svg.text), output: (['png', 'webp', 'jpeg'] as const)[i % 3] as OutputFormat, note: `VALID_SVGS "${svg.name}"` };
    inputs.push(svg.size ? { ...entry, size: svg.size } : entry);
  });
  inputs.push(...(await issueFiles(rng)));
  for (const s of seeds) {
    const mutations = [
      ...truncations(s, rng, truncationCount).map((m) => ({ ...m, kind: 'truncate' })),
      ...flips(s, rng, headerFlips, 'header').map((m) => ({ ...m, kind: 'flip-header' })),
      ...flips(s, rng, dataFlips, 'data').map((m) => ({ ...m, kind: 'flip-data' })),
    ];
    const counters = new Map<string, number>();
    for (const m of mutations) {
      const n = counters.get(m.kind) ?? 0;
      counters.set(m.kind, n + 1);
      inputs.push({ id: `${s.format}/${m.kind}/${s.name}-${n}`, format: s.format, kind: m.kind, expect: 'hostile', bytes: m.bytes, output: rng.pick(HOSTILE_OUTPUTS), note: `${s.format} seed "${s.name}": ${m.note}` });
    }
  }
  // Truncations and flips of SVG text too.
  for (const svg of [...VALID_SVGS, ...ISSUE_VALID_SVGS]) {
    const bytes = Buffer.from(svg.text);
    for (let i = 0; i < 3; i += 1) {
      const at = rng.int(1, bytes.length - 1);
      inputs.push({ id: `svg/truncate/${svg.name}-${i}`, format: 'svg', kind: 'truncate', expect: 'hostile', bytes: bytes.subarray(0, at), output: 'png', note: `SVG "${svg.name}": first ${at} of ${bytes.length} bytes` });
    }
  }
  inputs.push(...(await headerLies(seeds, rng)));
  inputs.push(...(await bombs()));
  inputs.push(...HOSTILE_SVGS.map((svg): FuzzInput => ({ id: `svg/hostile/${svg.name}`, format: 'svg', kind: 'svg', expect: 'hostile', bytes: Buffer.from(svg.text), output: rng.pick(HOSTILE_OUTPUTS), note: `HOSTILE_SVGS "${svg.name}"` })));
  inputs.push(...nonImages(rng));
  inputs.push(...(await polyglots(seeds)));
  const ids = new Set<string>();
  for (const input of inputs) {
    if (ids.has(input.id)) throw new Error(`duplicate fuzz input id ${input.id}`);
    ids.add(input.id);
  }
  return inputs;
}

/**
 * The reduced sample for npm test: every issue-10 file, one valid seed per format, and a seeded pick of
 * the rest spread over kinds, `size` inputs in all.
 */
export function sampleCorpus(corpus: readonly FuzzInput[], size = 150, seed = DEFAULT_SEED): FuzzInput[] {
  const rng = prng(seed ^ 0x5a5a);
  const chosen = new Map<string, FuzzInput>();
  for (const input of corpus) if (input.kind === 'issue') chosen.set(input.id, input);
  const seenFormats = new Set<string>();
  for (const input of corpus) {
    if (input.kind === 'seed' && !seenFormats.has(input.format)) {
      seenFormats.add(input.format);
      chosen.set(input.id, input);
    }
  }
  // The heaviest bombs stay in the full run only (they are slow by design, not by fault).
  const rest = corpus.filter((input) => !chosen.has(input.id) && !/idat-(10000|8000)/.test(input.id));
  const byKind = new Map<string, FuzzInput[]>();
  for (const input of rest) byKind.set(input.kind, [...(byKind.get(input.kind) ?? []), input]);
  const kinds = [...byKind.keys()].sort();
  while (chosen.size < size && kinds.some((k) => (byKind.get(k)?.length ?? 0) > 0)) {
    for (const kind of kinds) {
      const pool = byKind.get(kind) ?? [];
      if (pool.length === 0 || chosen.size >= size) continue;
      const [picked] = pool.splice(rng.int(0, pool.length - 1), 1);
      if (picked) chosen.set(picked.id, picked);
    }
  }
  const order = new Map(corpus.map((input, i) => [input.id, i]));
  return [...chosen.values()].sort((a, b) => (order.get(a.id) ?? 0) - (order.get(b.id) ?? 0));
}
