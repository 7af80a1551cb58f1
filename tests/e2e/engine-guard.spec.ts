/**
 * The engine's guards (issue 10): every job has a time budget (a watchdog in the pool stops a worker past it and
 * the job alone fails with 'timeout'), and an encoder's dimension limits are checked before anything is decoded.
 * Budgets are shortened through the pool's own options; nothing waits a fixed time, everything polls or awaits.
 */
import { crc32 } from 'node:zlib';
import sharp from 'sharp';
import { expect, test } from '@playwright/test';
import { openLab, runJobs } from './engine-support.ts';

test('a worker stuck in a synchronous loop is stopped at its budget; its job alone fails with "timeout"; the queue goes on', async ({ page }) => {
  await openLab(page);
  const report = await page.evaluate(async () => {
    let started = 0;
    const pool = new window.imglioWorkerPool!({
      createWorker: () => {
        started += 1;
        return new Worker('/__test__/pool-test-worker.js');
      },
      maxWorkers: 2,
      headerBudgetMs: 600,
      budgetMs: () => 600,
    });
    const job = (name: string) =>
      pool.process({ input: new ArrayBuffer(8), name, output: { format: 'png' } }).then(
        (result) => `ok ${result.inputBytes}`,
        (error: { code: string; message: string }) => `${error.code}: ${error.message}`,
      );
    const outcomes = await Promise.all([job('a'), job('hang'), job('b'), job('hang-after-header'), job('c'), job('d')]);
    const after = await job('e');
    pool.terminate();
    return { outcomes, after, started };
  });
  expect(report.outcomes[0]).toBe('ok 8');
  expect(report.outcomes[1]).toMatch(/^timeout: Reading the header of this file took longer than its time limit of 1 s, so it was stopped\. The file is probably damaged/);
  expect(report.outcomes[2]).toBe('ok 8');
  expect(report.outcomes[3]).toMatch(/^timeout: Decoding this 10 × 10 PNG image took longer than its time limit of 1 s, so it was stopped\./);
  expect(report.outcomes.slice(4)).toEqual(['ok 8', 'ok 8']);
  expect(report.after, 'the pool works on after the stuck workers were replaced').toBe('ok 8');
  // Two stuck workers were stopped and replaced.
  expect(report.started).toBeGreaterThanOrEqual(3);
});

test('jobs whose headers would put too many pixels in flight wait, before decoding, for the others to finish', async ({ page }) => {
  await openLab(page);
  const spans = await page.evaluate(async () => {
    const pool = new window.imglioWorkerPool!({ createWorker: () => new Worker('/__test__/pool-test-worker.js'), maxWorkers: 2 });
    const job = (name: string) => pool.process({ input: new ArrayBuffer(8), name, output: { format: 'png' } }).then((result) => ({ admitted: result.timings.decode, finished: result.timings.encode }));
    // Two 64 MP jobs exceed the default 100 MP in flight: the second waits. Two 1 MP jobs run side by side.
    const big = await Promise.all([job('big-1'), job('big-2')]);
    const small = await Promise.all([job('header-1'), job('header-2')]);
    pool.terminate();
    return { big, small };
  });
  const [first, second] = spans.big.slice().sort((a, b) => a.admitted - b.admitted);
  expect(second!.admitted, 'the second 64 MP job was admitted only after the first finished').toBeGreaterThanOrEqual(first!.finished);
  const [a, b] = spans.small.slice().sort((x, y) => x.admitted - y.admitted);
  expect(b!.admitted, 'small jobs overlap').toBeLessThan(a!.finished);
});

