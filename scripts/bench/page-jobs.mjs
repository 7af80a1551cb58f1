// @ts-check
/**
 * Runs a list of engine jobs in the page (/lab/) on a fresh pool and returns
 * what each job's worker measured (ProcessResult.timings: decode, edit,
 * encode), so a hot path can be timed inside the worker without the cost of
 * the steps around it. Inputs are the bytes already sent with sendFile().
 */
import { startCpuClock } from './memory.mjs';

/**
 * @typedef {{ key: string, output: Record<string, unknown>, edits?: Record<string, unknown>, smart?: Record<string, unknown> }} PageJob
 * @typedef {{ key: string, ok: boolean, ms: number, error?: string, bytes?: number, format?: string, width?: number, height?: number,
 *   timings?: { decode: number, edit: number, encode: number }, quality?: { chosen: number, attempts: { quality: number, bytes: number, ssim?: number }[] },
 *   outputBase64?: string }} PageJobResult
 */

/**
 * The warm-up jobs run first (untimed: worker start, codec load), then the timed jobs; `cpuSeconds` is the
 * renderer's CPU time during the timed jobs only.
 * @param {import('playwright-core').Page} page
 * @param {{ jobs: PageJob[], warmUp?: PageJob[], maxWorkers?: number, sequential?: boolean, returnOutput?: boolean }} run
 * @returns {Promise<{ ms: number, cpuSeconds: number, results: PageJobResult[] }>}
 */
export async function runPageJobs(page, run) {
  await page.evaluate(async ({ warmUp, maxWorkers }) => {
    const g = /** @type {any} */ (globalThis);
    g.__benchEngine?.terminate();
    g.__benchEngine = g.imglioCreateEngine({ maxWorkers, idleMs: 600_000 });
    for (const job of warmUp) {
      await g.__benchEngine.process({ input: g.__benchFiles[job.key].bytes.slice().buffer, name: job.key, output: job.output, ...(job.edits ? { edits: job.edits } : {}), ...(job.smart ? { smart: job.smart } : {}) }).catch(() => undefined);
    }
  }, { warmUp: run.warmUp ?? [], maxWorkers: run.maxWorkers ?? 1 });
  const cpu = startCpuClock('renderer');
  try {
    const timed = await page.evaluate(async ({ jobs, sequential, returnOutput }) => {
      const g = /** @type {any} */ (globalThis);
      const store = g.__benchFiles;
      const engine = g.__benchEngine;
      const toBase64 = (/** @type {ArrayBuffer} */ buffer) => {
        const bytes = new Uint8Array(buffer);
        let binary = '';
        for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
        return g.btoa(binary);
      };
      const one = async (/** @type {any} */ job) => {
        const started = g.performance.now();
        try {
          const r = await engine.process({ input: store[job.key].bytes.slice().buffer, name: job.key, output: job.output, ...(job.edits ? { edits: job.edits } : {}), ...(job.smart ? { smart: job.smart } : {}) });
          return {
            key: job.key, ok: true, ms: g.performance.now() - started, bytes: r.output.byteLength, format: r.format, width: r.width, height: r.height, timings: r.timings,
            ...(r.quality ? { quality: { chosen: r.quality.chosen, attempts: r.quality.attempts } } : {}),
            ...(returnOutput ? { outputBase64: toBase64(r.output) } : {}),
          };
        } catch (e) {
          const error = /** @type {any} */ (e);
          return { key: job.key, ok: false, ms: g.performance.now() - started, error: `${error.code ?? error.name}: ${error.message}` };
        }
      };
      const started = g.performance.now();
      /** @type {any[]} */
      let results = [];
      if (sequential) for (const job of jobs) results.push(await one(job));
      else results = await Promise.all(jobs.map(one));
      return { ms: g.performance.now() - started, results };
    }, { jobs: run.jobs, sequential: run.sequential ?? true, returnOutput: run.returnOutput ?? false });
    return { ...timed, cpuSeconds: cpu.stop() };
  } finally {
    await page.evaluate(() => {
      const g = /** @type {any} */ (globalThis);
      g.__benchEngine?.terminate();
      delete g.__benchEngine;
    });
  }
}
