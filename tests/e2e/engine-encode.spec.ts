/**
 * The image engine in Chromium under the production headers (nginx +
 * nginx.conf): every encoder's output is decoded back in Node and checked,
 * plus alpha flattening, edits, abort, failure isolation, and proof that
 * no wasm is shipped as a file or fetched.
 */
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { expect, test } from '@playwright/test';
import { siteRoot, watchPage } from './support.ts';
import { decodeOutput, gradientPng, openLab, pixelAt, runJob, runJobs, type JobRequest } from './engine-support.ts';

const W = 64;
const H = 48;

async function sourceRgba(png: Buffer): Promise<Uint8Array> {
  return new Uint8Array(await sharp(png).ensureAlpha().raw().toBuffer());
}

/** Positions whose alpha differs, or whose colour differs where visible (the decoder may zero colour under alpha 0). */
function visibleDifferences(actual: Uint8Array, expected: Uint8Array): number[] {
  const differing: number[] = [];
  for (let i = 0; i < expected.length; i += 4) {
    const alpha = expected[i + 3] as number;
    const same = actual[i + 3] === alpha && (alpha === 0 || (actual[i] === expected[i] && actual[i + 1] === expected[i + 1] && actual[i + 2] === expected[i + 2]));
    if (!same) differing.push(i / 4);
  }
  return differing.slice(0, 10);
}

