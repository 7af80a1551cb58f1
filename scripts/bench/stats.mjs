// @ts-check
/**
 * Pure helpers of the benchmark: ratios, formatting and the issue-14 goals.
 * No I/O, so they have a unit test (stats.test.mjs).
 *
 * @typedef {{ seconds?: number, mpPerSecond?: number, cpuSeconds?: number, bytes?: number, encodes?: number,
 *   peakRss?: number, extra?: Record<string, string | number> }} Measure
 * @typedef {'webp' | 'mozjpeg' | 'avif' | 'lanczos3' | 'palette-png' | 'scaling'} RatioGoalId
 * @typedef {{ path: string, case: string, imglio: Measure | null, sharp: Measure | null, ratio?: number,
 *   goal?: { id: RatioGoalId, min: number }, note?: string, failures?: string[] }} BenchRow
 */

/** The goals of issue 14: ratios against sharp (same run, same cores), and the 100 MP path's limits. */
export const GOALS = /** @type {const} */ ([
  { id: 'webp', label: 'WebP encode ≥ 1.0× sharp', min: 1.0 },
  { id: 'mozjpeg', label: 'MozJPEG encode ≥ 0.6× sharp', min: 0.6 },
  { id: 'avif', label: 'AVIF encode ≥ 0.4× sharp', min: 0.4 },
  { id: 'lanczos3', label: 'Lanczos3 resize ≥ 0.5× sharp', min: 0.5 },
  { id: 'palette-png', label: 'Palette PNG ≥ 0.5× sharp', min: 0.5 },
  { id: 'scaling', label: 'Scaling 1 → 2 workers ≥ 1.8×', min: 1.8, every: true },
]);
export const HUGE_GOALS = { seconds: 5, peakRssBytes: 1.5 * 2 ** 30 };

/**
 * Imglio's speed ÷ sharp's (> 1: Imglio faster): the row's own ratio, else from
 * megapixels per second, else from wall time of the same work. undefined when a side is missing.
 * @param {BenchRow} row
 */
export function ratioOf(row) {
  if (row.ratio !== undefined) return Number.isFinite(row.ratio) ? row.ratio : undefined;
  const { imglio, sharp } = row;
  if (!imglio || !sharp) return undefined;
  if (imglio.mpPerSecond !== undefined && sharp.mpPerSecond !== undefined && sharp.mpPerSecond > 0) return imglio.mpPerSecond / sharp.mpPerSecond;
  if (imglio.seconds !== undefined && sharp.seconds !== undefined && imglio.seconds > 0 && sharp.seconds > 0) return sharp.seconds / imglio.seconds;
  return undefined;
}

/**
 * The ratio of CPU time (sharp's ÷ Imglio's; far less sensitive to other load than wall time), as a note.
 * Imglio's CPU time is the renderer's for the whole jobs (`scope` says what else they did), so it is a floor.
 * @param {Measure | null | undefined} imglio @param {Measure | null | undefined} sharp @param {string} [scope]
 */
export function cpuNote(imglio, sharp, scope) {
  if (!imglio?.cpuSeconds || !sharp?.cpuSeconds) return '';
  return `CPU time ${imglio.cpuSeconds.toFixed(2)} s vs ${sharp.cpuSeconds.toFixed(2)} s (ratio ${formatRatio(sharp.cpuSeconds / imglio.cpuSeconds)}${scope ? `; Imglio's includes ${scope}` : ''})`;
}

/** "0.53×", or "n/a". @param {number | undefined} ratio */
export const formatRatio = (ratio) => (ratio === undefined || !Number.isFinite(ratio) ? 'n/a' : `${ratio.toFixed(2)}×`);

/** "12.30 MP/s (1.32 s)", "1.32 s", "812 MiB" (memory only), or "n/a". @param {Measure | null | undefined} m */
export function formatMeasure(m) {
  if (!m) return 'n/a';
  if (m.seconds === undefined) return m.peakRss === undefined ? 'n/a' : `${(m.peakRss / 2 ** 20).toFixed(0)} MiB`;
  const time = m.seconds >= 1 ? `${m.seconds.toFixed(2)} s` : `${(m.seconds * 1000).toFixed(0)} ms`;
  return m.mpPerSecond === undefined ? time : `${m.mpPerSecond.toFixed(2)} MP/s (${time})`;
}

