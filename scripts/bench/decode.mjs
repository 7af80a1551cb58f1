// @ts-check
/**
 * Decode per input format: the same pictures written in every format Imglio
 * reads (by sharp where sharp writes it; HEIC and JPEG XL by Debian's heif-enc
 * and cjxl when they are installed, since sharp's prebuilt libvips writes
 * neither), then decoded by Imglio's worker (ProcessResult.timings.decode:
 * sniff + decode to RGBA) and by sharp (to raw RGBA), one file at a time.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { megapixels } from './corpus.mjs';
import { runPageJobs } from './page-jobs.mjs';
import { startCpuClock } from './memory.mjs';
import { cpuNote, fastest } from './stats.mjs';

/** @param {string} tool */
function onPath(tool) {
  try {
    execFileSync('sh', ['-c', `command -v ${tool}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/**
 * A few photos and one graphic of the corpus (not the whole corpus: every format × every file would take minutes).
 * @param {import('./corpus.mjs').CorpusFile[]} corpus
 */
export function decodeSample(corpus, photos = 3, graphics = 1) {
  const small = corpus.filter((f) => f.width * f.height <= 4.2e6);
  return [...small.filter((f) => f.format === 'jpeg').slice(0, photos), ...small.filter((f) => f.format === 'png').slice(0, graphics)];
}

/**
 * @typedef {{ id: string, label: string, make: (png: Buffer, sharp: any, dir: string) => Promise<Buffer>, sharpDecodes: boolean, why?: string }} DecodeFormat
 * @type {DecodeFormat[]}
 */
export const DECODE_FORMATS = [
  { id: 'jpeg', label: 'JPEG q85 (sharp)', sharpDecodes: true, make: (png, sharp) => sharp(png).flatten({ background: '#ffffff' }).jpeg({ quality: 85 }).toBuffer() },
  { id: 'png', label: 'PNG level 6 (sharp)', sharpDecodes: true, make: (png, sharp) => sharp(png).png({ compressionLevel: 6 }).toBuffer() },
  { id: 'webp', label: 'WebP q80 (sharp)', sharpDecodes: true, make: (png, sharp) => sharp(png).webp({ quality: 80 }).toBuffer() },
  { id: 'avif', label: 'AVIF q50 effort 4 (sharp)', sharpDecodes: true, make: (png, sharp) => sharp(png).avif({ quality: 50, effort: 4 }).toBuffer() },
  { id: 'tiff', label: 'TIFF LZW (sharp)', sharpDecodes: true, make: (png, sharp) => sharp(png).tiff({ compression: 'lzw' }).toBuffer() },
  { id: 'gif', label: 'GIF 256 colours (sharp)', sharpDecodes: true, make: (png, sharp) => sharp(png).gif().toBuffer() },
  {
    id: 'heic', label: 'HEIC q60 (heif-enc, x265 ultrafast)', sharpDecodes: false, why: "sharp's prebuilt libvips has no HEVC decoder",
    make: async (png, _sharp, dir) => {
      writeFileSync(join(dir, 'in.png'), png);
      execFileSync('heif-enc', ['-q', '60', '-p', 'preset=ultrafast', join(dir, 'in.png'), '-o', join(dir, 'out.heic')], { stdio: 'ignore' });
      return readFileSync(join(dir, 'out.heic'));
    },
  },
  {
    id: 'jxl', label: 'JPEG XL d1 e3 (cjxl)', sharpDecodes: false, why: "sharp's prebuilt libvips has no libjxl",
    make: async (png, _sharp, dir) => {
      writeFileSync(join(dir, 'in.png'), png);
      execFileSync('cjxl', [join(dir, 'in.png'), join(dir, 'out.jxl'), '-d', '1', '-e', '3', '--quiet'], { stdio: 'ignore' });
      return readFileSync(join(dir, 'out.jxl'));
    },
  },
];

const TOOLS = /** @type {Record<string, string>} */ ({ heic: 'heif-enc', jxl: 'cjxl' });

/** Written inputs are kept between runs (AVIF, GIF, HEIC and JPEG XL take a while to write), keyed by content and settings. */
const CACHE = join(tmpdir(), 'imglio-bench-inputs');

/** @param {DecodeFormat} format @param {Buffer} png @param {any} sharp @param {string} dir */
async function makeCached(format, png, sharp, dir) {
  const key = createHash('sha256').update(format.label).update(png).digest('hex').slice(0, 32);
  const path = join(CACHE, `${key}.${format.id}`);
  if (existsSync(path)) return readFileSync(path);
  const bytes = await format.make(png, sharp, dir);
  mkdirSync(CACHE, { recursive: true });
  writeFileSync(`${path}.part`, bytes);
  renameSync(`${path}.part`, path);
  return bytes;
}

/** @param {any} ctx see /work/helpers/BENCH-ROWS.md @returns {Promise<import('./stats.mjs').BenchRow[]>} */
export async function measureDecode(ctx) {
  const { page, sharp, log, repeat, sendFile } = ctx;
  const sample = decodeSample(ctx.corpus);
  const mp = megapixels(sample);
  /** @type {import('./stats.mjs').BenchRow[]} */
  const rows = [];
  const dir = mkdtempSync(join(tmpdir(), 'imglio-bench-decode-'));
  try {
    // One lossless master per picture; every format is written from it.
    const masters = await Promise.all(sample.map(async (f) => ({ name: f.name, png: await sharp(f.bytes).png({ compressionLevel: 1 }).toBuffer() })));
    for (const format of DECODE_FORMATS) {
      const caseLabel = `${format.label}, ${sample.length} files, ${mp.toFixed(1)} MP`;
      const tool = TOOLS[format.id];
      if (tool && !onPath(tool)) {
        rows.push({ path: 'decode', case: caseLabel, imglio: null, sharp: null, note: `not measured: ${tool} is not installed (apt-get install ${format.id === 'heic' ? 'libheif-examples' : 'libjxl-tools'}); ${format.why}` });
        continue;
      }
      log(`decode ${format.id}: writing ${sample.length} files (or reading them from ${CACHE})…`);
      /** @type {{ key: string, bytes: Buffer }[]} */
      const inputs = [];
      for (const master of masters) {
        const bytes = await makeCached(format, master.png, sharp, dir);
        const key = `__decode-${format.id}-${master.name}`;
        await sendFile(page, key, bytes);
        inputs.push({ key, bytes });
      }
      const inputBytes = inputs.reduce((s, i) => s + i.bytes.byteLength, 0);
      /** @type {any[]} */
      const sharpRuns = [];
      /** @type {any[]} */
      const imglioRuns = [];
      /** @type {string[]} */
      let failures = [];
      for (let round = 0; round < repeat; round++) {
        if (format.sharpDecodes) {
          log(`decode ${format.id}: sharp…`);
          await sharp(/** @type {Buffer} */ (inputs[0]?.bytes)).ensureAlpha().raw().toBuffer(); // warm
          const cpu = startCpuClock('node');
          const started = performance.now();
          for (const input of inputs) await sharp(input.bytes).ensureAlpha().raw().toBuffer();
          const seconds = (performance.now() - started) / 1000;
          sharpRuns.push({ seconds, mpPerSecond: mp / seconds, cpuSeconds: cpu.stop() });
        }
        log(`decode ${format.id}: Imglio…`);
        // Decode timing only: the job then shrinks the picture with the browser's scaler and writes a tiny QOI.
        const job = (/** @type {string} */ key) => ({ key, output: { format: 'qoi' }, edits: { resize: { width: 64, fit: 'inside', method: 'native', allowEnlarge: false } } });
        const run = await runPageJobs(page, { warmUp: [job(/** @type {string} */ (inputs[0]?.key))], jobs: inputs.map((i) => job(i.key)) });
        failures = run.results.filter((r) => !r.ok).map((r) => `${r.key.replace(/^__decode-[a-z]+-/, '')}: ${r.error}`);
        const seconds = run.results.reduce((s, r) => s + (r.timings?.decode ?? 0), 0) / 1000;
        imglioRuns.push({ seconds, mpPerSecond: mp / seconds, cpuSeconds: run.cpuSeconds });
      }
      rows.push({
        path: 'decode',
        case: caseLabel,
        imglio: fastest(imglioRuns),
        sharp: format.sharpDecodes ? fastest(sharpRuns) : null,
        note: [`inputs ${(inputBytes / 1e6).toFixed(2)} MB`, format.sharpDecodes ? cpuNote(fastest(imglioRuns), fastest(sharpRuns), 'the 64 px shrink and QOI write of each job') : `no ratio: ${format.why}`].filter(Boolean).join('; '),
        ...(failures.length > 0 ? { failures } : {}),
      });
      await page.evaluate((/** @type {string[]} */ keys) => { for (const k of keys) delete (/** @type {any} */ (globalThis)).__benchFiles[k]; }, inputs.map((i) => i.key));
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return rows;
}
