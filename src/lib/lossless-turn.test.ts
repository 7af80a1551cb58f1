import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { readExifOrientation } from './exif-block.ts';
import { extractJpegMetadata, jpegImageDataSegments } from './jpeg-metadata.ts';
import { losslessJpegTurn } from './lossless-turn.ts';

/** 40×20 JPEG, red block in the top-left corner, optionally with EXIF orientation and a camera make. */
async function photo(orientation?: number): Promise<Uint8Array> {
  const red = await sharp({ create: { width: 10, height: 10, channels: 3, background: '#ff0000' } }).png().toBuffer();
  let image = sharp({ create: { width: 40, height: 20, channels: 3, background: '#ffffff' } }).composite([{ input: red, left: 0, top: 0 }]).jpeg({ quality: 95 });
  if (orientation) image = image.withExif({ IFD0: { Make: 'TestCam' } }).withMetadata({ orientation });
  return new Uint8Array(await image.toBuffer());
}

/** Where the red block is once a viewer applies the orientation. */
async function redCorner(bytes: Uint8Array): Promise<{ width: number; height: number; corner: string }> {
  const { data, info } = await sharp(bytes).rotate().raw().toBuffer({ resolveWithObject: true });
  const red = (x: number, y: number) => (data[(y * info.width + x) * info.channels] as number) > 200 && (data[(y * info.width + x) * info.channels + 1] as number) < 80;
  const corners: Record<string, [number, number]> = { 'top-left': [2, 2], 'top-right': [info.width - 3, 2], 'bottom-left': [2, info.height - 3], 'bottom-right': [info.width - 3, info.height - 3] };
  const corner = Object.entries(corners).find(([, [x, y]]) => red(x, y))?.[0] ?? 'none';
  return { width: info.width, height: info.height, corner };
}

const sameImageData = (a: Uint8Array, b: Uint8Array) => {
  const left = jpegImageDataSegments(a);
  const right = jpegImageDataSegments(b);
  return left.length === right.length && left.every((segment, i) => Buffer.compare(Buffer.from(segment), Buffer.from(right[i] as Uint8Array)) === 0);
};

describe('losslessJpegTurn', () => {
  it('rotates right by setting the orientation; the compressed data is unchanged', async () => {
    const input = await photo();
    const outcome = losslessJpegTurn(input, { width: 40, height: 20 }, { rotate: 90 }, 'strip', false);
    if (outcome.kind !== 'done') throw new Error('expected a lossless turn');
    expect(outcome.note).toBe('Rotated losslessly: image data unchanged (orientation set).');
    expect([outcome.width, outcome.height, outcome.orientation]).toEqual([20, 40, 6]);
    expect(sameImageData(input, outcome.bytes)).toBe(true);
    expect(await redCorner(outcome.bytes)).toEqual({ width: 20, height: 40, corner: 'top-right' });
  });

  it('combines with an existing orientation and keeps or strips the other metadata', async () => {
    const input = await photo(6);
    const kept = losslessJpegTurn(input, { width: 40, height: 20 }, { rotate: 90 }, 'keep', false);
    const stripped = losslessJpegTurn(input, { width: 40, height: 20 }, { rotate: 90 }, 'strip', false);
    if (kept.kind !== 'done' || stripped.kind !== 'done') throw new Error('expected lossless turns');
    expect(kept.orientation).toBe(3);
    expect([kept.inputWidth, kept.inputHeight, kept.width, kept.height]).toEqual([20, 40, 40, 20]);
    expect(await redCorner(kept.bytes)).toEqual({ width: 40, height: 20, corner: 'bottom-right' });
    expect(new TextDecoder().decode(extractJpegMetadata(kept.bytes).exif)).toContain('TestCam');
    const strippedExif = extractJpegMetadata(stripped.bytes).exif as Uint8Array;
    expect(readExifOrientation(strippedExif)).toBe(3);
    expect(new TextDecoder().decode(strippedExif)).not.toContain('TestCam');
    expect(sameImageData(input, kept.bytes) && sameImageData(input, stripped.bytes)).toBe(true);
  });

  it('flipping twice gives the original orientation back', async () => {
    const input = await photo();
    const once = losslessJpegTurn(input, { width: 40, height: 20 }, { flipHorizontal: true }, 'strip', false);
    if (once.kind !== 'done') throw new Error('expected a lossless flip');
    expect(once.note).toMatch(/^Flipped losslessly/);
    expect((await redCorner(once.bytes)).corner).toBe('top-right');
    const twice = losslessJpegTurn(once.bytes, { width: 40, height: 20 }, { flipHorizontal: true }, 'strip', false);
    if (twice.kind !== 'done') throw new Error('expected a lossless flip');
    expect(twice.orientation).toBe(1);
    expect((await redCorner(twice.bytes)).corner).toBe('top-left');
  });

  it('says why a crop, straighten or resize needs a re-encode', async () => {
    const input = await photo();
    expect(losslessJpegTurn(input, { width: 40, height: 20 }, { rotate: 90, crop: { x: 0, y: 0, width: 10, height: 10 }, straighten: 2 }, 'strip', false))
      .toEqual({ kind: 'not-possible', note: 'Re-encoded: cropping and straightening need new pixels (only 90° turns and flips of a JPEG can be lossless).' });
    expect(losslessJpegTurn(input, { width: 40, height: 20 }, {}, 'strip', false)).toEqual({ kind: 'not-possible' });
  });
});