/** @param {number | undefined} bytes */
export function formatBytes(bytes) {
  if (bytes === undefined) return 'n/a';
  if (bytes >= 1e6) return `${(bytes / 1e6).toFixed(2)} MB`;
  if (bytes >= 1e3) return `${(bytes / 1e3).toFixed(0)} kB`;
  return `${bytes} B`;
}

/** @param {readonly number[]} values */
export function median(values) {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? /** @type {number} */ (sorted[mid]) : (/** @type {number} */ (sorted[mid - 1]) + /** @type {number} */ (sorted[mid])) / 2;
}

/**
 * The fastest of several runs of the same measurement: highest mpPerSecond, else lowest seconds.
 * @template {{ seconds: number, mpPerSecond?: number }} T @param {readonly T[]} runs @returns {T}
 */
export function fastest(runs) {
  if (runs.length === 0) throw new RangeError('fastest() needs at least one run');
  return runs.reduce((best, run) => {
    if (run.mpPerSecond !== undefined && best.mpPerSecond !== undefined) return run.mpPerSecond > best.mpPerSecond ? run : best;
    return run.seconds < best.seconds ? run : best;
  });
}

/**
 * Every goal with the rows that carry it: met when the best of them reaches the goal (the shipped path
 * is the fastest one measured), or every one of them for scaling (each codec must scale);
 * 'not measured' when no row in this run carries it (e.g. a subset run).
 * @param {readonly BenchRow[]} rows
 * @param {{ ok: boolean, seconds: number, peakRss: number } | undefined} huge the 100 MP JPEG → WebP
 */
export function evaluateGoals(rows, huge) {
  /** @type {{ label: string, verdict: 'met' | 'not met' | 'not measured', measured: string }[]} */
  const out = [];
  for (const goal of GOALS) {
    const carrying = rows.filter((row) => row.goal?.id === goal.id).map((row) => ({ row, ratio: ratioOf(row) })).filter((r) => r.ratio !== undefined);
    if (carrying.length === 0) {
      out.push({ label: goal.label, verdict: 'not measured', measured: 'not in this run' });
      continue;
    }
    const ratios = carrying.map((r) => /** @type {number} */ (r.ratio));
    const best = 'every' in goal && goal.every ? Math.min(...ratios) : Math.max(...ratios);
    const measured = carrying.map((r) => `${r.row.case}: ${formatRatio(r.ratio)}`).join('; ');
    out.push({ label: goal.label, verdict: best >= goal.min ? 'met' : 'not met', measured });
  }
  const limit = `${HUGE_GOALS.seconds} s`;
  if (!huge) {
    out.push({ label: `100 MP JPEG → WebP ≤ ${limit}`, verdict: 'not measured', measured: 'not in this run' });
    out.push({ label: '100 MP JPEG → WebP ≤ 1.5 GiB peak renderer RSS', verdict: 'not measured', measured: 'not in this run' });
  } else {
    out.push({ label: `100 MP JPEG → WebP ≤ ${limit}`, verdict: huge.ok && huge.seconds <= HUGE_GOALS.seconds ? 'met' : 'not met', measured: huge.ok ? `${huge.seconds.toFixed(1)} s` : `failed after ${huge.seconds.toFixed(1)} s` });
    out.push({ label: '100 MP JPEG → WebP ≤ 1.5 GiB peak renderer RSS', verdict: huge.ok && huge.peakRss <= HUGE_GOALS.peakRssBytes ? 'met' : 'not met', measured: `${(huge.peakRss / 2 ** 30).toFixed(2)} GiB` });
  }
  return out;
}

/**
 * The run's sections from --only (comma-separated); every section when absent.
 * @param {string | undefined} only @param {readonly string[]} all
 */
export function parseSections(only, all) {
  if (only === undefined || only.trim() === '') return new Set(all);
  const wanted = only.split(',').map((s) => s.trim()).filter(Boolean);
  const unknown = wanted.filter((s) => !all.includes(s));
  if (unknown.length > 0) throw new RangeError(`--only: unknown section(s) ${unknown.join(', ')}; choose from ${all.join(', ')}`);
  return new Set(wanted);
}
