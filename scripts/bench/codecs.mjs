// @ts-check
/** The three conversions the benchmark times, with the same settings on both sides; goals from issue 14. */
import sharp from 'sharp';

/**
 * @typedef {{ id: string, label: string, format: 'webp' | 'jpeg' | 'avif', imglioOptions: Record<string, unknown>,
 *   sharp: (input: Buffer) => Promise<Buffer>, goal: number, goalId: 'webp' | 'mozjpeg' | 'avif' }} BenchCodec
 */

/** @type {BenchCodec[]} */
export const BENCH_CODECS = [
  {
    id: 'webp',
    label: 'WebP q75',
    format: 'webp',
    // Imglio's default: effort (method) 3, which the browser's own libwebp writes (the native path); sharp at the
    // same effort writes the same bitstream, so the sizes match.
    imglioOptions: { quality: 75 },
    sharp: (input) => sharp(input).rotate().webp({ quality: 75, effort: 3 }).toBuffer(),
    goal: 1.0,
    goalId: 'webp',
  },
  {
    id: 'jpeg',
    label: 'MozJPEG q75',
    format: 'jpeg',
    // Both: MozJPEG with trellis quantisation, progressive, optimised Huffman, 4:2:0; alpha flattened onto white.
    imglioOptions: { quality: 75 },
    sharp: (input) => sharp(input).rotate().flatten({ background: '#ffffff' }).jpeg({ quality: 75, mozjpeg: true, chromaSubsampling: '4:2:0' }).toBuffer(),
    goal: 0.6,
    goalId: 'mozjpeg',
  },
  {
    id: 'avif',
    label: 'AVIF q50 speed 6',
    format: 'avif',
    imglioOptions: { quality: 50, speed: 6 },
    // sharp's effort is 9 − libaom speed; its default subsampling is 4:4:4, Imglio's 4:2:0.
    sharp: (input) => sharp(input).rotate().avif({ quality: 50, effort: 3, chromaSubsampling: '4:2:0' }).toBuffer(),
    goal: 0.4,
    goalId: 'avif',
  },
];
