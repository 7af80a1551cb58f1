import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import { makeCanaries } from './canaries.ts';

describe('canary images', () => {
  const dir = mkdtempSync(join(tmpdir(), 'imglio-canary-test-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('writes a JPEG, a PNG and a lossless WebP, each with its own metadata text and random pixels', async () => {
    const set = await makeCanaries(dir);
    expect(set.files.map((f) => f.mimeType)).toEqual(['image/jpeg', 'image/png', 'image/webp']);
    const texts = new Set(set.files.map((f) => f.metadataText));
    expect(texts.size).toBe(3);
    for (const file of set.files) {
      expect(file.fileName).toContain(set.token);
      expect(readFileSync(file.path).equals(Buffer.from(file.bytes))).toBe(true);
      const metadata = await sharp(file.path).metadata();
      expect(metadata.format).toBe(file.mimeType === 'image/jpeg' ? 'jpeg' : file.mimeType.slice(6));
      expect(Buffer.from(file.bytes).includes(Buffer.from(file.metadataText)), `${file.fileName} carries ${file.metadataText}`).toBe(true);
      expect(metadata.exif?.includes(Buffer.from(file.metadataText)), `${file.fileName} EXIF`).toBe(true);
      expect(metadata.xmp?.includes(Buffer.from(file.metadataText)), `${file.fileName} XMP`).toBe(true);
    }
    const png = set.files[1];
    const decoded = await sharp(png?.path).removeAlpha().raw().toBuffer();
    expect(decoded.equals(Buffer.from(png?.rgbPixels ?? []))).toBe(true);
    const second = await makeCanaries(join(dir, 'again'));
    expect(second.token).not.toBe(set.token);
  });
});
