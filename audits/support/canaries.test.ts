import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import { CANARY_FORMATS, makeCanaries } from './canaries.ts';

describe('canary images', () => {
  const dir = mkdtempSync(join(tmpdir(), 'imglio-canary-test-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('writes one canary per input format, each with its own name, metadata text and random pixels', async () => {
    const set = await makeCanaries(dir);
    expect(set.files.map((f) => f.format)).toEqual(['JPEG', 'PNG', 'WebP', 'AVIF', 'GIF', 'TIFF', 'BMP', 'QOI', 'ICO', 'SVG', 'HEIC', 'JPEG XL']);
    expect(CANARY_FORMATS).toEqual(set.files.map((f) => f.format));
    expect(new Set(set.files.map((f) => f.metadataText)).size).toBe(set.files.length);
    for (const file of set.files) {
      expect(file.fileName).toContain(set.token);
      expect(readFileSync(file.path).equals(Buffer.from(file.bytes))).toBe(true);
      if (file.seeded) continue;
      const metadata = await sharp(file.path).metadata().catch(() => null);
      if (['JPEG', 'PNG', 'WebP', 'AVIF'].includes(file.format)) {
        expect(metadata?.width).toBe(48);
        expect(Buffer.from(file.bytes).includes(Buffer.from(file.metadataText)), `${file.fileName} carries ${file.metadataText}`).toBe(true);
        expect(metadata?.exif?.includes(Buffer.from(file.metadataText)), `${file.fileName} EXIF`).toBe(true);
      }
    }
    for (const format of ['PNG', 'BMP', 'TIFF']) {
      const file = set.files.find((f) => f.format === format);
      const decoded = await sharp(file?.path).removeAlpha().raw().toBuffer().catch(() => null);
      if (format !== 'BMP') expect(decoded?.equals(Buffer.from(file?.rgbPixels ?? [])), format).toBe(true);
    }
    const qoi = set.files.find((f) => f.format === 'QOI');
    expect(Buffer.from(qoi?.bytes ?? []).subarray(-8).equals(Buffer.from([0, 0, 0, 0, 0, 0, 0, 1]))).toBe(true);
    expect(set.files.find((f) => f.format === 'JPEG')?.exif).toBeTruthy();
    const svg = await sharp(set.files.find((f) => f.format === 'SVG')?.path).metadata();
    expect([svg.width, svg.height]).toEqual([48, 48]);
    const second = await makeCanaries(join(dir, 'again'), { formats: ['JPEG', 'PNG'] });
    expect(second.token).not.toBe(set.token);
    expect(second.files.map((f) => f.format)).toEqual(['JPEG', 'PNG']);
  });
});
