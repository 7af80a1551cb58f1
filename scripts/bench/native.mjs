// @ts-check
/**
 * The browser's native paths side by side with the WASM encoders and sharp, in one run:
 *
 * - WebP: the native path (convertToBlob, chosen by the engine at effort 3) against WASM libwebp at effort 3
 *   (forced with implementation: 'wasm') and 4, and sharp at effort 3 and 4: bytes, SSIM, time per quality;
 *   whether native and WASM at effort 3 wrote the same bytes.
 * - JPEG: "Fast" (the browser's libjpeg-turbo) against MozJPEG and sharp (mozjpeg and plain libjpeg-turbo):
 *   bytes, SSIM, time; and the size cost of Fast at the SSIM MozJPEG reaches (interpolated over a quality grid).
 * - AVIF: the engine's threaded build (a lone job) and single-threaded build (two jobs in two workers), speeds,
 *   tiling; sharp; and whether WebCodecs' VideoEncoder takes AV1 here.
 * - Resize to half size: the browser's createImageBitmap 'high' against WASM Lanczos3, both against sharp lanczos3.
 * - The 100 MP JPEG → WebP q75 path, native against WASM.
 *
 *   node scripts/bench/native.mjs [--corpus DIR] [--limit N] [--parts webp,jpeg,avif,resize,huge] [--repeat N] [--dist DIR] [--json FILE]
 *
 * Alone it needs a build (npm run build) and opens its own nginx + Chromium; from run.mjs, measureNative(ctx)
 * (the one export) uses the bench's page and corpus and returns rows in the shape of /work/helpers/BENCH-ROWS.md.
 * One image at a time on each side (one worker; one sharp image in flight, one libvips thread); times are
 * medians of --repeat runs (default 3 alone, ctx.repeat in the bench). Speed ratios are per CPU-second of the
 * whole job, since the machine is shared. A benchmark; asserts nothing.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import * as esbuild from 'esbuild';
import sharp from 'sharp';
import { REPO_ROOT } from '../nginx-server.mjs';
import { convertHuge, openLab, sendFile } from './browser-side.mjs';
import { loadCorpus, writeHugeJpeg } from './corpus.mjs';
import { startCpuClock, startCpuShare } from './memory.mjs';

sharp.concurrency(1);
sharp.cache(false);

/** The project's own SSIM (src/lib/ssim.ts), bundled on the fly so the bench and the smart modes agree. */
async function loadSsim() {
  const built = await esbuild.build({ entryPoints: [join(REPO_ROOT, 'src/lib/ssim.ts')], bundle: true, write: false, format: 'esm', logLevel: 'silent' });
  const text = built.outputFiles[0]?.text ?? '';
  const module = await import(`data:text/javascript;base64,${Buffer.from(text).toString('base64')}`);
  return /** @type {(a: any, b: any) => number} */ (module.ssim);
}

/** @param {Buffer | Uint8Array} bytes */
async function rgba(bytes) {
  const { data, info } = await sharp(bytes, { limitInputPixels: false }).rotate().flatten({ background: '#ffffff' }).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  return { data: new Uint8ClampedArray(data.buffer, data.byteOffset, data.length), width: info.width, height: info.height };
}

/** PSNR over RGB, in dB. @param {{ data: Uint8ClampedArray }} a @param {{ data: Uint8ClampedArray }} b */
function psnr(a, b) {
  let sum = 0;
  let n = 0;
  for (let i = 0; i < a.data.length; i += 4) {
    for (let c = 0; c < 3; c++) {
      const d = (a.data[i + c] ?? 0) - (b.data[i + c] ?? 0);
      sum += d * d;
      n++;
    }
  }
  return sum === 0 ? Infinity : 10 * Math.log10((255 * 255) / (sum / n));
}

const median = (/** @type {number[]} */ values) => {
  const sorted = [...values].sort((x, y) => x - y);
  return sorted[Math.floor(sorted.length / 2)] ?? NaN;
};