test.describe('every encoder', () => {
  const cases: Array<{ name: string; request: JobRequest; format: string; lossless?: boolean; check?: (decoded: Awaited<ReturnType<typeof decodeOutput>>) => void }> = [
    { name: 'MozJPEG', request: { name: 'a.png', output: { format: 'jpeg', codecOptions: { quality: 80, progressive: true, chromaSubsampling: '444' } } }, format: 'jpeg' },
    { name: 'WebP lossy', request: { name: 'a.png', output: { format: 'webp', codecOptions: { quality: 70, effort: 6 } } }, format: 'webp' },
    { name: 'WebP lossless', request: { name: 'a.png', output: { format: 'webp', codecOptions: { lossless: true, exact: true } } }, format: 'webp', lossless: true },
    { name: 'AVIF', request: { name: 'a.png', output: { format: 'avif', codecOptions: { quality: 60, speed: 8 } } }, format: 'avif' },
    { name: 'JPEG XL', request: { name: 'a.png', output: { format: 'jxl', codecOptions: { quality: 80, effort: 3 } } }, format: 'jxl' },
    { name: 'JPEG XL lossless', request: { name: 'a.png', output: { format: 'jxl', codecOptions: { lossless: true, effort: 3 } } }, format: 'jxl', lossless: true },
    { name: 'PNG + OxiPNG', request: { name: 'a.png', output: { format: 'png', codecOptions: { optimisation: 3 } } }, format: 'png', lossless: true },
    { name: 'QOI', request: { name: 'a.png', output: { format: 'qoi' } }, format: 'qoi', lossless: true },
  ];

  for (const { name, request, format, lossless } of cases) {
    test(`${name} produces a valid ${format} of the right size`, async ({ page }) => {
      await openLab(page);
      const input = await gradientPng(W, H);
      const { result, output } = await runJob(page, input, request);
      expect(result).toMatchObject({ format, width: W, height: H, inputFormat: 'png', inputWidth: W, inputHeight: H, keptOriginal: false, metadata: 'stripped' });
      const decoded = await decodeOutput(output);
      expect(decoded).toMatchObject({ format, width: W, height: H });
      const source = await sourceRgba(input);
      if (lossless) {
        expect(visibleDifferences(decoded.data, source), 'pixels that differ from the source').toEqual([]);
      } else {
        // An opaque pixel keeps roughly its colour: right half, middle row.
        const [r, g, b] = pixelAt(decoded, 48, 24);
        const i = (24 * W + 48) * 4;
        expect(Math.abs((r as number) - (source[i] as number))).toBeLessThan(24);
        expect(Math.abs((g as number) - (source[i + 1] as number))).toBeLessThan(24);
        expect(Math.abs((b as number) - (source[i + 2] as number))).toBeLessThan(24);
      }
    });
  }

  test('AVIF and JPEG XL run threaded under cross-origin isolation; lossless AVIF is near exact', async ({ page, context }) => {
    const workerScripts: string[] = [];
    context.on('request', (request) => {
      if (/(avif_enc_mt|jxl_enc_mt_simd)\.worker/.test(request.url())) workerScripts.push(new URL(request.url()).pathname.replace(/\.worker.*/, ''));
    });
    await openLab(page);
    expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
    const input = await gradientPng(W, H);
    const { output } = await runJob(page, input, { name: 'a.png', output: { format: 'avif', codecOptions: { lossless: true, speed: 9 } } });
    const decoded = await decodeOutput(output);
    expect(decoded).toMatchObject({ format: 'avif', width: W, height: H });
    expect(workerScripts, 'pthread workers of the threaded AVIF encoder were started').toContain('/_astro/avif_enc_mt');
    const jxl = await runJob(page, input, { name: 'a.png', output: { format: 'jxl', codecOptions: { effort: 5 } } });
    expect(await decodeOutput(jxl.output)).toMatchObject({ format: 'jxl', width: W, height: H });
    expect(workerScripts, 'pthread workers of the threaded JPEG XL encoder were started').toContain('/_astro/jxl_enc_mt_simd');
    // Lossless AVIF is YUV 4:4:4 at 8 bits: within one step of the source after the RGB round trip.
    const source = await sourceRgba(input);
    let worst = 0;
    for (let i = 0; i < source.length; i += 4) if (source[i + 3] === 255) for (let c = 0; c < 3; c += 1) worst = Math.max(worst, Math.abs((source[i + c] as number) - (decoded.data[i + c] as number)));
    expect(worst).toBeLessThanOrEqual(2);
  });

  test('a batch of AVIF jobs encodes in parallel on the single-threaded build; a lone AVIF job still runs threaded', async ({ page, context }) => {
    // Which build the workers loaded, from the scripts they requested: the single-threaded build is the
    // avif_enc-* chunks (glue and inlined wasm); the threaded build starts avif_enc_mt.worker scripts (its pthreads).
    const loads: string[] = [];
    context.on('request', (request) => {
      const path = new URL(request.url()).pathname;
      if (/\/avif_enc_mt\.worker[^/]*\.js$/.test(path)) loads.push('threaded');
      else if (/\/avif_enc-[^/]*\.js$/.test(path)) loads.push('single');
    });
    await openLab(page);
    // The prefetch fetched both builds; from here on the workers' own loads (from the HTTP cache) tell which ran.
    loads.length = 0;
    expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
    const input = await gradientPng(W, H);
    const runInFreshPool = (jobs: number) =>
      page.evaluate(
        async ({ base64, jobs }) => {
          const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
          const pool = window.imglioCreateEngine!({ maxWorkers: 2, threadBudget: 2, idleMs: 600_000 });
          try {
            const request = () => ({ input: bytes.slice().buffer, name: 'a.png', output: { format: 'avif' as const, codecOptions: { quality: 60, speed: 9 } } });
            const results = await Promise.all(Array.from({ length: jobs }, () => pool.process(request())));
            // A pool starts a second worker only when a job starts while the first is busy, and
            // idle workers live on (idleMs), so two workers here means two jobs ran at once.
            return { formats: results.map((result) => `${result.format} ${result.width}x${result.height}`), workers: pool.workerCount };
          } finally {
            pool.terminate();
          }
        },
        { base64: input.toString('base64'), jobs },
      );

    const batch = await runInFreshPool(4);
    expect(batch.formats).toEqual(Array(4).fill(`avif ${W}x${H}`));
    expect(batch.workers, 'two AVIF jobs ran at the same time, one per worker').toBe(2);
    expect([...new Set(loads)], 'the single-threaded build was loaded and no pthread worker started').toEqual(['single']);

    loads.length = 0;
    const lone = await runInFreshPool(1);
    expect(lone).toEqual({ formats: [`avif ${W}x${H}`], workers: 1 });
    expect(loads, 'a lone AVIF job uses the threaded build').toContain('threaded');
    expect(loads).not.toContain('single');
  });

  test('PNG palette reduction quantises to N colours', async ({ page }) => {
    await openLab(page);
    const input = await gradientPng(W, H, { transparent: false });
    const { output } = await runJob(page, input, { name: 'a.png', output: { format: 'png', codecOptions: { reducePalette: true, colours: 8, dithering: 'floyd-steinberg' } } });
    const decoded = await decodeOutput(output);
    expect(decoded).toMatchObject({ format: 'png', width: W, height: H });
    const colours = new Set<number>();
    for (let i = 0; i < decoded.data.length; i += 4) colours.add(Buffer.from(decoded.data.subarray(i, i + 4)).readUInt32BE());
    expect(colours.size).toBeLessThanOrEqual(8);
    expect(colours.size).toBeGreaterThan(1);
    expect((await sharp(output).metadata()).isPalette, 'OxiPNG wrote an indexed PNG').toBe(true);
  });
});

