// @ts-check
/**
 * The in-browser side: headless Chromium loads the built site from nginx
 * (nginx.conf, production headers, so crossOriginIsolated and the CSP apply)
 * and drives the real worker pool through /lab/ (window.imglioCreateEngine).
 * Files reach the page through page.evaluate, since the CSP (rightly) lets
 * the page fetch nothing.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { REPO_ROOT, startNginx } from '../nginx-server.mjs';
import { chromiumPath, CHROMIUM_ARGS } from '../tool-paths.mjs';
import { megapixels } from './corpus.mjs';
import { startCpuClock, startPeakSampler } from './memory.mjs';

const CHUNK = 4 * 1024 * 1024;

/**
 * The headers nginx sends for another build (--dist): this checkout's generated headers, with the
 * Content-Security-Policy that build's own manifest lists (its inline-script hashes may differ).
 * undefined for this checkout's dist/ or a build without a manifest.
 * @param {string} dist
 */
function headersFor(dist) {
  const manifestPath = join(dist, '.well-known', 'imglio', 'manifest.json');
  if (dist === join(REPO_ROOT, 'dist') || !existsSync(manifestPath)) return undefined;
  const csp = JSON.parse(readFileSync(manifestPath, 'utf8'))?.headers?.html?.['Content-Security-Policy'];
  if (typeof csp !== 'string') return undefined;
  const conf = readFileSync(join(REPO_ROOT, 'build', 'security-headers.conf'), 'utf8');
  return conf.replace(/^add_header Content-Security-Policy "[^"]*" always;$/m, `add_header Content-Security-Policy "${csp}" always;`);
}

/** @param {string} dist */
export async function openLab(dist) {
  const headersConf = headersFor(dist);
  const nginx = await startNginx({ root: dist, accessLog: 'off', ...(headersConf === undefined ? {} : { headersConf }) });
  const browser = await chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS, headless: true });
  try {
    const page = await browser.newPage();
    /** @type {string[]} */
    const problems = [];
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(`console: ${message.text()}`);
    });
    await page.goto(`${nginx.url}/lab/`);
    await page.locator('[data-engine-ready="true"]').waitFor({ timeout: 30_000 });
    const env = await page.evaluate(() => ({
      crossOriginIsolated: globalThis.crossOriginIsolated,
      cores: globalThis.navigator.hardwareConcurrency,
      userAgent: globalThis.navigator.userAgent,
      hasFactory: typeof (/** @type {any} */ (globalThis).imglioCreateEngine) === 'function',
    }));
    if (!env.hasFactory) throw new Error('/lab/ does not expose window.imglioCreateEngine; rebuild (npm run build) from a branch that has it');
    const close = async () => {
      await browser.close();
      await nginx.stop();
    };
    return { page, env, problems, close };
  } catch (error) {
    await browser.close();
    await nginx.stop();
    throw error;
  }
}

/**
 * Copies a file's bytes into the page (base64 in chunks) under a key.
 * @param {import('playwright-core').Page} page @param {string} key @param {Buffer} bytes
 */
export async function sendFile(page, key, bytes) {
  await page.evaluate(({ key: k, size }) => {
    const store = /** @type {any} */ (globalThis).__benchFiles ??= {};
    store[k] = { bytes: new Uint8Array(size), filled: 0 };
  }, { key, size: bytes.byteLength });
  for (let offset = 0; offset < bytes.byteLength; offset += CHUNK) {
    const chunk = bytes.subarray(offset, offset + CHUNK).toString('base64');
    await page.evaluate(({ key: k, chunk: c, offset: o }) => {
      const entry = /** @type {any} */ (globalThis).__benchFiles[k];
      const binary = globalThis.atob(c);
      for (let i = 0; i < binary.length; i++) entry.bytes[o + i] = binary.charCodeAt(i);
    }, { key, chunk, offset });
  }
}

/**
 * Runs one batch in the page with a fresh pool of `maxWorkers` workers: first
 * a few small jobs so every worker has started (start-up, not timed), then
 * every file at once.
 * @param {import('playwright-core').Page} page
 * @param {{ format: string, options: Record<string, unknown>, maxWorkers: number, keys: string[] }} run
 */
function runBatchInPage(page, run) {
  return page.evaluate(async ({ format, options, maxWorkers, keys }) => {
    const g = /** @type {any} */ (globalThis);
    const store = g.__benchFiles;
    const engine = g.imglioCreateEngine({ maxWorkers, idleMs: 600_000 });
    const request = (/** @type {string} */ key) => ({ input: store[key].bytes.slice().buffer, name: key, output: { format, codecOptions: options } });
    try {
      // One more warm-up job than workers, so each worker runs a job while another waits: AVIF then loads
      // the single-threaded build that batches use (src/lib/encoder-threads.ts), outside the timed part.
      await Promise.all(Array.from({ length: maxWorkers + 1 }, () => engine.process(request('__warm'))));
      const started = g.performance.now();
      const results = await Promise.all(keys.map((key) => engine.process(request(key)).then(
        (/** @type {any} */ r) => ({ key, ok: true, bytes: r.output.byteLength, format: r.format, width: r.width, height: r.height, timings: r.timings }),
        (/** @type {any} */ e) => ({ key, ok: false, error: `${e.code ?? e.name}: ${e.message}` }),
      )));
      return { ms: g.performance.now() - started, workers: engine.workerCount, results };
    } finally {
      engine.terminate();
    }
  }, run);
}