/**
 * One image at a time through a fresh pool (one worker unless told): a warm-up job (worker start, WASM compile),
 * then `repeat` timed jobs (`together` at once), with the renderer's CPU time around the timed part only, since
 * wall time on a shared machine mostly measures the other load.
 * @param {import('playwright-core').Page} page
 * @param {{ key: string, format: string, codecOptions?: Record<string, unknown>, edits?: unknown, repeat: number, workers?: number, together?: number }} job
 */
async function engineRun(page, job) {
  await page.evaluate(async ({ key, format, codecOptions, edits, workers, together }) => {
    const g = /** @type {any} */ (globalThis);
    const engine = g.imglioCreateEngine({ maxWorkers: workers ?? 1, idleMs: 600_000 });
    g.__nativeRun = { engine, request: () => ({ input: g.__benchFiles[key].bytes.slice().buffer, name: key, output: { format, codecOptions: codecOptions ?? {} }, ...(edits ? { edits } : {}) }) };
    await Promise.all(Array.from({ length: together ?? 1 }, () => engine.process(g.__nativeRun.request())));
  }, job);
  try {
    const cpu = startCpuClock('renderer');
    const runs = await page.evaluate(async ({ repeat, together }) => {
      const g = /** @type {any} */ (globalThis);
      const { engine, request } = g.__nativeRun;
      /** @type {{ totalMs: number, encodeMs: number, decodeMs: number, editMs: number }[]} */
      const timed = [];
      for (let i = 0; i < repeat; i++) {
        const started = g.performance.now();
        const results = await Promise.all(Array.from({ length: together ?? 1 }, () => engine.process(request())));
        const totalMs = g.performance.now() - started;
        g.__nativeRun.last = results[0];
        timed.push({ totalMs, encodeMs: Math.max(...results.map((/** @type {any} */ r) => r.timings.encode)), decodeMs: results[0].timings.decode, editMs: results[0].timings.edit });
      }
      return timed;
    }, job);
    const cpuMs = (cpu.stop() * 1000) / (job.repeat * (job.together ?? 1));
    const last = await page.evaluate(() => {
      const g = /** @type {any} */ (globalThis);
      const r = g.__nativeRun.last;
      const u8 = new Uint8Array(r.output);
      let s = '';
      for (let i = 0; i < u8.length; i += 32768) s += String.fromCharCode(...u8.subarray(i, i + 32768));
      return { bytes: g.btoa(s), size: u8.length, encodedWith: r.encodedWith ?? '', format: r.format, width: r.width, height: r.height };
    });
    return { ...last, runs, cpuMs };
  } finally {
    await page.evaluate(() => {
      const g = /** @type {any} */ (globalThis);
      g.__nativeRun?.engine.terminate();
      delete g.__nativeRun;
    });
  }
}

/**
 * The 100 MP JPEG through a fresh one-worker pool with these WebP options; peak renderer RSS sampled from /proc.
 * @param {{ page: import('playwright-core').Page }} lab @param {Buffer} bytes @param {Record<string, unknown>} codecOptions
 */
async function convertHugeWith(lab, bytes, codecOptions) {
  const { cpuSeconds, ...outcome } = await convertHuge(lab, bytes, codecOptions);
  return { ...outcome, cpuMs: cpuSeconds * 1000 };
}

/** @param {() => Promise<Buffer>} run @param {number} repeat */
async function sharpRun(run, repeat) {
  await run();
  const times = [];
  /** @type {Buffer} */
  let out = Buffer.alloc(0);
  const cpu = startCpuClock('node');
  for (let i = 0; i < repeat; i++) {
    const started = performance.now();
    out = await run();
    times.push(performance.now() - started);
  }
  return { ms: median(times), cpuMs: (cpu.stop() * 1000) / repeat, bytes: out };
}

/**
 * @typedef {{ section: string, label: string, imglio?: Record<string, any>, sharp?: Record<string, any>, ratio?: number, note?: string }} NativeRow
 * @typedef {{ page?: import('playwright-core').Page, lab?: any, corpus?: import('./corpus.mjs').CorpusFile[], repeat?: number,
 *   log?: (line: string) => void, dist?: string, corpusDir?: string, limit?: number, parts?: string[] }} NativeContext
 */