test('alpha is flattened onto the background when encoding JPEG', async ({ page }) => {
  await openLab(page);
  const input = await gradientPng(W, H);
  const white = await decodeOutput((await runJob(page, input, { name: 'a.png', output: { format: 'jpeg', codecOptions: { quality: 90 } } })).output);
  for (const channel of pixelAt(white, 8, 24).slice(0, 3)) expect(channel).toBeGreaterThanOrEqual(250);
  const black = await decodeOutput((await runJob(page, input, { name: 'a.png', output: { format: 'jpeg', codecOptions: { quality: 90 } }, background: '#000' })).output);
  for (const channel of pixelAt(black, 8, 24).slice(0, 3)) expect(channel).toBeLessThanOrEqual(5);
});

test('edits give the planned dimensions and orientation', async ({ page }) => {
  await openLab(page);
  const input = await gradientPng(W, H, { transparent: false });
  const png = { format: 'png' as const, codecOptions: { optimisation: 0 } };
  const size = async (request: Omit<JobRequest, 'name' | 'output'>) => {
    const { result, output } = await runJob(page, input, { name: 'a.png', output: png, ...request });
    const decoded = await decodeOutput(output);
    expect([decoded.width, decoded.height]).toEqual([result.width, result.height]);
    return decoded;
  };
  const resize = (fields: object) => ({ edits: { resize: { fit: 'contain', method: 'lanczos3', allowEnlarge: false, ...fields } as never } });
  expect(await size(resize({ width: 32, height: 32 }))).toMatchObject({ width: 32, height: 24 });
  expect(await size(resize({ width: 20, height: 20, fit: 'cover', method: 'mitchell' }))).toMatchObject({ width: 20, height: 20 });
  expect(await size(resize({ width: 30, height: 10, fit: 'fill', method: 'triangle' }))).toMatchObject({ width: 30, height: 10 });
  expect(await size(resize({ percent: 50, method: 'native' }))).toMatchObject({ width: 32, height: 24 });
  expect(await size(resize({ width: 640 }))).toMatchObject({ width: 64, height: 48 });
  expect(await size(resize({ width: 128, allowEnlarge: true, method: 'hqx' }))).toMatchObject({ width: 128, height: 96 });
  expect(await size(resize({ width: 32, method: 'catrom' }))).toMatchObject({ width: 32, height: 24 });

  // Rotating 90° clockwise puts the old bottom-left corner (red 0, green 255) at the top-left.
  const rotated = await size({ edits: { rotate: 90 } });
  expect([rotated.width, rotated.height]).toEqual([H, W]);
  expect(pixelAt(rotated, 0, 0).slice(0, 2)).toEqual([0, 255]);
  const flipped = await size({ edits: { flipHorizontal: true } });
  expect(pixelAt(flipped, 0, 0).slice(0, 2)).toEqual([255, 0]);
  const cropped = await size({ edits: { crop: { x: 10, y: 5, width: 20, height: 30 } } });
  expect([cropped.width, cropped.height]).toEqual([20, 30]);
  expect(pixelAt(cropped, 0, 0).slice(0, 2)).toEqual([Math.round((255 * 10) / 63), Math.round((255 * 5) / 47)]);
});

