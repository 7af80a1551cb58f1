// @ts-check
/** Formats the benchmark's figures as Markdown: one table per hot path, then the issue-14 goals. */
import { evaluateGoals, formatBytes, formatMeasure, formatRatio, ratioOf } from './stats.mjs';

const mb = (/** @type {number} */ bytes) => `${(bytes / 2 ** 20).toFixed(0)} MiB`;
const fixed = (/** @type {number} */ value, digits = 2) => value.toFixed(digits);
const ms = (/** @type {number} */ value) => `${value.toFixed(0)} ms`;

/** Hot paths in report order, with the table's heading. */
export const PATHS = /** @type {const} */ ([
  ['encode', 'Encode per codec (whole corpus, N workers vs N images in flight)'],
  ['encode-native', 'Encode: native and alternative encoders (native lane)'],
  ['scaling', 'Scaling 1 → N workers'],
  ['startup', 'Start-up (256 × 256 JPEG through a brand-new pool: first job vs sharp\'s first)'],
  ['memory', 'Peak memory (renderer: page + workers + WASM heaps; Node: sharp + corpus + Playwright)'],
  ['decode', 'Decode per input format (to RGBA, one file at a time)'],
  ['resize', 'Resize (RGBA in, RGBA out, one file at a time; ratio vs sharp lanczos3)'],
  ['png', 'PNG modes (palette lane)'],
  ['search', 'Target-size and target-similarity searches (WebP, one file at a time)'],
  ['native', 'Native fast paths (native lane)'],
  ['huge', '100 MP path'],
]);

/**
 * The encode section's figures as report rows (encode, scaling, start-up, memory).
 * @param {import('./codecs.mjs').BenchCodec[]} codecs @param {Record<string, any>} results @param {number} cores
 * @returns {import('./stats.mjs').BenchRow[]}
 */
export function encodeRows(codecs, results, cores) {
  /** @type {import('./stats.mjs').BenchRow[]} */
  const rows = [];
  for (const codec of codecs) {
    const result = results[codec.id];
    if (!result) continue;
    const { sharp, imglio } = result;
    const measure = (/** @type {any} */ m) => ({ seconds: m.seconds, mpPerSecond: m.mpPerSecond, cpuSeconds: m.cpuSeconds, bytes: m.outputBytes, peakRss: m.peakRss });
    const cpuRatio = imglio.many.mpPerCpuSecond / sharp.many.mpPerCpuSecond;
    const failures = [...imglio.one.failures, ...imglio.many.failures];
    rows.push({
      path: 'encode', case: codec.label, imglio: measure(imglio.many), sharp: measure(sharp.many), goal: { id: codec.goalId, min: codec.goal },
      note: `per CPU-second ${fixed(imglio.many.mpPerCpuSecond)} vs ${fixed(sharp.many.mpPerCpuSecond)} MP (${formatRatio(cpuRatio)}); 1 worker ${fixed(imglio.one.mpPerSecond)} vs 1 thread ${fixed(sharp.one.mpPerSecond)} MP/s (${formatRatio(imglio.one.mpPerSecond / sharp.one.mpPerSecond)})`,
      ...(failures.length > 0 ? { failures } : {}),
    });
    const projected = (cores * imglio.one.cpuSeconds) / imglio.many.cpuSeconds;
    rows.push({
      path: 'scaling', case: codec.label, imglio: { seconds: imglio.many.seconds, mpPerSecond: imglio.many.mpPerSecond }, sharp: { seconds: sharp.many.seconds, mpPerSecond: sharp.many.mpPerSecond },
      ratio: imglio.many.mpPerSecond / imglio.one.mpPerSecond, goal: { id: 'scaling', min: 1.8 },
      note: `ratio = Imglio ${cores} workers ÷ 1 (${fixed(imglio.one.mpPerSecond)} → ${fixed(imglio.many.mpPerSecond)} MP/s); projected from CPU time ${fixed(projected)}×; sharp 1 → ${cores} in flight ${fixed(sharp.many.mpPerSecond / sharp.one.mpPerSecond)}×`,
    });
    rows.push({
      path: 'startup', case: codec.label, imglio: { seconds: imglio.coldMs / 1000 }, sharp: { seconds: sharp.coldMs / 1000 },
      note: `warm ${ms(imglio.warmMs)} vs ${ms(sharp.warmMs)}; start-up cost ${ms(imglio.coldMs - imglio.warmMs)} (worker start, codec import, WASM compile)`,
    });
    rows.push({
      path: 'memory', case: `${codec.label}, 1 and ${cores} workers`, imglio: { peakRss: imglio.peakRss }, sharp: { peakRss: sharp.peakRss }, ratio: sharp.peakRss / imglio.peakRss,
      note: 'ratio = sharp peak ÷ Imglio peak (> 1: Imglio uses less)',
    });
  }
  return rows;
}

/** @param {string} cell */
const clean = (cell) => cell.replaceAll('|', '\\|').replaceAll('\n', ' ');

/** @param {import('./stats.mjs').BenchRow} row */
function noteOf(row) {
  const extra = (/** @type {any} */ m) => (m?.extra ? Object.entries(m.extra).map(([k, v]) => `${k} ${v}`).join(', ') : '');
  const parts = [row.note ?? '', extra(row.imglio) && `Imglio: ${extra(row.imglio)}`, extra(row.sharp) && `sharp: ${extra(row.sharp)}`, ...(row.failures ?? []).map((f) => `FAILED ${f}`)];
  return clean(parts.filter(Boolean).join('; '));
}

