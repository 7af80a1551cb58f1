// @ts-check
/**
 * Resize: Imglio's resize step in the worker (ProcessResult.timings.edit: RGBA
 * pixels in, RGBA pixels out) against sharp's resize of the same decoded RGBA
 * pixels (kernel lanczos3), one image at a time, to 50 % and to a 1024 px long
 * side. The browser's own scaler ('native', createImageBitmap resizeQuality
 * 'high') is timed too, and both are compared with sharp's Lanczos3 output
 * (SSIM, the project's src/lib/ssim.ts), with sharp's own Mitchell as the yardstick
 * of "a different good filter".
 */
import { performance } from 'node:perf_hooks';
import { megapixels } from './corpus.mjs';
import { runPageJobs } from './page-jobs.mjs';
import { startCpuClock } from './memory.mjs';
import { cpuNote, fastest } from './stats.mjs';
import { importProjectModule } from './ts-import.mjs';

/** @param {import('./corpus.mjs').CorpusFile[]} corpus */
export function resizeSample(corpus) {
  const small = corpus.filter((f) => f.width * f.height <= 4.2e6);
  const large = corpus.filter((f) => f.width * f.height > 4.2e6).slice(0, 1);
  return [...large, ...small.filter((f) => f.format === 'jpeg').slice(0, 3), ...small.filter((f) => f.format === 'png').slice(0, 1)];
}

/** The target size of each case, as Imglio's geometry plans it (rounded). @param {{ width: number, height: number }} f @param {'half' | 'long1024'} target */
function targetSize(f, target) {
  if (target === 'half') return { width: Math.max(1, Math.round(f.width / 2)), height: Math.max(1, Math.round(f.height / 2)) };
  const scale = 1024 / Math.max(f.width, f.height);
  return { width: Math.max(1, Math.round(f.width * scale)), height: Math.max(1, Math.round(f.height * scale)) };
}

/** @param {any} ctx see /work/helpers/BENCH-ROWS.md @returns {Promise<import('./stats.mjs').BenchRow[]>} */
export async function measureResize(ctx) {
  const { page, sharp, log, repeat } = ctx;
  const { ssim } = await importProjectModule('src/lib/ssim.ts');
  const sample = resizeSample(ctx.corpus);
  const mp = megapixels(sample);
  log(`resize: decoding ${sample.length} files to RGBA for sharp…`);
  const decoded = await Promise.all(sample.map(async (f) => ({ file: f, raw: await sharp(f.bytes).ensureAlpha().raw().toBuffer() })));
  /** @type {import('./stats.mjs').BenchRow[]} */
  const rows = [];
  for (const target of /** @type {const} */ (['half', 'long1024'])) {
    const edit = target === 'half' ? { percent: 50, fit: 'fill' } : { width: 1024, height: 1024, fit: 'inside' };
    const sharpResize = (/** @type {(typeof decoded)[number]} */ d, /** @type {string} */ kernel) => {
      const size = targetSize(d.file, target);
      return sharp(d.raw, { raw: { width: d.file.width, height: d.file.height, channels: 4 } }).resize(size.width, size.height, { kernel, fit: 'fill' }).raw().toBuffer();
    };
    /** @type {any[]} */
    const sharpRuns = [];
    for (let round = 0; round < repeat; round++) {
      log(`resize ${target}: sharp lanczos3…`);
      await sharpResize(/** @type {any} */ (decoded[0]), 'lanczos3');
      const cpu = startCpuClock('node');
      const started = performance.now();
      for (const d of decoded) await sharpResize(d, 'lanczos3');
      const seconds = (performance.now() - started) / 1000;
      sharpRuns.push({ seconds, mpPerSecond: mp / seconds, cpuSeconds: cpu.stop() });
    }
    const sharpBest = fastest(sharpRuns);
    // Quality reference on the first photo: sharp's Lanczos3 and Mitchell outputs.
    const probe = /** @type {(typeof decoded)[number]} */ (decoded.find((d) => d.file.format === 'jpeg') ?? decoded[0]);
    const probeSize = targetSize(probe.file, target);
    const reference = { data: new Uint8ClampedArray(await sharpResize(probe, 'lanczos3')), ...probeSize };
    const mitchell = { data: new Uint8ClampedArray(await sharpResize(probe, 'mitchell')), ...probeSize };
    const yardstick = ssim(reference, mitchell);
    for (const method of /** @type {const} */ (['lanczos3', 'native'])) {
      /** @type {any[]} */
      const runs = [];
      /** @type {string[]} */
      let failures = [];
      let similarity = NaN;
      for (let round = 0; round < repeat; round++) {
        log(`resize ${target}: Imglio ${method}…`);
        const job = (/** @type {string} */ key) => ({ key, output: { format: 'qoi' }, edits: { resize: { ...edit, method, allowEnlarge: false } } });
        const run = await runPageJobs(page, { warmUp: [job(probe.file.name)], jobs: sample.map((f) => job(f.name)) });
        failures = run.results.filter((r) => !r.ok).map((r) => `${r.key}: ${r.error}`);
        const wrongSize = run.results.filter((r, i) => r.ok && (r.width !== targetSize(/** @type {any} */ (sample[i]), target).width || r.height !== targetSize(/** @type {any} */ (sample[i]), target).height));
        failures.push(...wrongSize.map((r) => `${r.key}: came out ${r.width} × ${r.height}`));
        const seconds = run.results.reduce((s, r) => s + (r.timings?.edit ?? 0), 0) / 1000;
        runs.push({ seconds, mpPerSecond: mp / seconds, cpuSeconds: run.cpuSeconds });
      }
      // The probe's pixels, as a lossless PNG without OxiPNG, decoded by sharp.
      const out = await runPageJobs(page, { jobs: [{ key: probe.file.name, output: { format: 'png', codecOptions: { optimisation: 0 } }, edits: { resize: { ...edit, method, allowEnlarge: false } } }], returnOutput: true });
      const first = out.results[0];
      if (first?.ok && first.outputBase64) {
        const pixels = await sharp(Buffer.from(first.outputBase64, 'base64')).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
        if (pixels.info.width === probeSize.width && pixels.info.height === probeSize.height) similarity = ssim(reference, { data: new Uint8ClampedArray(pixels.data), ...probeSize });
      }
      rows.push({
        path: 'resize',
        case: `${method === 'lanczos3' ? 'Lanczos3 (@jsquash/resize)' : "browser 'high' (createImageBitmap)"} to ${target === 'half' ? '50 %' : '1024 px long side'}, ${sample.length} files, ${mp.toFixed(1)} MP in`,
        imglio: fastest(runs),
        sharp: sharpBest,
        ...(method === 'lanczos3' ? { goal: { id: /** @type {const} */ ('lanczos3'), min: 0.5 } } : {}),
        note: `vs sharp lanczos3; ${cpuNote(fastest(runs), sharpBest, "each job's decode and QOI write")}; SSIM of the output vs sharp's Lanczos3 on ${probe.file.name}: ${Number.isNaN(similarity) ? 'n/a' : similarity.toFixed(4)} (sharp Mitchell: ${yardstick.toFixed(4)})`,
        ...(failures.length > 0 ? { failures } : {}),
      });
    }
  }
  return rows;
}