test('a bad crop and bad options are refused with clear messages', async ({ page }) => {
  await openLab(page);
  const input = await gradientPng(W, H);
  const [crop, options, format] = await runJobs(page, input, [
    { name: 'a.png', output: { format: 'png' }, edits: { crop: { x: 60, y: 0, width: 10, height: 10 } } },
    { name: 'a.png', output: { format: 'webp', codecOptions: { quality: 150, speed: 3 } } },
    { name: 'a.png', output: { format: 'gif' as 'png' } },
  ]);
  expect(crop).toEqual({ ok: false, code: 'invalid-options', message: 'Crop rectangle 10 × 10 at (60, 0) reaches outside the 64 × 48 image' });
  expect(options).toMatchObject({ ok: false, code: 'invalid-options' });
  expect(options?.ok === false && options.message).toContain('WebP has no option "speed"');
  expect(options?.ok === false && options.message).toContain('WebP option "quality" (Quality) must be from 0 to 100, got 150');
  expect(format).toMatchObject({ ok: false, code: 'invalid-options', message: expect.stringContaining('No encoder for gif') });
});

test('"same" keeps an encodable input format', async ({ page }) => {
  await openLab(page);
  const webp = await sharp(await gradientPng(W, H)).webp({ quality: 80 }).toBuffer();
  const { result, output } = await runJob(page, webp, { name: 'a.webp', output: { format: 'same' } });
  expect(result).toMatchObject({ format: 'webp', inputFormat: 'webp', mime: 'image/webp', extension: 'webp' });
  expect((await decodeOutput(output)).format).toBe('webp');
});

test('an aborted job rejects with "aborted" and the engine carries on', async ({ page }) => {
  await openLab(page);
  const big = await gradientPng(1200, 1200, { transparent: false });
  const [aborted, queuedAbort] = await runJobs(
    page,
    big,
    [
      { name: 'big.png', output: { format: 'jxl', codecOptions: { effort: 9, quality: 95 } } },
      { name: 'big.png', output: { format: 'jxl', codecOptions: { effort: 9 } } },
    ],
    [300, 0],
  );
  expect(aborted).toMatchObject({ ok: false, code: 'aborted' });
  expect(queuedAbort).toMatchObject({ ok: false, code: 'aborted' });
  const after = await runJob(page, await gradientPng(W, H), { name: 'a.png', output: { format: 'webp' } });
  expect(after.result.format).toBe('webp');
});

test('one failing job does not fail or stall the others', async ({ page }) => {
  await openLab(page);
  const input = await gradientPng(W, H);
  const outcomes = await page.evaluate(async (base64) => {
    const engine = window.imglioEngine!;
    const good = () => Uint8Array.from(atob(base64), (c) => c.charCodeAt(0)).buffer;
    const truncated = good().slice(0, 60);
    const jobs: Array<[ArrayBuffer, string]> = [[truncated, 'webp'], [good(), 'webp'], [new ArrayBuffer(0), 'png'], [good(), 'jpeg'], [new TextEncoder().encode('hello, not an image').buffer, 'png'], [good(), 'avif']];
    return Promise.all(jobs.map(async ([input, format]) => {
      try {
        const result = await engine.process({ input, name: 'x', output: { format: format as 'png' } });
        return { ok: true, format: result.format };
      } catch (error) {
        return { ok: false, code: (error as { code: string }).code };
      }
    }));
  }, input.toString('base64'));
  expect(outcomes).toEqual([
    { ok: false, code: 'corrupt' },
    { ok: true, format: 'webp' },
    { ok: false, code: 'empty' },
    { ok: true, format: 'jpeg' },
    { ok: false, code: 'not-an-image' },
    { ok: true, format: 'avif' },
  ]);
});