/**
 * The rows and the load they were measured under. Inside run.mjs (ctx.page given) it uses the bench's page and
 * corpus (already in the page) and a shorter default set; alone, it opens its own nginx + Chromium.
 * @param {NativeContext} ctx
 */
async function measureNativeDetailed(ctx = {}) {
  const standalone = !ctx.page;
  const log = ctx.log ?? ((line) => console.error(`[native] ${line}`));
  // In the full bench: no resize (the bench lane's table) and no 100 MP (its own row), to stay near 2 minutes.
  const parts = new Set(ctx.parts ?? (standalone ? ['webp', 'jpeg', 'avif', 'resize', 'huge'] : ['webp', 'jpeg', 'avif']));
  const repeat = Math.max(1, ctx.repeat ?? (standalone ? 3 : 1));
  const all = ctx.corpus ?? (await loadCorpus(resolve(ctx.corpusDir ?? join(REPO_ROOT, '..', 'shared', 'corpus'))));
  const photos = all.filter((f) => f.format === 'jpeg' && f.width * f.height <= 5e6).sort((a, b) => a.name.localeCompare(b.name)).slice(0, ctx.limit ?? (standalone ? 4 : 2));
  const ssim = await loadSsim();
  /** @type {NativeRow[]} */
  const rows = [];
  const others = startCpuShare();
  const loads = [loadavg()[0] ?? 0];
  const lab = standalone ? await openLab(ctx.dist ?? join(REPO_ROOT, 'dist')) : (ctx.lab ?? { page: ctx.page, env: { userAgent: '' } });
  try {
    if (standalone) for (const file of photos) await sendFile(lab.page, file.name, file.bytes);
    /** @type {Map<string, Awaited<ReturnType<typeof rgba>>>} */
    const refs = new Map();
    for (const file of photos) refs.set(file.name, await rgba(file.bytes));
    const similarity = async (/** @type {string} */ key, /** @type {Buffer} */ bytes) => ssim(refs.get(key), await rgba(bytes));
    const sum = (/** @type {number[]} */ xs) => xs.reduce((a, b) => a + b, 0);
    const mean = (/** @type {number[]} */ xs) => sum(xs) / xs.length;

    if (parts.has('webp')) {
      for (const quality of [50, 75, 90]) {
        log(`WebP q${quality}…`);
        /** @type {Record<string, { bytes: number[], ms: number[], encodeMs: number[], cpuMs: number[], ssim: number[], with: Set<string> }>} */
        const acc = {};
        const add = (/** @type {string} */ name, /** @type {number} */ bytes, /** @type {number} */ ms, /** @type {number} */ encodeMs, /** @type {number} */ cpuMs, /** @type {number} */ s, /** @type {string} */ how) => {
          const a = (acc[name] ??= { bytes: [], ms: [], encodeMs: [], cpuMs: [], ssim: [], with: new Set() });
          a.bytes.push(bytes); a.ms.push(ms); a.encodeMs.push(encodeMs); a.cpuMs.push(cpuMs); a.ssim.push(s); a.with.add(how);
        };
        let identical = 0;
        for (const file of photos) {
          const variants = { 'native, effort 3': { quality, effort: 3 }, 'WASM, effort 3': { quality, effort: 3, implementation: 'wasm' }, 'WASM, effort 4': { quality, effort: 4 } };
          /** @type {Record<string, Buffer>} */
          const outs = {};
          for (const [name, codecOptions] of Object.entries(variants)) {
            const r = await engineRun(lab.page, { key: file.name, format: 'webp', codecOptions, repeat });
            outs[name] = Buffer.from(r.bytes, 'base64');
            add(name, r.size, median(r.runs.map((x) => x.totalMs)), median(r.runs.map((x) => x.encodeMs)), r.cpuMs, await similarity(file.name, outs[name]), r.encodedWith);
          }
          if (outs['native, effort 3']?.equals(outs['WASM, effort 3'] ?? Buffer.alloc(0))) identical++;
          for (const effort of [3, 4]) {
            const s = await sharpRun(() => sharp(file.bytes).rotate().webp({ quality, effort }).toBuffer(), repeat);
            add(`sharp, effort ${effort}`, s.bytes.length, s.ms, s.ms, s.cpuMs, await similarity(file.name, s.bytes), 'sharp');
          }
          loads.push(loadavg()[0] ?? 0);
        }
        for (const [name, a] of Object.entries(acc)) {
          if (name.startsWith('sharp')) continue;
          const effort = name.endsWith('4') ? 4 : 3;
          const reference = acc[`sharp, effort ${effort}`];
          const side = (/** @type {typeof a} */ x) => ({ bytes: sum(x.bytes), ms: sum(x.ms), encodeMs: sum(x.encodeMs), cpuMs: sum(x.cpuMs), ssim: mean(x.ssim), encodedWith: [...x.with].join('/') });
          rows.push({
            section: 'webp', label: `WebP q${quality}, ${name} / sharp effort ${effort}`,
            imglio: side(a),
            ...(reference ? { sharp: side(reference), ratio: sum(reference.cpuMs) / sum(a.cpuMs) } : {}),
            ...(name === 'native, effort 3' ? { note: `${identical}/${photos.length} files byte-identical to WASM at effort 3` } : {}),
          });
        }
      }
    }

    if (parts.has('jpeg')) {
      log('JPEG: Fast vs MozJPEG…');
      const grid = [30, 40, 50, 55, 60, 65, 70, 75, 80, 85, 90, 95];
      /** @type {Record<number, { moz: number[], mozMs: number[], mozCpu: number[], mozSsim: number[], fast: number[], fastMs: number[], fastCpu: number[], fastSsim: number[], fastAtMozSsim: number[], sharpMoz: number[], sharpMozMs: number[], sharpMozCpu: number[], turbo: number[], turboMs: number[], turboCpu: number[], with: Set<string> }>} */
      const acc = {};
      for (const file of photos) {
        /** @type {{ q: number, bytes: number, ssim: number, ms: number, cpuMs: number, with: string }[]} */
        const fast = [];
        for (const q of grid) {
          const r = await engineRun(lab.page, { key: file.name, format: 'jpeg', codecOptions: { quality: q, encoder: 'fast' }, repeat: q === 50 || q === 75 || q === 90 ? repeat : 1 });
          fast.push({ q, bytes: r.size, ssim: await similarity(file.name, Buffer.from(r.bytes, 'base64')), ms: median(r.runs.map((x) => x.totalMs)), cpuMs: r.cpuMs, with: r.encodedWith });
        }
        for (const quality of [50, 75, 90]) {
          const moz = await engineRun(lab.page, { key: file.name, format: 'jpeg', codecOptions: { quality }, repeat });
          const mozSsim = await similarity(file.name, Buffer.from(moz.bytes, 'base64'));
          const same = fast.find((f) => f.q === quality);
          // Bytes Fast needs for MozJPEG's SSIM: linear between the two grid points around it.
          const above = fast.findIndex((f) => f.ssim >= mozSsim);
          const hi = fast[above];
          const lo = fast[above - 1];
          const atSsim = !hi ? NaN : !lo ? hi.bytes : lo.bytes + ((hi.bytes - lo.bytes) * (mozSsim - lo.ssim)) / (hi.ssim - lo.ssim);
          const sm = await sharpRun(() => sharp(file.bytes).rotate().jpeg({ quality, mozjpeg: true, chromaSubsampling: '4:2:0' }).toBuffer(), repeat);
          const st = await sharpRun(() => sharp(file.bytes).rotate().jpeg({ quality, chromaSubsampling: '4:2:0' }).toBuffer(), repeat);
          const a = (acc[quality] ??= { moz: [], mozMs: [], mozCpu: [], mozSsim: [], fast: [], fastMs: [], fastCpu: [], fastSsim: [], fastAtMozSsim: [], sharpMoz: [], sharpMozMs: [], sharpMozCpu: [], turbo: [], turboMs: [], turboCpu: [], with: new Set() });
          a.moz.push(moz.size); a.mozMs.push(median(moz.runs.map((x) => x.totalMs))); a.mozCpu.push(moz.cpuMs); a.mozSsim.push(mozSsim);
          a.fast.push(same?.bytes ?? NaN); a.fastMs.push(same?.ms ?? NaN); a.fastCpu.push(same?.cpuMs ?? NaN); a.fastSsim.push(same?.ssim ?? NaN); a.fastAtMozSsim.push(atSsim);
          a.sharpMoz.push(sm.bytes.length); a.sharpMozMs.push(sm.ms); a.sharpMozCpu.push(sm.cpuMs); a.turbo.push(st.bytes.length); a.turboMs.push(st.ms); a.turboCpu.push(st.cpuMs);
          a.with.add(same?.with ?? '');
        }
        loads.push(loadavg()[0] ?? 0);
      }
      for (const [quality, a] of Object.entries(acc)) {
        rows.push({ section: 'jpeg', label: `JPEG q${quality}, MozJPEG (Imglio) / sharp mozjpeg 4:2:0`, imglio: { bytes: sum(a.moz), ms: sum(a.mozMs), cpuMs: sum(a.mozCpu), ssim: mean(a.mozSsim), encodedWith: 'mozjpeg' }, sharp: { bytes: sum(a.sharpMoz), ms: sum(a.sharpMozMs), cpuMs: sum(a.sharpMozCpu) }, ratio: sum(a.sharpMozCpu) / sum(a.mozCpu) });
        rows.push({
          section: 'jpeg', label: `JPEG q${quality}, Fast (Imglio) / sharp libjpeg-turbo 4:2:0`, imglio: { bytes: sum(a.fast), ms: sum(a.fastMs), cpuMs: sum(a.fastCpu), ssim: mean(a.fastSsim), encodedWith: [...a.with].join('/'), bytesAtMozSsim: sum(a.fastAtMozSsim) },
          sharp: { bytes: sum(a.turbo), ms: sum(a.turboMs), cpuMs: sum(a.turboCpu) }, ratio: sum(a.turboCpu) / sum(a.fastCpu),
          note: `${((sum(a.fast) / sum(a.moz) - 1) * 100).toFixed(0)} % more bytes than MozJPEG at the same Quality; at MozJPEG's SSIM ${((sum(a.fastAtMozSsim) / sum(a.moz) - 1) * 100).toFixed(0)} % (per photo: ${a.fastAtMozSsim.map((b, i) => `${((b / (a.moz[i] ?? 1) - 1) * 100).toFixed(0)} %`).join(', ')}); ${(sum(a.mozCpu) / sum(a.fastCpu)).toFixed(1)}× less CPU than MozJPEG per job`,
        });
      }
    }

    if (parts.has('avif')) {
      const avifPhotos = photos.slice(0, 2);
      const variants = [
        { name: 'speed 6, threaded (lone job)', codecOptions: { quality: 50, speed: 6 }, together: 1, workers: 1 },
        { name: 'speed 6, single-threaded (2 jobs, 2 workers)', codecOptions: { quality: 50, speed: 6 }, together: 2, workers: 2 },
        { name: 'speed 6, 2×2 tiles, threaded', codecOptions: { quality: 50, speed: 6, tileColsLog2: 1, tileRowsLog2: 1 }, together: 1, workers: 1 },
        { name: 'speed 8, threaded', codecOptions: { quality: 50, speed: 8 }, together: 1, workers: 1 },
        { name: 'speed 10, threaded', codecOptions: { quality: 50, speed: 10 }, together: 1, workers: 1 },
      ];
      for (const v of variants) {
        log(`AVIF ${v.name}…`);
        let bytes = 0;
        let ms = 0;
        let cpuMs = 0;
        const ssims = [];
        for (const file of avifPhotos) {
          const r = await engineRun(lab.page, { key: file.name, format: 'avif', codecOptions: v.codecOptions, repeat: 1, workers: v.workers, together: v.together });
          bytes += r.size;
          // Two jobs at once: the wall time for both, per image.
          ms += median(r.runs.map((x) => x.totalMs)) / v.together;
          cpuMs += r.cpuMs;
          ssims.push(await similarity(file.name, Buffer.from(r.bytes, 'base64')));
        }
        rows.push({ section: 'avif', label: `AVIF q50, ${v.name}`, imglio: { bytes, ms, cpuMs, ssim: mean(ssims) } });
        loads.push(loadavg()[0] ?? 0);
      }
      let sharpBytes = 0;
      let sharpMs = 0;
      let sharpCpu = 0;
      for (const file of avifPhotos) {
        const s = await sharpRun(() => sharp(file.bytes).rotate().avif({ quality: 50, effort: 3, chromaSubsampling: '4:2:0' }).toBuffer(), 1);
        sharpBytes += s.bytes.length;
        sharpMs += s.ms;
        sharpCpu += s.cpuMs;
      }
      rows.push({ section: 'avif', label: 'AVIF q50, sharp effort 3 (= speed 6), one thread', sharp: { bytes: sharpBytes, ms: sharpMs, cpuMs: sharpCpu } });
      const webcodecs = await lab.page.evaluate(async () => {
        const g = /** @type {any} */ (globalThis);
        if (typeof g.VideoEncoder === 'undefined') return { supported: false, note: 'no VideoEncoder' };
        const config = { codec: 'av01.0.08M.08', width: 2560, height: 1600, bitrateMode: 'quantizer', latencyMode: 'quality' };
        const support = await g.VideoEncoder.isConfigSupported(config).catch((/** @type {Error} */ e) => ({ supported: false, error: String(e) }));
        if (!support.supported) return { supported: false, note: JSON.stringify(support) };
        // One key frame of a photo-like gradient, to see the encoder's speed (no AVIF container: no muxer here).
        const canvas = new g.OffscreenCanvas(2560, 1600);
        const context = canvas.getContext('2d');
        const gradient = context.createLinearGradient(0, 0, 2560, 1600);
        gradient.addColorStop(0, '#204080');
        gradient.addColorStop(1, '#e0a040');
        context.fillStyle = gradient;
        context.fillRect(0, 0, 2560, 1600);
        const frame = new g.VideoFrame(canvas, { timestamp: 0 });
        let bytes = 0;
        const started = g.performance.now();
        await new Promise((done, fail) => {
          const encoder = new g.VideoEncoder({ output: (/** @type {any} */ chunk) => { bytes += chunk.byteLength; }, error: fail });
          encoder.configure(config);
          encoder.encode(frame, { keyFrame: true, av1: { quantizer: 30 } });
          encoder.flush().then(() => { encoder.close(); done(undefined); }, fail);
        });
        frame.close();
        return { supported: true, note: `one 2560 × 1600 key frame in ${(g.performance.now() - started).toFixed(0)} ms, ${bytes} bytes (synthetic gradient)` };
      });
      rows.push({ section: 'avif', label: "WebCodecs VideoEncoder 'av01.0.08M.08'", note: `${webcodecs.supported ? 'supported' : 'not supported'}: ${webcodecs.note}` });
    }

    if (parts.has('resize')) {
      log('Resize to half size: native vs Lanczos3 vs sharp…');
      for (const method of ['native', 'lanczos3']) {
        let ms = 0;
        const ssims = [];
        const psnrs = [];
        for (const file of photos) {
          const width = Math.round(file.width / 2);
          const edits = { resize: { width, fit: 'inside', method, allowEnlarge: false } };
          const r = await engineRun(lab.page, { key: file.name, format: 'png', codecOptions: { optimisation: 0 }, edits, repeat });
          ms += median(r.runs.map((x) => x.editMs));
          const out = await rgba(Buffer.from(r.bytes, 'base64'));
          const reference = await rgba(await sharp(file.bytes).rotate().resize(out.width, out.height, { kernel: 'lanczos3', fit: 'fill' }).png().toBuffer());
          ssims.push(ssim(reference, out));
          psnrs.push(psnr(reference, out));
        }
        rows.push({ section: 'resize', label: `Resize to ½, ${method === 'native' ? "browser createImageBitmap 'high'" : 'WASM Lanczos3'}`, imglio: { editMs: ms, ms, ssimVsSharp: mean(ssims), psnrVsSharp: mean(psnrs) } });
      }
      let ms = 0;
      for (const file of photos) {
        const decoded = await sharp(file.bytes).rotate().raw().toBuffer({ resolveWithObject: true });
        const s = await sharpRun(() => sharp(decoded.data, { raw: decoded.info }).resize(Math.round(file.width / 2), undefined, { kernel: 'lanczos3' }).raw().toBuffer(), repeat);
        ms += s.ms;
      }
      rows.push({ section: 'resize', label: 'Resize to ½, sharp lanczos3 (raw in, raw out)', sharp: { ms } });
    }

    if (parts.has('huge')) {
      const dir = mkdtempSync(join(tmpdir(), 'imglio-native-'));
      try {
        log('writing a 10000 × 10000 JPEG with sharp…');
        const written = await writeHugeJpeg(all, join(dir, 'huge.jpg'));
        for (const [name, codecOptions] of /** @type {const} */ ([['native (default: effort 3)', { quality: 75 }], ['WASM, effort 4 (the default before)', { quality: 75, effort: 4 }]])) {
          log(`100 MP → WebP, ${name}…`);
          const huge = await convertHugeWith(lab, written.bytes, codecOptions);
          rows.push({ section: 'huge', label: `100 MP JPEG → WebP q75, ${name}`, imglio: huge });
          loads.push(loadavg()[0] ?? 0);
        }
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    }
  } finally {
    if (standalone) await lab.close();
  }
  return { rows, machine: { otherCpu: others.stop(), loadMin: Math.min(...loads), loadMax: Math.max(...loads), photos: photos.map((f) => f.name), repeat, date: new Date().toISOString(), browser: String(lab.env?.userAgent ?? '').match(/Chrome\/[\d.]+/)?.[0] ?? '' } };
}

/**
 * A row in the shape of /work/helpers/BENCH-ROWS.md (the bench's report.mjs).
 * @param {NativeRow} row
 */
function toBenchRow(row) {
  const measure = (/** @type {Record<string, any> | undefined} */ side) => {
    if (!side || (side.ms === undefined && side.editMs === undefined)) return null;
    /** @type {Record<string, string | number>} */
    const extra = {};
    if (typeof side.ssim === 'number') extra.ssim = Number(side.ssim.toFixed(4));
    if (side.encodedWith) extra.encodedWith = side.encodedWith;
    if (typeof side.encodeMs === 'number' && side.encodeMs !== side.ms) extra.encodeMs = Math.round(side.encodeMs);
    if (typeof side.ssimVsSharp === 'number') extra.ssimVsSharp = Number(side.ssimVsSharp.toFixed(4));
    if (typeof side.psnrVsSharp === 'number') extra.psnrVsSharpDb = Number(side.psnrVsSharp.toFixed(1));
    if (typeof side.bytesAtMozSsim === 'number') extra.bytesAtMozjpegSsim = Math.round(side.bytesAtMozSsim);
    if (row.section === 'huge' && side.timings) Object.assign(extra, { decodeMs: Math.round(side.timings.decode), encodeMs: Math.round(side.timings.encode) });
    return {
      seconds: (side.ms ?? side.editMs) / 1000,
      ...(typeof side.cpuMs === 'number' ? { cpuSeconds: side.cpuMs / 1000 } : {}),
      ...(typeof side.bytes === 'number' ? { bytes: side.bytes } : {}),
      ...(typeof side.peakRss === 'number' ? { peakRss: side.peakRss } : {}),
      ...(Object.keys(extra).length > 0 ? { extra } : {}),
    };
  };
  const path = row.section === 'resize' ? 'resize' : row.section === 'huge' ? '100mp' : 'encode-native';
  return {
    path,
    case: row.label,
    imglio: measure(row.imglio),
    sharp: measure(row.sharp),
    ...(row.ratio !== undefined ? { ratio: row.ratio } : {}),
    ...(row.section === 'webp' && row.label.startsWith('WebP q75, native') ? { goal: { id: 'webp', min: 1.0 } } : {}),
    ...(row.note || row.imglio?.error ? { note: [row.note, row.imglio?.error].filter(Boolean).join('; ') } : {}),
  };
}

/**
 * The native paths as bench rows (BENCH-ROWS.md). Speed ratios are per CPU-second of the whole job (decode +
 * encode) on both sides, since the machine is shared; wall times are in `seconds`.
 * @param {NativeContext} [ctx]
 */
export async function measureNative(ctx = {}) {
  return (await measureNativeDetailed(ctx)).rows.map(toBenchRow);
}

const kb = (/** @type {unknown} */ bytes) => (typeof bytes === 'number' ? `${(bytes / 1000).toFixed(0)} kB` : '');
const msText = (/** @type {unknown} */ value) => (typeof value === 'number' ? `${value.toFixed(0)} ms` : '');
const num = (/** @type {unknown} */ value, digits = 4) => (typeof value === 'number' ? value.toFixed(digits) : '');

/** @param {Awaited<ReturnType<typeof measureNativeDetailed>>} result */
function formatNativeRows({ rows, machine }) {
  const lines = [`${machine.browser}; ${machine.date}; photos: ${machine.photos.join(', ')}; medians of ${machine.repeat}; other processes used ${(machine.otherCpu * 100).toFixed(0)} % of the CPU, load average ${machine.loadMin.toFixed(1)}–${machine.loadMax.toFixed(1)} on 2 cores`, ''];
  lines.push('| Case | Imglio bytes | Imglio wall (job / encode; resize: edit) | Imglio CPU | SSIM | Implementation | sharp bytes | sharp wall | sharp CPU | Speed vs sharp (CPU) | Note |');
  lines.push('| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |');
  for (const row of rows) {
    const i = row.imglio ?? {};
    const s = row.sharp ?? {};
    const time = row.section === 'huge' ? (i.ok ? `${(i.ms / 1000).toFixed(1)} s (decode ${msText(i.timings?.decode)}, encode ${msText(i.timings?.encode)}), peak renderer RSS ${(i.peakRss / 2 ** 20).toFixed(0)} MiB` : `failed: ${i.error}`)
      : row.section === 'resize' ? msText(i.editMs)
      : [msText(i.ms), i.encodeMs !== i.ms ? msText(i.encodeMs) : ''].filter(Boolean).join(' / ');
    const quality = row.section === 'resize' && i.ssimVsSharp !== undefined ? `${num(i.ssimVsSharp)} vs sharp (PSNR ${num(i.psnrVsSharp, 1)} dB)` : num(i.ssim);
    lines.push(`| ${row.label} | ${kb(i.bytes)} | ${time} | ${msText(i.cpuMs)} | ${quality} | ${i.encodedWith ?? ''} | ${kb(s.bytes)} | ${msText(s.ms)} | ${msText(s.cpuMs)} | ${row.ratio === undefined ? '' : `${row.ratio.toFixed(2)}×`} | ${row.note ?? ''} |`);
  }
  return lines.join('\n');
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({ options: { corpus: { type: 'string' }, limit: { type: 'string' }, parts: { type: 'string' }, repeat: { type: 'string' }, json: { type: 'string' }, dist: { type: 'string' } } });
  const result = await measureNativeDetailed({
    ...(values.corpus ? { corpusDir: values.corpus } : {}),
    ...(values.limit ? { limit: Number(values.limit) } : {}),
    ...(values.parts ? { parts: values.parts.split(',') } : {}),
    ...(values.repeat ? { repeat: Number(values.repeat) } : {}),
    ...(values.dist ? { dist: resolve(values.dist) } : {}),
  });
  console.log(formatNativeRows(result));
  if (values.json) writeFileSync(values.json, `${JSON.stringify({ ...result, benchRows: result.rows.map(toBenchRow) }, null, 2)}\n`);
}