/**
 * Cold (new worker: module load + WASM compile + first encode) and warm
 * (second encode in the same worker) times for the small warm-up image; the
 * fastest of three fresh pools, since a busy machine adds noise to short times.
 * @param {import('playwright-core').Page} page @param {{ format: string, options: Record<string, unknown> }} codec
 */
function measureStartUp(page, codec) {
  return page.evaluate(async ({ format, options }) => {
    const g = /** @type {any} */ (globalThis);
    const request = () => ({ input: g.__benchFiles.__warm.bytes.slice().buffer, name: 'warm.jpg', output: { format, codecOptions: options } });
    let coldMs = Infinity;
    let warmMs = Infinity;
    for (let round = 0; round < 3; round++) {
      const engine = g.imglioCreateEngine({ maxWorkers: 1, idleMs: 600_000 });
      try {
        let started = g.performance.now();
        await engine.process(request());
        coldMs = Math.min(coldMs, g.performance.now() - started);
        started = g.performance.now();
        await engine.process(request());
        warmMs = Math.min(warmMs, g.performance.now() - started);
      } finally {
        engine.terminate();
      }
    }
    return { coldMs, warmMs };
  }, codec);
}

/**
 * One timed batch with a fresh pool of `maxWorkers` workers.
 * @param {{ page: import('playwright-core').Page }} lab
 * @param {import('./codecs.mjs').BenchCodec} codec
 * @param {import('./corpus.mjs').CorpusFile[]} files
 * @param {number} maxWorkers
 */
export async function imglioBatch(lab, codec, files, maxWorkers) {
  const memory = startPeakSampler('renderer');
  const cpu = startCpuClock('renderer');
  const run = await runBatchInPage(lab.page, { format: codec.format, options: codec.imglioOptions, maxWorkers, keys: files.map((f) => f.name) });
  const cpuSeconds = cpu.stop();
  const peakRss = memory.stop();
  const failed = run.results.filter((r) => !r.ok);
  const wrong = run.results.filter((r) => r.ok && r.format !== codec.format);
  const seconds = run.ms / 1000;
  return {
    seconds,
    mpPerSecond: megapixels(files) / seconds,
    cpuSeconds,
    mpPerCpuSecond: megapixels(files) / cpuSeconds,
    outputBytes: run.results.reduce((sum, r) => sum + (r.ok ? (r.bytes ?? 0) : 0), 0),
    workers: run.workers,
    peakRss,
    // Where the time went, summed over the batch (worker-side, so it overlaps across workers).
    phases: ['decode', 'edit', 'encode'].map((phase) => [phase, run.results.reduce((sum, r) => sum + (r.ok ? (r.timings?.[phase] ?? 0) : 0), 0)]),
    perFile: Object.fromEntries(run.results.map((r) => [r.key, r.ok ? { bytes: r.bytes, width: r.width, height: r.height, timings: r.timings } : { error: r.error }])),
    failures: [...failed.map((r) => `${r.key}: ${r.error}`), ...wrong.map((r) => `${r.key}: came out as ${r.format}`)],
  };
}

/**
 * @param {{ page: import('playwright-core').Page }} lab @param {import('./codecs.mjs').BenchCodec} codec
 */
export const imglioStartUp = (lab, codec) => measureStartUp(lab.page, { format: codec.format, options: codec.imglioOptions });

/**
 * The 100-megapixel JPEG to WebP through the page's shared engine.
 * @param {{ page: import('playwright-core').Page }} lab @param {Buffer} bytes
 * @param {Record<string, unknown>} [codecOptions] the WebP options (default: quality 75, everything else default)
 */
export async function convertHuge(lab, bytes, codecOptions = { quality: 75 }) {
  await sendFile(lab.page, '__huge', bytes);
  const memory = startPeakSampler('renderer');
  const cpu = startCpuClock('renderer');
  const outcome = await lab.page.evaluate(async (options) => {
    const g = /** @type {any} */ (globalThis);
    const engine = g.imglioCreateEngine({ maxWorkers: 1 });
    const input = g.__benchFiles.__huge.bytes.buffer;
    delete g.__benchFiles.__huge;
    const started = g.performance.now();
    try {
      const r = await engine.process({ input, name: 'huge.jpg', output: { format: 'webp', codecOptions: options } });
      return { ok: true, ms: g.performance.now() - started, bytes: r.output.byteLength, format: r.format, width: r.width, height: r.height, timings: r.timings, encodedWith: r.encodedWith ?? '' };
    } catch (e) {
      const error = /** @type {any} */ (e);
      return { ok: false, ms: g.performance.now() - started, error: `${error.code ?? error.name}: ${error.message}` };
    } finally {
      engine.terminate();
    }
  }, codecOptions);
  return { ...outcome, cpuSeconds: cpu.stop(), peakRss: memory.stop() };
}
