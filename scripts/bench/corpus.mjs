// @ts-check
/** Loads the benchmark corpus: every file in a folder that sharp can read as an image (sniffed, not by name). */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';

/**
 * @typedef {{ name: string, bytes: Buffer, width: number, height: number, format: string }} CorpusFile
 */

/** @param {string} dir @returns {Promise<CorpusFile[]>} */
export async function loadCorpus(dir) {
  /** @type {CorpusFile[]} */
  const files = [];
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (!statSync(path).isFile()) continue;
    const bytes = readFileSync(path);
    try {
      const meta = await sharp(bytes).metadata();
      if (!meta.width || !meta.height || !meta.format) continue;
      files.push({ name, bytes, width: meta.width, height: meta.height, format: meta.format });
    } catch {
      // Not an image (README, licence text): not part of the batch.
    }
  }
  if (files.length === 0) throw new Error(`No images found in ${dir}`);
  return files;
}

/** @param {{ width: number, height: number }[]} files */
export const megapixels = (files) => files.reduce((sum, f) => sum + f.width * f.height, 0) / 1e6;

/** A small photo-like JPEG used to start workers and measure start-up without timing a big encode. */
export async function warmUpImage() {
  const width = 256;
  const height = 256;
  const raw = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 3;
      raw[i] = x;
      raw[i + 1] = y;
      raw[i + 2] = (x * y) & 255;
    }
  }
  return sharp(raw, { raw: { width, height, channels: 3 } }).jpeg({ quality: 85 }).toBuffer();
}

/**
 * A 10000 × 10000 JPEG with photo content: the largest corpus photo stretched
 * (noise would make an unrealistically large file).
 * @param {CorpusFile[]} files @param {string} path
 */
export async function writeHugeJpeg(files, path) {
  const source = files.filter((f) => f.format === 'jpeg').sort((a, b) => b.width * b.height - a.width * a.height)[0] ?? files[0];
  if (!source) throw new Error('empty corpus');
  await sharp(source.bytes, { limitInputPixels: false })
    .resize(10000, 10000, { fit: 'fill', kernel: 'cubic' })
    .jpeg({ quality: 85 })
    .toFile(path);
  return { source: source.name, bytes: readFileSync(path) };
}