test('no wasm file in dist, and running every codec requests no wasm and nothing but same-origin scripts', async ({ page, context }) => {
  const walk = (dir: string): string[] => readdirSync(dir).flatMap((name) => (statSync(join(dir, name)).isDirectory() ? walk(join(dir, name)) : [join(dir, name)]));
  expect(walk(siteRoot()).filter((file) => /\.wasm(\.gz|\.br)?$/i.test(file))).toEqual([]);

  const problems = await watchPage(page);
  await openLab(page);
  const requests: Array<{ url: string; method: string; type: string }> = [];
  context.on('request', (request) => requests.push({ url: request.url(), method: request.method(), type: request.resourceType() }));
  const input = await gradientPng(W, H);
  const formats: JobRequest['output'][] = [
    { format: 'jpeg' }, { format: 'webp' }, { format: 'webp', codecOptions: { lossless: true } }, { format: 'avif', codecOptions: { speed: 9 } },
    { format: 'jxl', codecOptions: { effort: 3 } }, { format: 'png' }, { format: 'png', codecOptions: { reducePalette: true, colours: 16 } }, { format: 'qoi' },
  ];
  for (const output of formats) {
    await runJob(page, input, { name: 'a.png', output, edits: { resize: { width: 40, fit: 'contain', method: 'lanczos3', allowEnlarge: false } } });
    await runJob(page, input, { name: 'a.png', output, edits: { resize: { width: 90, fit: 'contain', method: 'hqx', allowEnlarge: true } } });
  }
  const origin = new URL(page.url()).origin;
  expect(requests.filter((r) => /\.wasm/i.test(r.url)), 'wasm requests').toEqual([]);
  expect(requests.filter((r) => r.method !== 'GET' || new URL(r.url).origin !== origin || !/^\/_astro\/[\w.-]+\.js$/.test(new URL(r.url).pathname)), 'requests other than same-origin script chunks').toEqual([]);
  // Worker requests are observed (the codecs' chunks load lazily inside workers), so the check above saw them.
  expect(requests.some((r) => /image\.worker/.test(r.url))).toBe(true);
  // …including the ones a worker makes itself: MozJPEG's wasm chunk is imported only inside the worker.
  expect(requests.some((r) => /\/mozjpeg_enc-[\w-]+\.js$/.test(r.url))).toBe(true);
  expect(await problems.violations()).toEqual([]);
  expect(problems.pageErrors).toEqual([]);
  expect(problems.consoleErrors).toEqual([]);
});

test('smart modes choose a quality within 7 encodes and say why', async ({ page }) => {
  await openLab(page);
  const input = await gradientPng(256, 192, { transparent: false });
  const [size, similarity, lossless] = await runJobs(page, input, [
    { name: 'a.png', output: { format: 'jpeg' }, smart: { kind: 'target-size', maxBytes: 4000 } },
    { name: 'a.png', output: { format: 'webp' }, smart: { kind: 'target-similarity', minSsim: 0.97 } },
    { name: 'a.png', output: { format: 'png' }, smart: { kind: 'target-size', maxBytes: 4000 } },
  ]);
  if (!size?.ok || !similarity?.ok) throw new Error(JSON.stringify([size, similarity]));
  const bySize = size.result.quality!;
  expect(bySize.attempts.length).toBeLessThanOrEqual(7);
  expect(size.output.length).toBeLessThanOrEqual(4000);
  expect(bySize.attempts.find((a) => a.quality === bySize.chosen)?.bytes).toBe(size.output.length);
  expect(bySize.reason.length).toBeGreaterThan(10);
  expect((await decodeOutput(size.output)).format).toBe('jpeg');
  const bySimilarity = similarity.result.quality!;
  expect(bySimilarity.attempts.length).toBeLessThanOrEqual(7);
  expect(bySimilarity.attempts.find((a) => a.quality === bySimilarity.chosen)?.ssim).toBeGreaterThanOrEqual(0.97);
  expect(lossless).toMatchObject({ ok: false, code: 'invalid-options', message: expect.stringContaining('PNG has no quality setting') });
});

