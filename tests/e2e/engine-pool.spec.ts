/**
 * The worker pool's own duties, with a stand-in worker script
 * (tests/fixtures/www/pool-test-worker.js) so crashes and big jobs can be
 * caused on demand: a crashed worker is replaced and only its job fails,
 * a worker is recycled after a large job, idle workers stop, and the
 * pool never runs more workers than it may.
 */
import { expect, test } from '@playwright/test';
import { openLab } from './engine-support.ts';

test('a crashed worker fails only its own job and is replaced; big jobs recycle; idle workers stop', async ({ page }) => {
  await openLab(page);
  const report = await page.evaluate(async () => {
    const Pool = window.imglioWorkerPool!;
    let started = 0;
    const pool = new Pool({
      createWorker: () => {
        started += 1;
        return new Worker('/__test__/pool-test-worker.js');
      },
      maxWorkers: 2,
      idleMs: 400,
      recyclePixels: 1_000_000,
    });
    const job = (name: string) =>
      pool.process({ input: new ArrayBuffer(8), name, output: { format: 'png' } }).then(
        (result) => `ok ${result.inputBytes}`,
        (error: { code: string }) => `failed ${error.code}`,
      );
    const peakWorkers: number[] = [];
    const watch = setInterval(() => peakWorkers.push(pool.workerCount), 10);
    const outcomes = await Promise.all([job('crash'), job('a'), job('b'), job('crash'), job('c')]);
    clearInterval(watch);
    const afterBatch = pool.workerCount;
    // Idle workers stop after idleMs (400): poll for it, giving up after 10 s.
    const idleDeadline = performance.now() + 10_000;
    while (pool.workerCount > 0 && performance.now() < idleDeadline) await new Promise((resolve) => setTimeout(resolve, 25));
    const afterIdle = pool.workerCount;
    await job('large');
    const afterLarge = pool.workerCount;
    await job('small');
    const afterSmall = pool.workerCount;
    const codecFailure = await job('codec-failure');
    const afterCodecFailure = pool.workerCount;
    pool.terminate();
    return { outcomes, maxWorkers: Math.max(...peakWorkers), afterBatch, afterLarge, afterSmall, afterIdle, started, codecFailure, afterCodecFailure };
  });
  expect(report.outcomes).toEqual(['failed worker-crashed', 'ok 8', 'ok 8', 'failed worker-crashed', 'ok 8']);
  expect(report.maxWorkers).toBe(2);
  // Two crashes replaced two workers: at least four were started for the batch.
  expect(report.started).toBeGreaterThanOrEqual(4);
  expect(report.afterBatch).toBeGreaterThan(0);
  expect(report.afterLarge, 'the worker that held 50 MP was stopped').toBe(0);
  expect(report.afterSmall).toBe(1);
  expect(report.afterIdle, 'idle workers stop').toBe(0);
  expect(report.codecFailure).toBe('failed out-of-memory');
  expect(report.afterCodecFailure, 'a worker whose codec ran out of memory is replaced').toBe(0);
});

test('terminate rejects queued and running jobs with "aborted"', async ({ page }) => {
  await openLab(page);
  const outcomes = await page.evaluate(async () => {
    const pool = new window.imglioWorkerPool!({ createWorker: () => new Worker('/__test__/pool-test-worker.js'), maxWorkers: 1 });
    const jobs = ['a', 'b', 'c'].map((name) =>
      pool.process({ input: new ArrayBuffer(4), name, output: { format: 'png' } }).then(() => 'ok', (error: { code: string }) => error.code),
    );
    // Until the first job runs (its worker started), so terminate meets one running and two queued.
    while (pool.workerCount === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    pool.terminate();
    return Promise.all(jobs);
  });
  expect(outcomes).toEqual(['aborted', 'aborted', 'aborted']);
});

test('an input buffer used twice fails that job alone, with a clear message', async ({ page }) => {
  await openLab(page);
  const outcomes = await page.evaluate(async () => {
    const engine = window.imglioEngine!;
    const canvas = new OffscreenCanvas(8, 8);
    canvas.getContext('2d')!.fillRect(0, 0, 4, 4);
    const png = await (await canvas.convertToBlob({ type: 'image/png' })).arrayBuffer();
    const run = (input: ArrayBuffer) =>
      engine.process({ input, name: 'x.png', output: { format: 'webp' } }).then(
        (result) => `ok ${result.width}x${result.height}`,
        (error: { code: string; message: string }) => `${error.code}: ${error.message}`,
      );
    const first = run(png);
    const second = run(png); // already transferred by the first job
    const third = run(await (await canvas.convertToBlob({ type: 'image/png' })).arrayBuffer());
    return Promise.all([first, second, third]);
  });
  expect(outcomes[0]).toBe('ok 8x8');
  // Chromium's own words ("…ArrayBuffer at index 0 is already detached", "Non-origin-clean ImageBitmap…") never reach the user.
  expect(outcomes[1]).toBe("invalid-options: This file's bytes were already handed to another job (an input buffer can be used only once, since it is moved to the worker). Read the file again for each job, or add it again.");
  expect(outcomes[2]).toBe('ok 8x8');
});
