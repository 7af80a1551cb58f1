// @ts-check
/**
 * npm run bench: Imglio's in-browser worker pool against sharp (native
 * libvips) on the same batch, the same cores and in the same run.
 *
 *   npm run bench -- [--corpus DIR] [--codecs webp,jpeg,avif] [--no-huge] [--limit N] [--json FILE]
 *
 * A benchmark, not a test: it asserts nothing and is never part of npm test.
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, tmpdir, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { REPO_ROOT } from '../nginx-server.mjs';
import { BENCH_CODECS } from './codecs.mjs';
import { loadCorpus, megapixels, warmUpImage, writeHugeJpeg } from './corpus.mjs';
import { benchSharp } from './sharp-side.mjs';
import { benchImglio, convertHuge, openLab, sendFile } from './browser-side.mjs';
import { formatReport } from './report.mjs';

const { values: args } = parseArgs({
  options: {
    corpus: { type: 'string', default: join(REPO_ROOT, '..', 'shared', 'corpus') },
    codecs: { type: 'string', default: BENCH_CODECS.map((c) => c.id).join(',') },
    'no-huge': { type: 'boolean', default: false },
    limit: { type: 'string' },
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
const cores = availableParallelism();
const log = (/** @type {string} */ line) => console.error(`[bench] ${line}`);
log(`${files.length} images, ${megapixels(files).toFixed(1)} MP in total, from ${corpusDir}; ${cores} cores`);

const warmUp = await warmUpImage();
/** @type {Record<string, { sharp: Awaited<ReturnType<typeof benchSharp>>, imglio?: Awaited<ReturnType<typeof benchImglio>> }>} */
const results = {};
for (const codec of codecs) {
  log(`sharp: ${codec.label}…`);
  results[codec.id] = { sharp: await benchSharp(codec, files, warmUp, cores) };
}

const lab = await openLab(dist);
/** @type {Awaited<ReturnType<typeof convertHuge>> & { source?: string, inputBytes?: number } | undefined} */
let huge;
try {
  log(`Chromium ${lab.env.userAgent.match(/Chrome\/[\d.]+/)?.[0] ?? ''}, crossOriginIsolated=${lab.env.crossOriginIsolated}, hardwareConcurrency=${lab.env.cores}`);
  await sendFile(lab.page, '__warm', warmUp);
  for (const file of files) await sendFile(lab.page, file.name, file.bytes);
  for (const codec of codecs) {
    log(`Imglio: ${codec.label}…`);
    const entry = results[codec.id];
    if (entry) entry.imglio = await benchImglio(lab, codec, files, cores);
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
  if (lab.problems.length > 0) log(`page reported:\n  ${lab.problems.join('\n  ')}`);
} finally {
  await lab.close();
}

const machine = { cores, cpu: cpus()[0]?.model ?? 'unknown', memoryGiB: totalmem() / 2 ** 30, node: process.version, date: new Date().toISOString() };
const report = { machine, browser: lab.env, corpus: { dir: corpusDir, images: files.length, megapixels: megapixels(files) }, codecs: codecs.map((c) => ({ id: c.id, label: c.label, goal: c.goal })), results, huge };
console.log(formatReport(report));
if (args.json) writeFileSync(String(args.json), `${JSON.stringify(report, null, 2)}\n`);