test('keep-original-if-smaller returns the input untouched only when allowed', async ({ page }) => {
  await openLab(page);
  // With EXIF: decode.ts reports whether an input carries metadata, and a bare original may come back even when stripping.
  const jpeg = await sharp(await gradientPng(W, H, { transparent: false })).jpeg({ quality: 40 }).withExif({ IFD0: { Make: 'Keep-original test' } }).toBuffer();
  const request = { name: 'a.jpg', output: { format: 'same' as const, codecOptions: { quality: 95 } }, keepOriginalIfSmaller: true };
  const [kept, stripped, resized] = await runJobs(page, jpeg, [
    { ...request, metadata: 'keep' },
    // Metadata was to be stripped: the original (which carries EXIF) must not come back, its losslessly stripped copy may.
    { ...request, metadata: 'strip' },
    { ...request, metadata: 'keep', edits: { resize: { width: 32, fit: 'contain', method: 'lanczos3', allowEnlarge: false } } },
  ]);
  if (!kept?.ok || !stripped?.ok || !resized?.ok) throw new Error(JSON.stringify([kept, stripped, resized]));
  expect(kept.result).toMatchObject({ keptOriginal: true, format: 'jpeg', width: W, height: H });
  expect(kept.output.equals(jpeg)).toBe(true);
  // At quality 95 the re-encode of a quality-40 JPEG is larger: the original without its EXIF wins (issue 11 item 3).
  expect(stripped.result).toMatchObject({ keptOriginal: true, kept: 'stripped-original', metadata: 'stripped', format: 'jpeg', width: W, height: H });
  expect(stripped.output.length).toBeLessThan(jpeg.length);
  expect(stripped.result.keptReason).toMatch(/^Kept the original without its metadata/);
  expect((await sharp(stripped.output).metadata()).exif).toBeUndefined();
  expect(resized.result).toMatchObject({ keptOriginal: false, width: 32 });
});

test('once a worker has loaded its codecs, encoding with every codec makes no request at all', async ({ page, context }) => {
  const problems = await watchPage(page);
  await openLab(page);
  const input = await gradientPng(W, H);
  const outputs: JobRequest['output'][] = [
    { format: 'jpeg' }, { format: 'webp' }, { format: 'avif', codecOptions: { speed: 9 } }, { format: 'jxl', codecOptions: { effort: 3 } },
    { format: 'png', codecOptions: { reducePalette: true, colours: 16 } }, { format: 'qoi' },
  ];
  const runAll = () =>
    page.evaluate(
      async ({ base64, outputs }) => {
        const g = window as unknown as { __onePool?: ReturnType<NonNullable<typeof window.imglioCreateEngine>> };
        // One long-lived worker, so the second pass runs where the first loaded everything.
        g.__onePool ??= window.imglioCreateEngine!({ maxWorkers: 1, idleMs: 600_000 });
        const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
        const formats: string[] = [];
        for (const output of outputs) {
          const resize = { width: 100, fit: 'contain' as const, method: 'hqx' as const, allowEnlarge: true };
          formats.push((await g.__onePool.process({ input: bytes.slice().buffer, name: 'a.png', output, edits: { resize } })).format);
        }
        return formats;
      },
      { base64: input.toString('base64'), outputs },
    );
  expect(await runAll()).toEqual(['jpeg', 'webp', 'avif', 'jxl', 'png', 'qoi']);
  const requests: string[] = [];
  context.on('request', (request) => requests.push(`${request.method()} ${request.url()}`));
  expect(await runAll()).toEqual(['jpeg', 'webp', 'avif', 'jxl', 'png', 'qoi']);
  expect(requests).toEqual([]);
  expect(await problems.violations()).toEqual([]);
  expect(problems.pageErrors).toEqual([]);
});
