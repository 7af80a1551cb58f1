// @ts-check
/**
 * PNG modes against sharp, on the corpus's PNG graphics, one core each side:
 * Imglio's palette PNG (libimagequant WASM + OxiPNG, through the real worker
 * pool in Chromium, one worker) against sharp's `png({ palette: true })`
 * (native libimagequant + zlib, one libvips thread), and OxiPNG's lossless
 * levels against sharp's lossless `png({ compressionLevel })`. Both sides
 * alternate file by file, so they meet the same background load; wall time
 * and CPU time are both recorded (CPU time hardly moves with other load).
 * Quality: SSIM (src/lib/ssim.ts, luma, on white) of each output against the
 * decoded input.
 *
 *   node scripts/bench/png.mjs [--corpus DIR] [--repeat N] [--levels 1,2,3] [--json FILE]
 *
 * needs a build (npm run build). run.mjs calls measurePng(ctx) with its own lab
 * page and corpus (the shape in /work/helpers/BENCH-ROWS.md: rows with path 'png').
 * A benchmark, not a test: it asserts nothing.
 */
import { writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import * as esbuild from 'esbuild';
import sharp from 'sharp';
import { REPO_ROOT } from '../nginx-server.mjs';
import { loadCorpus, warmUpImage } from './corpus.mjs';
import { openLab, sendFile } from './browser-side.mjs';
import { startCpuClock, startCpuShare } from './memory.mjs';

/** Issue 14's goal for palette PNG: at least half sharp's speed. */
export const PALETTE_GOAL = 0.5;

/**
 * @typedef {{ ms: number, cpuMs: number, bytes: number, ssim: number, palette: boolean }} SideFigures
 * @typedef {{ file: string, megapixels: number, imglio: SideFigures, sharp: SideFigures }} FileFigures
 * @typedef {{ id: string, label: string, sharpLabel: string, goal?: number, files: FileFigures[],
 *   imglio: { ms: number, cpuMs: number, bytes: number, mpPerSecond: number, mpPerCpuSecond: number, meanSsim: number, slowestMs: number },
 *   sharp: { ms: number, cpuMs: number, bytes: number, mpPerSecond: number, mpPerCpuSecond: number, meanSsim: number, slowestMs: number },
 *   ratio: number, cpuRatio: number, sizeRatio: number }} PngRow
 */

/** The project's own SSIM (TypeScript), bundled for Node on the fly. */
async function loadSsim() {
  const built = await esbuild.build({ entryPoints: [join(REPO_ROOT, 'src', 'lib', 'ssim.ts')], bundle: true, format: 'esm', platform: 'node', write: false });
  const code = built.outputFiles[0]?.text ?? '';
  /** @type {{ ssim: (a: { data: Uint8ClampedArray, width: number, height: number }, b: { data: Uint8ClampedArray, width: number, height: number }) => number }} */
  const module = await import(`data:text/javascript;base64,${Buffer.from(code).toString('base64')}`);
  return module.ssim;
}

/** RGBA flattened on white (SSIM is luma only; transparency is judged as it would show on a page). @param {Buffer | Uint8Array} bytes */
async function pixelsOnWhite(bytes) {
  const { data, info } = await sharp(bytes).flatten({ background: '#ffffff' }).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  return { data: new Uint8ClampedArray(data.buffer, data.byteOffset, data.byteLength), width: info.width, height: info.height };
}

/**
 * One job in the page through a 1-worker pool that has already run one job of the same kind (warm).
 * @param {import('playwright-core').Page} page @param {string} key @param {Record<string, unknown>} output
 */
async function imglioJob(page, key, output) {
  const cpu = startCpuClock('renderer');
  const outcome = await page.evaluate(async ({ key: k, output: o }) => {
    const g = /** @type {any} */ (globalThis);
    g.__pngEngine ??= g.imglioCreateEngine({ maxWorkers: 1, idleMs: 600_000 });
    const request = (/** @type {string} */ name) => ({ input: g.__benchFiles[name].bytes.slice().buffer, name, output: o, keepOriginalIfSmaller: false });
    const started = g.performance.now();
    const r = await g.__pngEngine.process(request(k));
    const ms = g.performance.now() - started;
    const bytes = new Uint8Array(r.output);
    let binary = '';
    for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
    return { ms, encodeMs: r.timings?.encode ?? 0, format: r.format, base64: g.btoa(binary) };
  }, { key, output });
  const cpuMs = cpu.stop() * 1000;
  if (outcome.format !== 'png') throw new Error(`${key}: Imglio wrote ${outcome.format}, not PNG`);
  return { ms: outcome.ms, cpuMs, output: Buffer.from(outcome.base64, 'base64') };
}

/** @param {() => Promise<Buffer>} run */
async function sharpJob(run) {
  const cpu = process.cpuUsage();
  const started = performance.now();
  const output = await run();
  const ms = performance.now() - started;
  const used = process.cpuUsage(cpu);
  return { ms, cpuMs: (used.user + used.system) / 1000, output };
}

/**
 * The modes compared, Imglio's request output against a sharp call with the
 * equivalent setting.
 * @param {number[]} levels OxiPNG levels for the lossless rows
 * @returns {{ id: string, label: string, goal?: number, imglio: Record<string, unknown>, sharpLabel: string, sharp: (input: Buffer) => Promise<Buffer> }[]}
 */
function pngModes(levels) {
  const sharpPalette = {
    sharpLabel: 'png({ palette: true }) (libimagequant: quality 100, effort 7, dither 1; zlib level 6)',
    sharp: (/** @type {Buffer} */ input) => sharp(input).png({ palette: true }).toBuffer(),
  };
  const sharpLossless = {
    sharpLabel: 'png({ compressionLevel: 9, adaptiveFiltering: true }) (its smallest lossless)',
    sharp: (/** @type {Buffer} */ input) => sharp(input).png({ compressionLevel: 9, adaptiveFiltering: true }).toBuffer(),
  };
  return [
    { id: 'png-palette', label: 'Palette PNG, the default (256 colours, dithered, OxiPNG level 1)', goal: PALETTE_GOAL, imglio: { format: 'png', pngMode: 'palette' }, ...sharpPalette },
    ...[0, 2].map((level) => ({
      id: `png-palette-o${level}`, label: `Palette PNG, OxiPNG level ${level}`,
      imglio: { format: 'png', pngMode: 'palette', codecOptions: { optimisation: level } }, ...sharpPalette,
    })),
    ...levels.map((level) => ({
      id: `png-lossless-o${level}`, label: `Lossless PNG, OxiPNG level ${level}${level === 1 ? ' (the default)' : ''}`,
      imglio: { format: 'png', pngMode: 'lossless', codecOptions: { optimisation: level } }, ...sharpLossless,
    })),
  ];
}

/** @param {FileFigures[]} files @param {'imglio' | 'sharp'} side */
function summarise(files, side) {
  const mp = files.reduce((sum, f) => sum + f.megapixels, 0);
  const ms = files.reduce((sum, f) => sum + f[side].ms, 0);
  const cpuMs = files.reduce((sum, f) => sum + f[side].cpuMs, 0);
  return {
    ms, cpuMs,
    bytes: files.reduce((sum, f) => sum + f[side].bytes, 0),
    mpPerSecond: mp / (ms / 1000),
    mpPerCpuSecond: mp / (cpuMs / 1000),
    meanSsim: files.reduce((sum, f) => sum + f[side].ssim, 0) / files.length,
    slowestMs: Math.max(...files.map((f) => f[side].ms)),
  };
}

/**
 * Measures the PNG modes on the corpus's PNG files, in the lab page `lab`
 * (openLab). `sent`: the corpus files are already in the page under their names.
 * @param {{ page: import('playwright-core').Page }} lab
 * @param {import('./corpus.mjs').CorpusFile[]} corpus
 * @param {{ repeat?: number, levels?: number[], sent?: boolean, log?: (line: string) => void }} [options]
 * @returns {Promise<PngRow[]>}
 */
export async function benchPng(lab, corpus, options = {}) {
  const { repeat = 1, levels = [1, 2], sent = false, log = () => {} } = options;
  const graphics = corpus.filter((f) => f.format === 'png');
  if (graphics.length === 0) throw new Error('the corpus has no PNG graphics');
  const ssim = await loadSsim();
  sharp.concurrency(1);
  await sendFile(lab.page, '__pngwarm', await sharp(await warmUpImage()).png().toBuffer());
  if (!sent) for (const file of graphics) await sendFile(lab.page, file.name, file.bytes);
  const originals = new Map(await Promise.all(graphics.map(async (f) => /** @type {const} */ ([f.name, await pixelsOnWhite(f.bytes)]))));
  /** @type {PngRow[]} */
  const rows = [];
  try {
    for (const mode of pngModes(levels)) {
      log(`PNG: ${mode.label}…`);
      // Warm: the worker has started and compiled every module this mode uses.
      await imglioJob(lab.page, '__pngwarm', mode.imglio);
      /** @type {FileFigures[]} */
      const files = [];
      for (const file of graphics) {
        const input = file.bytes;
        /** @type {Awaited<ReturnType<typeof sharpJob>> | undefined} */
        let bestSharp;
        /** @type {Awaited<ReturnType<typeof imglioJob>> | undefined} */
        let bestImglio;
        for (let i = 0; i < repeat; i++) {
          const s = await sharpJob(() => mode.sharp(input));
          if (!bestSharp || s.cpuMs < bestSharp.cpuMs) bestSharp = s;
          const m = await imglioJob(lab.page, file.name, mode.imglio);
          if (!bestImglio || m.cpuMs < bestImglio.cpuMs) bestImglio = m;
        }
        if (!bestSharp || !bestImglio) throw new Error('no run');
        const original = originals.get(file.name);
        if (!original) throw new Error(file.name);
        const side = async (/** @type {{ ms: number, cpuMs: number, output: Buffer }} */ run) => ({
          ms: run.ms, cpuMs: run.cpuMs, bytes: run.output.byteLength,
          ssim: ssim(original, await pixelsOnWhite(run.output)),
          palette: (await sharp(run.output).metadata()).isPalette === true,
        });
        files.push({ file: file.name, megapixels: (file.width * file.height) / 1e6, imglio: await side(bestImglio), sharp: await side(bestSharp) });
      }
      const imglio = summarise(files, 'imglio');
      const sharpSide = summarise(files, 'sharp');
      rows.push({
        id: mode.id, label: mode.label, sharpLabel: mode.sharpLabel, ...(mode.goal ? { goal: mode.goal } : {}), files, imglio, sharp: sharpSide,
        ratio: imglio.mpPerSecond / sharpSide.mpPerSecond, cpuRatio: imglio.mpPerCpuSecond / sharpSide.mpPerCpuSecond, sizeRatio: imglio.bytes / sharpSide.bytes,
      });
    }
  } finally {
    await lab.page.evaluate(() => {
      const g = /** @type {any} */ (globalThis);
      g.__pngEngine?.terminate();
      delete g.__pngEngine;
    });
  }
  return rows;
}

/**
 * The rows in run.mjs's shape (BENCH-ROWS.md): path 'png', one row per mode.
 * @param {PngRow[]} rows
 */
export function toBenchRows(rows) {
  return rows.map((row) => {
    const mp = row.files.reduce((sum, f) => sum + f.megapixels, 0);
    const measure = (/** @type {PngRow['imglio']} */ side) => ({
      seconds: side.ms / 1000, mpPerSecond: side.mpPerSecond, cpuSeconds: side.cpuMs / 1000, bytes: side.bytes,
      extra: { ssim: Number(side.meanSsim.toFixed(4)), 'slowest file s': Number((side.slowestMs / 1000).toFixed(2)) },
    });
    return {
      path: 'png',
      case: `${row.label} (${row.files.length} graphics, ${mp.toFixed(1)} MP) vs sharp ${row.sharpLabel}`,
      imglio: measure(row.imglio),
      sharp: measure(row.sharp),
      ...(row.goal ? { goal: { id: 'palette-png', min: row.goal } } : {}),
      note: `CPU-time ratio ${row.cpuRatio.toFixed(2)}×; size ${row.sizeRatio.toFixed(2)}× sharp's; SSIM ${row.imglio.meanSsim.toFixed(4)} vs ${row.sharp.meanSsim.toFixed(4)}`,
    };
  });
}

/**
 * run.mjs's entry point (BENCH-ROWS.md): ctx.page is /lab/, ctx.corpus already sent into it.
 * @param {{ lab: { page: import('playwright-core').Page }, corpus: import('./corpus.mjs').CorpusFile[], repeat?: number, log?: (line: string) => void }} ctx
 */
export async function measurePng(ctx) {
  return toBenchRows(await benchPng(ctx.lab, ctx.corpus, { repeat: ctx.repeat ?? 1, sent: true, ...(ctx.log ? { log: ctx.log } : {}) }));
}

const kb = (/** @type {number} */ bytes) => `${(bytes / 1000).toFixed(0)} KB`;
const s = (/** @type {number} */ ms) => `${(ms / 1000).toFixed(2)} s`;

/** Markdown tables of benchPng's rows. @param {PngRow[]} rows */
export function formatPngRows(rows) {
  const lines = [
    '| PNG mode (Imglio, 1 worker) | vs sharp (1 thread) | Imglio MP/s | sharp MP/s | Ratio (wall) | Ratio (CPU) | Goal | Output Imglio / sharp | Size ratio | SSIM Imglio / sharp | Slowest file Imglio / sharp |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
  ];
  for (const row of rows) {
    const goal = row.goal ? `≥ ${row.goal}× ${row.cpuRatio >= row.goal ? '✅' : '❌'}` : '';
    lines.push(`| ${row.label} | ${row.sharpLabel} | ${row.imglio.mpPerSecond.toFixed(2)} | ${row.sharp.mpPerSecond.toFixed(2)} | ${row.ratio.toFixed(2)}× | ${row.cpuRatio.toFixed(2)}× | ${goal} | ${kb(row.imglio.bytes)} / ${kb(row.sharp.bytes)} | ${row.sizeRatio.toFixed(2)}× | ${row.imglio.meanSsim.toFixed(4)} / ${row.sharp.meanSsim.toFixed(4)} | ${s(row.imglio.slowestMs)} / ${s(row.sharp.slowestMs)} |`);
  }
  lines.push('', 'Per file (wall time, CPU time, bytes, SSIM; Imglio / sharp):', '', '| PNG mode | File | MP | Wall | CPU | Bytes | SSIM | Indexed |', '| --- | --- | --- | --- | --- | --- | --- | --- |');
  for (const row of rows) {
    for (const f of row.files) {
      lines.push(`| ${row.id} | ${f.file} | ${f.megapixels.toFixed(1)} | ${s(f.imglio.ms)} / ${s(f.sharp.ms)} | ${s(f.imglio.cpuMs)} / ${s(f.sharp.cpuMs)} | ${kb(f.imglio.bytes)} / ${kb(f.sharp.bytes)} | ${f.imglio.ssim.toFixed(4)} / ${f.sharp.ssim.toFixed(4)} | ${f.imglio.palette ? 'yes' : 'no'} / ${f.sharp.palette ? 'yes' : 'no'} |`);
    }
  }
  return lines.join('\n');
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { values: args } = parseArgs({
    options: {
      corpus: { type: 'string', default: join(REPO_ROOT, '..', 'shared', 'corpus') },
      repeat: { type: 'string', default: '1' },
      levels: { type: 'string', default: '1,2' },
      json: { type: 'string' },
    },
  });
  const corpus = await loadCorpus(String(args.corpus));
  const others = startCpuShare();
  const loads = [loadavg()[0] ?? 0];
  const lab = await openLab(join(REPO_ROOT, 'dist'));
  let rows;
  try {
    rows = await benchPng(lab, corpus, {
      repeat: Math.max(1, Number(args.repeat) || 1),
      levels: String(args.levels).split(',').map(Number).filter((n) => Number.isInteger(n) && n >= 0 && n <= 6),
      log: (line) => { loads.push(loadavg()[0] ?? 0); console.error(`[bench:png] ${line}`); },
    });
    if (lab.problems.length > 0) console.error(`[bench:png] page reported:\n  ${lab.problems.join('\n  ')}`);
  } finally {
    await lab.close();
  }
  loads.push(loadavg()[0] ?? 0);
  console.log(`${new Date().toISOString()}; ${lab.env.userAgent.match(/Chrome\/[\d.]+/)?.[0] ?? 'Chromium'}; other processes used ${(others.stop() * 100).toFixed(0)} % of the CPU; load average (1 min) ${Math.min(...loads).toFixed(1)}–${Math.max(...loads).toFixed(1)}`);
  console.log(formatPngRows(rows));
  if (args.json) writeFileSync(String(args.json), `${JSON.stringify(rows, null, 2)}\n`);
}

