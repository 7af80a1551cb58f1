/**
 * The browser's own encoders (issue 14): which implementation the engine
 * picks for a WebP or JPEG request (ProcessResult.encodedWith), and that what
 * it writes is a valid file of the right size. The native WebP path must
 * write the same bytes as WASM libwebp at the same settings, since that is
 * the condition for using it (src/lib/native-encoders.ts).
 */
import sharp from 'sharp';
import { expect, test } from '@playwright/test';
import { decodeOutput, gradientPng, openLab, pixelAt, runJob, runJobs } from './engine-support.ts';

const W = 160;
const H = 120;

/** An opaque, photo-like input (gradient plus deterministic noise), so the lossy encoders have something to do. */
async function photoPng(): Promise<Buffer> {
  const raw = Buffer.alloc(W * H * 3);
  let seed = 7;
  for (let i = 0; i < raw.length; i += 3) {
    seed = (seed * 1103515245 + 12345) >>> 0;
    const x = (i / 3) % W;
    const y = Math.floor(i / 3 / W);
    raw[i] = Math.min(255, Math.round((255 * x) / W) + (seed >>> 28));
    raw[i + 1] = Math.min(255, Math.round((255 * y) / H) + ((seed >>> 24) & 15));
    raw[i + 2] = 100 + ((seed >>> 20) & 31);
  }
  return sharp(raw, { raw: { width: W, height: H, channels: 3 } }).png().toBuffer();
}

test.describe('native encoders', () => {
  test('a plain WebP quality request goes to the browser encoder and writes what WASM libwebp writes', async ({ page }) => {
    await openLab(page);
    const input = await photoPng();
    const [native, wasm, advanced] = await runJobs(page, input, [
      { name: 'a.png', output: { format: 'webp', quality: 70 } },
      { name: 'a.png', output: { format: 'webp', quality: 70, codecOptions: { implementation: 'wasm' } } },
      { name: 'a.png', output: { format: 'webp', quality: 70, codecOptions: { effort: 6, snsStrength: 70 } } },
    ]);
    if (!native?.ok || !wasm?.ok || !advanced?.ok) throw new Error(`a job failed: ${JSON.stringify([native, wasm, advanced])}`);
    expect(native.result).toMatchObject({ format: 'webp', width: W, height: H, encodedWith: 'native-webp', metadata: 'stripped' });
    expect(wasm.result.encodedWith).toBe('wasm-webp');
    expect(advanced.result.encodedWith).toBe('wasm-webp');
    // Same settings, same libwebp: the browser's bytes (its ICC chunk removed) are the WASM encoder's.
    expect(native.output.equals(wasm.output), `native ${native.output.length} B vs WASM ${wasm.output.length} B`).toBe(true);
    expect(native.output.subarray(12, 16).toString('latin1')).toBe('VP8 ');
    for (const outcome of [native, advanced]) {
      const decoded = await decodeOutput(outcome.output);
      expect(decoded).toMatchObject({ format: 'webp', width: W, height: H });
    }
    const ratio = advanced.output.length / native.output.length;
    expect(ratio, 'effort 6 + other sns: a similar size').toBeGreaterThan(0.6);
    expect(ratio).toBeLessThan(1.4);
  });

  test('lossless WebP and images with transparency keep the WASM encoder', async ({ page }) => {
    await openLab(page);
    const transparent = await gradientPng(64, 48);
    const { result: withAlpha, output } = await runJob(page, transparent, { name: 't.png', output: { format: 'webp', quality: 70 } });
    expect(withAlpha.encodedWith).toBe('wasm-webp');
    expect(await decodeOutput(output)).toMatchObject({ format: 'webp', width: 64, height: 48 });
    const lossless = await runJob(page, await photoPng(), { name: 'a.png', output: { format: 'webp', codecOptions: { lossless: true } } });
    expect(lossless.result.encodedWith).toBe('wasm-webp');
  });

  test('"Fast" JPEG uses the browser encoder and yields a valid JPEG; MozJPEG stays the default', async ({ page }) => {
    await openLab(page);
    const input = await photoPng();
    const [fast, moz] = await runJobs(page, input, [
      { name: 'a.png', output: { format: 'jpeg', quality: 80, codecOptions: { encoder: 'fast' } } },
      { name: 'a.png', output: { format: 'jpeg', quality: 80 } },
    ]);
    if (!fast?.ok || !moz?.ok) throw new Error(`a job failed: ${JSON.stringify([fast, moz])}`);
    expect(fast.result).toMatchObject({ format: 'jpeg', width: W, height: H, encodedWith: 'native-jpeg', metadata: 'stripped' });
    expect(moz.result.encodedWith).toBe('mozjpeg');
    const decoded = await decodeOutput(fast.output);
    expect(decoded).toMatchObject({ format: 'jpeg', width: W, height: H });
    const meta = await sharp(fast.output).metadata();
    expect(meta.icc, 'no ICC profile of its own: only what "keep metadata" adds').toBeUndefined();
    expect(meta.exif).toBeUndefined();
    // Roughly the source's colour in the middle (noise is at most 15 per channel).
    const [r, g] = pixelAt(decoded, W / 2, H / 2);
    expect(Math.abs((r as number) - 128)).toBeLessThan(30);
    expect(Math.abs((g as number) - 128)).toBeLessThan(30);
  });
});
