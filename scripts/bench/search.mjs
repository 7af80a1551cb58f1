// @ts-check
/**
 * The smart quality modes: target size and target similarity, WebP, one photo
 * at a time. Imglio's worker runs its search (src/workers/smart.ts); the sharp
 * side runs the same rule (src/lib/quality-search.ts, imported, not copied)
 * with sharp's encoder as the probe and, for similarity, sharp's decoder and
 * the same SSIM (src/lib/ssim.ts). Both start from decoded pixels: Imglio's
 * figure is the job's encode phase (the whole search), sharp's the search alone.
 */
import { performance } from 'node:perf_hooks';
import { megapixels } from './corpus.mjs';
import { runPageJobs } from './page-jobs.mjs';
import { startCpuClock } from './memory.mjs';
import { cpuNote, fastest } from './stats.mjs';
import { importProjectModule } from './ts-import.mjs';

export const SEARCH_GOALS = /** @type {const} */ ([
  { kind: 'target-size', maxBytes: 200_000, label: 'target size 200 kB' },
  { kind: 'target-similarity', minSsim: 0.95, label: 'target similarity SSIM ≥ 0.95' },
]);

/** @param {import('./corpus.mjs').CorpusFile[]} corpus */
export const searchSample = (corpus) => corpus.filter((f) => f.format === 'jpeg' && f.width * f.height <= 4.2e6).slice(0, 3);

/** @param {any} ctx see /work/helpers/BENCH-ROWS.md @returns {Promise<import('./stats.mjs').BenchRow[]>} */
export async function measureSearch(ctx) {
  const { page, sharp, log, repeat } = ctx;
  const [{ searchQuality }, { ssim }] = await Promise.all([importProjectModule('src/lib/quality-search.ts'), importProjectModule('src/lib/ssim.ts')]);
  const sample = searchSample(ctx.corpus);
  const mp = megapixels(sample);
  const decoded = await Promise.all(sample.map(async (f) => ({ file: f, raw: await sharp(f.bytes).ensureAlpha().raw().toBuffer() })));
  /** @type {import('./stats.mjs').BenchRow[]} */
  const rows = [];
  for (const goal of SEARCH_GOALS) {
    const smart = goal.kind === 'target-size' ? { kind: goal.kind, maxBytes: goal.maxBytes } : { kind: goal.kind, minSsim: goal.minSsim };
    /** @type {any[]} */
    const sharpRuns = [];
    /** @type {any[]} */
    const imglioRuns = [];
    /** @type {string[]} */
    let failures = [];
    for (let round = 0; round < repeat; round++) {
      log(`search ${goal.kind}: sharp, same rule…`);
      let encodes = 0;
      /** @type {number[]} */
      const chosen = [];
      const cpu = startCpuClock('node');
      const started = performance.now();
      for (const d of decoded) {
        const { width, height } = d.file;
        const source = { data: new Uint8ClampedArray(d.raw.buffer, d.raw.byteOffset, d.raw.byteLength), width, height };
        const result = await searchQuality({ goal: smart, min: 0, max: 100 }, async (/** @type {number} */ quality) => {
          encodes++;
          // sharp's WebP quality starts at 1.
          const output = await sharp(d.raw, { raw: { width, height, channels: 4 } }).webp({ quality: Math.max(1, quality), effort: 4 }).toBuffer();
          if (goal.kind !== 'target-similarity') return { quality, bytes: output.byteLength };
          const back = await sharp(output).ensureAlpha().raw().toBuffer();
          return { quality, bytes: output.byteLength, ssim: ssim(source, { data: new Uint8ClampedArray(back.buffer, back.byteOffset, back.byteLength), width, height }) };
        });
        chosen.push(result.chosen.quality);
      }
      const seconds = (performance.now() - started) / 1000;
      sharpRuns.push({ seconds, mpPerSecond: mp / seconds, cpuSeconds: cpu.stop(), encodes, extra: { qualities: chosen.join('/') } });

      log(`search ${goal.kind}: Imglio…`);
      const job = (/** @type {string} */ key) => ({ key, output: { format: 'webp', codecOptions: { effort: 4 } }, smart });
      const run = await runPageJobs(page, { warmUp: [job(/** @type {string} */ (sample[0]?.name))], jobs: sample.map((f) => job(f.name)) });
      failures = run.results.filter((r) => !r.ok).map((r) => `${r.key}: ${r.error}`);
      const imglioSeconds = run.results.reduce((s, r) => s + (r.timings?.encode ?? 0), 0) / 1000;
      imglioRuns.push({
        seconds: imglioSeconds,
        mpPerSecond: mp / imglioSeconds,
        cpuSeconds: run.cpuSeconds,
        encodes: run.results.reduce((s, r) => s + (r.quality?.attempts.length ?? 0), 0),
        extra: { qualities: run.results.map((r) => r.quality?.chosen ?? '?').join('/') },
      });
    }
    const imglio = fastest(imglioRuns);
    const sharpBest = fastest(sharpRuns);
    rows.push({
      path: 'search',
      case: `WebP ${goal.label}, ${sample.length} photos, ${mp.toFixed(1)} MP`,
      imglio,
      sharp: sharpBest,
      note: `${cpuNote(imglio, sharpBest, "each job's decode")}; encodes Imglio ${imglio.encodes} / sharp ${sharpBest.encodes}; chosen qualities Imglio ${imglio.extra?.qualities} / sharp ${sharpBest.extra?.qualities}`,
      ...(failures.length > 0 ? { failures } : {}),
    });
  }
  return rows;
}
