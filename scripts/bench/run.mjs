// @ts-check
/**
 * npm run bench: Imglio's in-browser worker pool against sharp (native
 * libvips) on the same batch, the same cores and in the same run.
 *
 *   npm run bench -- [--corpus DIR] [--codecs webp,jpeg,avif] [--repeat N] [--no-huge] [--limit N] [--json FILE]
 *
 * --repeat N runs every timed batch N times and keeps the fastest (for busy machines).
 *
 * A benchmark, not a test: it asserts nothing and is never part of npm test.
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { REPO_ROOT } from '../nginx-server.mjs';
import { BENCH_CODECS } from './codecs.mjs';
import { loadCorpus, megapixels, warmUpImage, writeHugeJpeg } from './corpus.mjs';
import { sharpBatch, sharpStartUp } from './sharp-side.mjs';
import { convertHuge, imglioBatch, imglioStartUp, openLab, sendFile } from './browser-side.mjs';
import { formatReport } from './report.mjs';
import { startCpuShare } from './memory.mjs';

const { values: args } = parseArgs({
  options: {
    corpus: { type: 'string', default: join(REPO_ROOT, '..', 'shared', 'corpus') },
    codecs: { type: 'string', default: BENCH_CODECS.map((c) => c.id).join(',') },
    'no-huge': { type: 'boolean', default: false },
    limit: { type: 'string' },
    repeat: { type: 'string', default: '1' },
    json: { type: 'string' },
  },
});

const dist = join(REPO_ROOT, 'dist');
if (!existsSync(join(dist, 'lab', 'index.html'))) throw new Error('dist/lab/ is missing: run "npm run build" first (npm run bench does).');

const wanted = String(args.codecs).split(',');
const codecs = BENCH_CODECS.filter((c) => wanted.includes(c.id));
if (codecs.length === 0) throw new Error(`--codecs must name some of: ${BENCH_CODECS.map((c) => c.id).join(', ')}`);

const corpusDir = resolve(String(args.corpus));
let files = await loadCorpus(corpusDir);
if (args.limit) files = files.slice(0, Number(args.limit));
// Largest first on both sides (as a batch UI should queue them): otherwise the
// biggest photo, last in name order, runs alone on one core at the end.
files.sort((a, b) => b.width * b.height - a.width * a.height);
const cores = availableParallelism();
const repeat = Math.max(1, Number(args.repeat) || 1);
/** Runs a timed batch `repeat` times; keeps the fastest run and the highest memory peak. */
const fastestOf = async (/** @type {() => Promise<any>} */ run) => {
  let best = await run();
  let peakRss = best.peakRss;
  for (let i = 1; i < repeat; i++) {
    const next = await run();
    peakRss = Math.max(peakRss, next.peakRss);
    if (next.mpPerSecond > best.mpPerSecond) best = next;
  }
  return { ...best, peakRss, runs: repeat };
};
const log = (/** @type {string} */ line) => console.error(`[bench] ${line}`);
log(`${files.length} images, ${megapixels(files).toFixed(1)} MP in total, from ${corpusDir}; ${cores} cores`);

const warmUp = await warmUpImage();
// Other work on the machine skews every figure: measure how much there was.
const others = startCpuShare();
const loads = [loadavg()[0] ?? 0];
/** @type {Record<string, any>} */
const results = {};

const lab = await openLab(dist);
/** @type {Awaited<ReturnType<typeof convertHuge>> & { source?: string, inputBytes?: number } | undefined} */
let huge;
let otherCpu = 0;
try {
  log(`Chromium ${lab.env.userAgent.match(/Chrome\/[\d.]+/)?.[0] ?? ''}, crossOriginIsolated=${lab.env.crossOriginIsolated}, hardwareConcurrency=${lab.env.cores}`);
  await sendFile(lab.page, '__warm', warmUp);
  for (const file of files) await sendFile(lab.page, file.name, file.bytes);
  // sharp and Imglio alternate, so both meet the same background load.
  for (const codec of codecs) {
    const step = async (/** @type {string} */ what, /** @type {() => Promise<any>} */ run) => {
      log(`${codec.label}: ${what}…`);
      const value = await run();
      loads.push(loadavg()[0] ?? 0);
      return value;
    };
    const sharpStart = await step('sharp start-up', () => sharpStartUp(codec, warmUp));
    const imglioStart = await step('Imglio start-up', () => imglioStartUp(lab, codec));
    const sharpOne = await step('sharp, 1 image at a time', () => fastestOf(() => sharpBatch(codec, files, 1)));
    const imglioOne = await step('Imglio, 1 worker', () => fastestOf(() => imglioBatch(lab, codec, files, 1)));
    const sharpMany = await step(`sharp, ${cores} images at a time`, () => fastestOf(() => sharpBatch(codec, files, cores)));
    const imglioMany = await step(`Imglio, ${cores} workers`, () => fastestOf(() => imglioBatch(lab, codec, files, cores)));
    results[codec.id] = {
      sharp: { ...sharpStart, one: sharpOne, many: sharpMany, peakRss: Math.max(sharpOne.peakRss, sharpMany.peakRss) },
      imglio: { ...imglioStart, one: imglioOne, many: imglioMany, peakRss: Math.max(imglioOne.peakRss, imglioMany.peakRss) },
    };
  }
  if (!args['no-huge']) {
    const dir = mkdtempSync(join(tmpdir(), 'imglio-bench-'));
    try {
      log('writing a 10000 × 10000 JPEG with sharp…');
      const written = await writeHugeJpeg(files, join(dir, 'huge-10000x10000.jpg'));
      log(`Imglio: 100 MP JPEG (${(written.bytes.byteLength / 1e6).toFixed(1)} MB) → WebP…`);
      huge = { ...(await convertHuge(lab, written.bytes)), source: written.source, inputBytes: written.bytes.byteLength };
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  otherCpu = others.stop();
  if (lab.problems.length > 0) log(`page reported:\n  ${lab.problems.join('\n  ')}`);
} finally {
  await lab.close();
}

const machine = { otherCpu, loadMin: Math.min(...loads), loadMax: Math.max(...loads), cores, cpu: cpus()[0]?.model ?? 'unknown', memoryGiB: totalmem() / 2 ** 30, node: process.version, date: new Date().toISOString() };
const report = { machine, browser: lab.env, corpus: { dir: corpusDir, images: files.length, megapixels: megapixels(files) }, codecs: codecs.map((c) => ({ id: c.id, label: c.label, goal: c.goal })), results, huge };
console.log(formatReport(report));
if (args.json) writeFileSync(String(args.json), `${JSON.stringify(report, null, 2)}\n`);
