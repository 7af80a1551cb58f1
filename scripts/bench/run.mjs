// @ts-check
/**
 * npm run bench: Imglio's in-browser worker pool against sharp (native
 * libvips) on every hot path, the same files, the same cores, in one run.
 *
 *   npm run bench -- [--only encode,decode,resize,png,search,native,huge] [--dist DIR] [--corpus DIR]
 *                    [--codecs webp,jpeg,avif] [--repeat N] [--no-huge] [--limit N] [--json FILE]
 *
 * Sections (--only; default all): encode (per codec, with scaling 1 → N workers, start-up and peak memory),
 * decode (per input format), resize (Lanczos3 and the browser's scaler), png (scripts/bench/png.mjs, the palette
 * lane's), search (target size / similarity), native (scripts/bench/native.mjs, the native lane's), huge (100 MP).
 * --dist DIR measures another build (e.g. main's, for "before" figures). --repeat N keeps the fastest of N runs.
 *
 * A benchmark, not a test: it asserts nothing and is never part of npm test.
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';
import sharp from 'sharp';
import { REPO_ROOT } from '../nginx-server.mjs';
import { BENCH_CODECS } from './codecs.mjs';
import { loadCorpus, megapixels, warmUpImage, writeHugeJpeg } from './corpus.mjs';
import { sharpBatch, sharpStartUp } from './sharp-side.mjs';
import { convertHuge, imglioBatch, imglioStartUp, openLab, sendFile } from './browser-side.mjs';
import { encodeRows, formatReport } from './report.mjs';
import { startCpuClock, startCpuShare, startPeakSampler } from './memory.mjs';
import { cpuNote, parseSections } from './stats.mjs';
import { measureDecode } from './decode.mjs';
import { measureResize } from './resize.mjs';
import { measureSearch } from './search.mjs';

export const SECTIONS = ['encode', 'decode', 'resize', 'png', 'search', 'native', 'huge'];
/** Other lanes' modules: run when the file exists on this branch (see /work/helpers/BENCH-ROWS.md). */
const OPTIONAL_MODULES = /** @type {const} */ ({ png: { file: 'png.mjs', fn: 'measurePng', lane: 'palette' }, native: { file: 'native.mjs', fn: 'measureNative', lane: 'native' } });

/**
 * Another lane's result as report rows: BenchRow[] as BENCH-ROWS.md says, or an older shape
 * ({ rows: [{ section, label, imglio, sharp, ratio, note }] }), shown with its own fields in the note.
 * @param {string} id @param {any} result @returns {import('./stats.mjs').BenchRow[]}
 */
function normaliseRows(id, result) {
  const list = Array.isArray(result) ? result : Array.isArray(result?.rows) ? result.rows : [];
  return list.map((/** @type {any} */ row) => {
    if (typeof row.path === 'string' && typeof row.case === 'string') return row;
    const fields = (/** @type {any} */ side) => (side ? Object.entries(side).filter(([, v]) => typeof v === 'number' || typeof v === 'string').map(([k, v]) => `${k} ${typeof v === 'number' ? Number(v.toFixed(4)) : v}`).join(', ') : '');
    const note = [row.note, row.imglio && `Imglio: ${fields(row.imglio)}`, row.sharp && `sharp: ${fields(row.sharp)}`].filter(Boolean).join('; ');
    return { path: id, case: `${row.section ?? ''}: ${row.label ?? '?'}`, imglio: null, sharp: null, ...(typeof row.ratio === 'number' ? { ratio: row.ratio } : {}), note };
  });
}

const { values: args } = parseArgs({
  options: {
    corpus: { type: 'string', default: join(REPO_ROOT, '..', 'shared', 'corpus') },
    codecs: { type: 'string', default: BENCH_CODECS.map((c) => c.id).join(',') },
    only: { type: 'string' },
    dist: { type: 'string', default: join(REPO_ROOT, 'dist') },
    'no-huge': { type: 'boolean', default: false },
    limit: { type: 'string' },
    repeat: { type: 'string', default: '1' },
    json: { type: 'string' },
  },
});

const sections = parseSections(args.only, SECTIONS);
if (args['no-huge']) sections.delete('huge');
const dist = resolve(String(args.dist));
if (!existsSync(join(dist, 'lab', 'index.html'))) throw new Error(`${join(dist, 'lab')} is missing: run "npm run build" first (npm run bench does), or give --dist a built dist/.`);

const wanted = String(args.codecs).split(',');
const codecs = BENCH_CODECS.filter((c) => wanted.includes(c.id));
if (sections.has('encode') && codecs.length === 0) throw new Error(`--codecs must name some of: ${BENCH_CODECS.map((c) => c.id).join(', ')}`);

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
log(`${files.length} images, ${megapixels(files).toFixed(1)} MP in total, from ${corpusDir}; ${cores} cores; sections ${[...sections].join(', ')}; dist ${dist}`);

const runStarted = performance.now();
const warmUp = await warmUpImage();
// Other work on the machine skews every figure: measure how much there was.
const others = startCpuShare();
const loads = [loadavg()[0] ?? 0];
/** @type {Record<string, any>} */
const results = {};
/** @type {import('./stats.mjs').BenchRow[]} */
const rows = [];
/** @type {Record<string, number>} seconds per section */
const durations = {};