test('a real job past its (shortened) budget fails with "timeout" while the rest of the batch converts', async ({ page }) => {
  test.setTimeout(120_000);
  await openLab(page);
  // Noise, so AVIF at speed 0 has real work: far longer than the 3 s budget the test gives AVIF jobs.
  const size = 1200;
  const noise = Buffer.alloc(size * size * 3);
  for (let i = 0; i < noise.length; i += 1) noise[i] = (i * 2654435761) >>> 24;
  const input = await sharp(noise, { raw: { width: size, height: size, channels: 3 } }).png({ compressionLevel: 1 }).toBuffer();
  const outcomes = await page.evaluate(
    async ({ base64 }) => {
      const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
      // One worker: the JPEG job after the AVIF one runs only once the stuck worker was stopped and replaced.
      const pool = new window.imglioWorkerPool!({ maxWorkers: 1, budgetMs: (facts, standard) => (facts.output?.format === 'avif' ? 3000 : standard) });
      const run = (format: 'webp' | 'avif' | 'jpeg', codecOptions?: Record<string, unknown>) =>
        pool.process({ input: bytes.slice().buffer, name: `noise.png`, output: { format, ...(codecOptions ? { codecOptions } : {}) } }).then(
          (result) => `ok ${result.format} ${result.width}x${result.height}`,
          (error: { code: string; message: string }) => `${error.code}: ${error.message}`,
        );
      const settled = await Promise.all([run('webp'), run('avif', { speed: 0 }), run('jpeg')]);
      pool.terminate();
      return settled;
    },
    { base64: input.toString('base64') },
  );
  expect(outcomes[0]).toBe(`ok webp ${size}x${size}`);
  expect(outcomes[1]).toMatch(/^timeout: Encoding this 1\.4-megapixel image as AVIF took longer than its time limit of 3 s, so it was stopped\. To finish it, raise AVIF Speed/);
  expect(outcomes[2]).toBe(`ok jpeg ${size}x${size}`);
});

/** A PNG whose header declares width × height and whose IDAT is not zlib data: decoding it would fail as damaged. */
function undecodablePng(width: number, height: number): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body) >>> 0);
    return Buffer.concat([length, body, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 6, 0, 0, 0], 8);
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', Buffer.alloc(64, 0xa5)), chunk('IEND', Buffer.alloc(0))]);
}

test("an encoder's dimension limit is checked before decoding, against the size the edits produce", async ({ page }) => {
  await openLab(page);
  const strip = await sharp({ create: { width: 20000, height: 1, channels: 3, background: { r: 200, g: 30, b: 30 } } }).png().toBuffer();
  const [toWebp, resized, toPng] = await runJobs(page, strip, [
    { name: 'strip.png', output: { format: 'webp' } },
    { name: 'strip.png', output: { format: 'webp' }, edits: { resize: { width: 16000, fit: 'contain', method: 'triangle', allowEnlarge: false } } },
    { name: 'strip.png', output: { format: 'png' } },
  ]);
  expect(toWebp).toMatchObject({ ok: false, code: 'too-large-for-format' });
  expect(toWebp?.ok === false && toWebp.message).toBe('WebP images can be at most 16383 pixels wide; this one would be 20000 × 1. Resize it to at most 16383 pixels wide (Resize settings), or choose JPEG or PNG, which can hold it.');
  expect(resized?.ok && `${resized.result.format} ${resized.result.width}x${resized.result.height}`).toBe('webp 16000x1');
  expect(toPng?.ok && toPng.result.width).toBe(20000);

  // Before decoding: this file's image data is garbage, yet the limit is what is reported (a decode would say damaged).
  const [garbage, garbageToPng] = await runJobs(page, undecodablePng(20000, 1), [
    { name: 'garbage.png', output: { format: 'webp' } },
    { name: 'garbage.png', output: { format: 'png' } },
  ]);
  expect(garbage).toMatchObject({ ok: false, code: 'too-large-for-format', message: expect.stringMatching(/^WebP images can be at most 16383 pixels wide; this one would be 20000 × 1\./) });
  expect(garbageToPng).toMatchObject({ ok: false, code: 'corrupt' });
  expect(garbageToPng?.ok === false && garbageToPng.message).toMatch(/^This PNG file is damaged or incomplete: /);
});