/** @param {import('./stats.mjs').BenchRow} row */
function ratioCell(row) {
  const ratio = ratioOf(row);
  if (ratio === undefined) return 'n/a';
  if (!row.goal) return formatRatio(ratio);
  return `${formatRatio(ratio)} ${ratio >= row.goal.min ? '✅' : '❌'} (goal ≥ ${row.goal.min}×)`;
}

/** @param {any} report */
export function formatReport(report) {
  const { machine, browser, corpus, results, codecs, rows } = report;
  const lines = [];
  lines.push(`Machine: ${machine.cores} cores (${machine.cpu}), ${machine.memoryGiB.toFixed(0)} GiB, Node ${machine.node}; ${browser.userAgent.match(/Chrome\/[\d.]+/)?.[0] ?? 'Chromium'} headless, crossOriginIsolated=${browser.crossOriginIsolated}; ${machine.date}`);
  const busy = machine.otherCpu > 0.1 ? ' — other work competed for the cores; these figures understate both sides and skew the ratios' : ' (a quiet machine)';
  lines.push(`Other processes used ${(machine.otherCpu * 100).toFixed(0)} % of the CPU during the run; load average (1 min) ${machine.loadMin.toFixed(1)}–${machine.loadMax.toFixed(1)}${busy}`);
  lines.push(`Corpus: ${corpus.images} images, ${corpus.megapixels.toFixed(1)} MP (${corpus.dir}); build measured: ${report.dist}`);
  lines.push(`Run took ${(machine.seconds / 60).toFixed(1)} min (${Object.entries(machine.durations).map(([k, v]) => `${k} ${(/** @type {number} */ (v)).toFixed(0)} s`).join(', ')})`);
  lines.push('');
  lines.push('Ratio = Imglio speed ÷ sharp speed, measured side by side in this run (> 1: Imglio is faster), unless the note says otherwise.');
  for (const [path, heading] of PATHS) {
    const inPath = rows.filter((/** @type {any} */ r) => r.path === path);
    if (inPath.length === 0) continue;
    lines.push('');
    lines.push(`### ${heading}`);
    lines.push('');
    lines.push('| Case | Imglio | sharp | Ratio | Output Imglio / sharp | Note |');
    lines.push('| --- | --- | --- | --- | --- | --- |');
    for (const row of inPath) {
      const output = row.imglio?.bytes !== undefined || row.sharp?.bytes !== undefined ? `${formatBytes(row.imglio?.bytes)} / ${formatBytes(row.sharp?.bytes)}` : '';
      lines.push(`| ${clean(row.case)} | ${formatMeasure(row.imglio)} | ${formatMeasure(row.sharp)} | ${ratioCell(row)} | ${output} | ${noteOf(row)} |`);
    }
    if (path === 'encode') lines.push(...cpuTable(codecs, results, machine.cores));
  }
  const others = rows.filter((/** @type {any} */ r) => !PATHS.some(([p]) => p === r.path));
  for (const row of others) lines.push('', `(${row.path}) ${row.case}: Imglio ${formatMeasure(row.imglio)}, sharp ${formatMeasure(row.sharp)}, ratio ${ratioCell(row)}; ${noteOf(row)}`);

  const huge = report.huge ? { ok: report.huge.ok, seconds: report.huge.ms / 1000, peakRss: report.huge.peakRss } : undefined;
  lines.push('');
  lines.push('### Goals of issue 14 (reported, never asserted)');
  lines.push('');
  lines.push('| Goal | Verdict | Measured |');
  lines.push('| --- | --- | --- |');
  for (const goal of evaluateGoals(rows, huge)) lines.push(`| ${goal.label} | ${goal.verdict === 'met' ? '**met**' : goal.verdict} | ${clean(goal.measured)} |`);
  const failed = rows.filter((/** @type {any} */ r) => (r.failures ?? []).length > 0);
  lines.push('');
  lines.push(failed.length === 0 ? 'Every job succeeded.' : `Failures in: ${failed.map((/** @type {any} */ r) => `${r.path} / ${r.case}`).join('; ')}`);
  return lines.join('\n');
}

/** Per CPU-second, robust to other load on the machine. @param {any[]} codecs @param {Record<string, any>} results @param {number} cores */
function cpuTable(codecs, results, cores) {
  const lines = ['', `Per CPU-second (user + system time of the renderer or of Node; robust to other load). Projected scaling = cores × CPU time with 1 worker ÷ CPU time with ${cores}:`, ''];
  lines.push(`| Codec | Imglio MP per CPU-s (1 / ${cores} workers) | sharp MP per CPU-s (1 / ${cores} in flight) | Ratio (${cores}) | CPU-time cost of ${cores} workers vs 1 | Projected scaling |`);
  lines.push('| --- | --- | --- | --- | --- | --- |');
  for (const codec of codecs) {
    const result = results[codec.id];
    if (!result) continue;
    const { sharp, imglio } = result;
    lines.push(`| ${codec.label} | ${fixed(imglio.one.mpPerCpuSecond)} / ${fixed(imglio.many.mpPerCpuSecond)} | ${fixed(sharp.one.mpPerCpuSecond)} / ${fixed(sharp.many.mpPerCpuSecond)} | ${formatRatio(imglio.many.mpPerCpuSecond / sharp.many.mpPerCpuSecond)} | ${fixed(imglio.many.cpuSeconds / imglio.one.cpuSeconds)}× | ${fixed((cores * imglio.one.cpuSeconds) / imglio.many.cpuSeconds)}× |`);
  }
  lines.push('', `Peak RSS during the encode batches: ${codecs.filter((c) => results[c.id]).map((c) => `${c.label} ${mb(results[c.id].imglio.peakRss)} / ${mb(results[c.id].sharp.peakRss)}`).join('; ')} (renderer / Node).`);
  return lines;
}