const lab = await openLab(dist);
/** @type {any} */
let huge;
let otherCpu = 0;
try {
  log(`Chromium ${lab.env.userAgent.match(/Chrome\/[\d.]+/)?.[0] ?? ''}, crossOriginIsolated=${lab.env.crossOriginIsolated}, hardwareConcurrency=${lab.env.cores}`);
  await sendFile(lab.page, '__warm', warmUp);
  for (const file of files) await sendFile(lab.page, file.name, file.bytes);
  const ctx = { page: lab.page, lab, corpus: files, corpusDir, sendFile, sharp, cores, repeat, log, startCpuClock, startPeakSampler, dist };
  /** Runs one section, timing it; a section that throws becomes one failed row and the run goes on. */
  const section = async (/** @type {string} */ id, /** @type {() => Promise<import('./stats.mjs').BenchRow[] | void>} */ run) => {
    if (!sections.has(id)) return;
    const started = performance.now();
    try {
      rows.push(...((await run()) ?? []));
    } catch (error) {
      log(`${id} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      rows.push({ path: id, case: `${id} (the whole section)`, imglio: null, sharp: null, failures: [String(error instanceof Error ? error.message : error)] });
    }
    durations[id] = (performance.now() - started) / 1000;
    loads.push(loadavg()[0] ?? 0);
  };

  await section('encode', async () => {
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
    return encodeRows(codecs, results, cores);
  });
  await section('decode', () => measureDecode(ctx));
  await section('resize', () => measureResize(ctx));
  await section('search', () => measureSearch(ctx));
  for (const [id, module] of Object.entries(OPTIONAL_MODULES)) {
    await section(id, async () => {
      const path = join(dirname(fileURLToPath(import.meta.url)), module.file);
      if (!existsSync(path)) {
        return [{ path: id, case: `scripts/bench/${module.file}`, imglio: null, sharp: null, note: `not on this branch yet (the ${module.lane} lane's module); nothing measured` }];
      }
      const imported = await import(pathToFileURL(path).href);
      return normaliseRows(id, await imported[module.fn](ctx));
    });
  }
  await section('huge', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'imglio-bench-'));
    try {
      log('writing a 10000 × 10000 JPEG with sharp…');
      const written = await writeHugeJpeg(files, join(dir, 'huge-10000x10000.jpg'));
      log('sharp: 100 MP JPEG → WebP…');
      const sharpMemory = startPeakSampler('node');
      const sharpCpu = startCpuClock('node');
      const sharpStarted = performance.now();
      const sharpOut = await sharp(written.bytes, { limitInputPixels: false }).webp({ quality: 75, effort: 4 }).toBuffer();
      const sharpHuge = { seconds: (performance.now() - sharpStarted) / 1000, cpuSeconds: sharpCpu.stop(), bytes: sharpOut.byteLength, peakRss: sharpMemory.stop() };
      log(`Imglio: 100 MP JPEG (${(written.bytes.byteLength / 1e6).toFixed(1)} MB) → WebP…`);
      huge = { ...(await convertHuge(lab, written.bytes)), source: written.source, inputBytes: written.bytes.byteLength, sharp: sharpHuge };
      return [{
        path: 'huge',
        case: `100 MP JPEG (10000 × 10000, ${(written.bytes.byteLength / 1e6).toFixed(1)} MB, from ${written.source}) → WebP q75, 1 worker / 1 libvips thread`,
        imglio: huge.ok ? { seconds: huge.ms / 1000, mpPerSecond: 100 / (huge.ms / 1000), cpuSeconds: huge.cpuSeconds, bytes: huge.bytes, peakRss: huge.peakRss } : null,
        sharp: { ...sharpHuge, mpPerSecond: 100 / sharpHuge.seconds },
        note: huge.ok ? `${cpuNote(huge, sharpHuge)}; decode ${huge.timings.decode.toFixed(0)} ms, encode ${huge.timings.encode.toFixed(0)} ms; peak RSS renderer ${(huge.peakRss / 2 ** 20).toFixed(0)} MiB / Node ${(sharpHuge.peakRss / 2 ** 20).toFixed(0)} MiB` : '',
        ...(huge.ok ? {} : { failures: [String(huge.error)] }),
      }];
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
  otherCpu = others.stop();
  if (lab.problems.length > 0) log(`page reported:\n  ${lab.problems.join('\n  ')}`);
} finally {
  await lab.close();
}

const machine = { otherCpu, loadMin: Math.min(...loads), loadMax: Math.max(...loads), cores, cpu: cpus()[0]?.model ?? 'unknown', memoryGiB: totalmem() / 2 ** 30, node: process.version, date: new Date().toISOString(), seconds: (performance.now() - runStarted) / 1000, durations };
const report = { machine, dist, browser: lab.env, corpus: { dir: corpusDir, images: files.length, megapixels: megapixels(files) }, codecs: codecs.map((c) => ({ id: c.id, label: c.label, goal: c.goal })), results, huge, rows };
console.log(formatReport(report));
if (args.json) writeFileSync(String(args.json), `${JSON.stringify(report, null, 2)}\n`);
