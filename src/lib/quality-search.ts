/**
 * Smart quality modes: pick an encoder quality that meets a goal with a
 * bounded number of encodes (each "probe" is one real encode of the file).
 *
 * - target-size: the largest integer quality whose output is ≤ maxBytes.
 * - target-similarity: the smallest output whose SSIM against the source is ≥ minSsim.
 *
 * Assumption that makes the search fast: output size and SSIM grow with
 * quality (true for MozJPEG, WebP and AVIF to within noise). The search is a
 * bracketing search: every probe lies strictly between the highest quality
 * known to be "below" the goal boundary and the lowest known to be "above",
 * so no quality is ever probed twice. The next probe is interpolated from the
 * bracketing probes (sizes and SSIM curves are smooth), but kept inside the
 * window from which the remaining budget can still finish by bisection, so
 * over 1..100 the exact answer is always found within 7 probes.
 *
 * Robustness to non-monotonic codecs: the answer is the best probe that
 * actually met the goal (highest quality for target-size, smallest output
 * for target-similarity), never a value inferred from the assumption.
 */
import { formatBytes } from '../core/format-bytes.ts';

export type QualityGoal =
  | { readonly kind: 'target-size'; readonly maxBytes: number }
  | { readonly kind: 'target-similarity'; readonly minSsim: number };

export interface QualityProbe {
  readonly quality: number;
  readonly bytes: number;
  readonly ssim?: number;
}

export interface QualitySearchOptions {
  readonly goal: QualityGoal;
  /** Lowest and highest quality the codec accepts (integers). */
  readonly min: number;
  readonly max: number;
  /** Upper bound on probes (encodes); default and maximum 7. */
  readonly maxAttempts?: number;
}

export interface QualitySearchResult {
  readonly chosen: QualityProbe;
  readonly met: boolean;
  /** Which quality was chosen and why, in words a user understands. */
  readonly reason: string;
  /** Every probe in the order it ran. */
  readonly attempts: QualityProbe[];
}

/** The bound: never more than this many encodes per file. */
export const MAX_QUALITY_ATTEMPTS = 7;

export async function searchQuality(
  options: QualitySearchOptions,
  probe: (quality: number) => Promise<QualityProbe>,
): Promise<QualitySearchResult> {
  const { goal, min, max } = options;
  const maxAttempts = options.maxAttempts ?? MAX_QUALITY_ATTEMPTS;
  validate(goal, min, max, maxAttempts);

  const attempts: QualityProbe[] = [];
  const tried = new Set<number>();
  // Open bracket (lo, hi): lo is the highest probe on the low side of the
  // boundary (fits the size / misses the similarity), hi the lowest on the
  // high side. min - 1 and max + 1 stand for "nothing known yet".
  let lo = min - 1;
  let hi = max + 1;
  let loProbe: QualityProbe | undefined;
  let hiProbe: QualityProbe | undefined;

  while (attempts.length < maxAttempts && hi - lo > 1) {
    const quality = nextQuality(goal, lo, hi, loProbe, hiProbe, maxAttempts - attempts.length);
    if (tried.has(quality)) break; // cannot happen with a strict bracket; a guard, not a path
    tried.add(quality);
    const result = await probe(quality);
    checkProbe(goal, quality, result);
    const attempt: QualityProbe = result.ssim === undefined
      ? { quality, bytes: result.bytes }
      : { quality, bytes: result.bytes, ssim: result.ssim };
    attempts.push(attempt);
    if (isLowSide(goal, attempt)) {
      lo = quality;
      loProbe = attempt;
    } else {
      hi = quality;
      hiProbe = attempt;
    }
  }

  return goal.kind === 'target-size'
    ? concludeSize(goal.maxBytes, min, max, maxAttempts, attempts)
    : concludeSimilarity(goal.minSsim, min, max, maxAttempts, attempts);
}

function validate(goal: QualityGoal, min: number, max: number, maxAttempts: number): void {
  if (!Number.isInteger(min) || !Number.isInteger(max) || min > max) {
    throw new RangeError(`Quality range must be two integers with min ≤ max (got ${min}..${max}).`);
  }
  if (!Number.isInteger(maxAttempts) || maxAttempts < 1 || maxAttempts > MAX_QUALITY_ATTEMPTS) {
    throw new RangeError(`maxAttempts must be an integer from 1 to ${MAX_QUALITY_ATTEMPTS} (got ${maxAttempts}).`);
  }
  if (goal.kind === 'target-size') {
    if (!Number.isFinite(goal.maxBytes) || goal.maxBytes <= 0) {
      throw new RangeError(`Target size must be a positive number of bytes (got ${goal.maxBytes}).`);
    }
  } else if (!(goal.minSsim > 0 && goal.minSsim <= 1)) {
    throw new RangeError(`Target similarity must be an SSIM above 0 and at most 1 (got ${goal.minSsim}).`);
  }
}

function checkProbe(goal: QualityGoal, quality: number, result: QualityProbe): void {
  if (result.quality !== quality) {
    throw new Error(`Quality probe answered for quality ${result.quality} when asked for ${quality}.`);
  }
  if (!Number.isFinite(result.bytes) || result.bytes < 0) {
    throw new Error(`Quality probe at quality ${quality} reported an invalid size (${result.bytes}).`);
  }
  if (goal.kind === 'target-similarity' && (result.ssim === undefined || !Number.isFinite(result.ssim))) {
    throw new Error(`Quality probe at quality ${quality} reported no SSIM, which target similarity needs.`);
  }
}

/** Low side of the boundary: qualities at or below the answer (size) or below it (similarity). */
function isLowSide(goal: QualityGoal, attempt: QualityProbe): boolean {
  return goal.kind === 'target-size' ? attempt.bytes <= goal.maxBytes : (attempt.ssim ?? 0) < goal.minSsim;
}

/**
 * A quantity that grows roughly linearly with quality, and its value at the
 * goal: log size for size targets, -log(1 - SSIM) for similarity targets.
 */
function curve(goal: QualityGoal, attempt: QualityProbe): number {
  if (goal.kind === 'target-size') return Math.log(Math.max(1, attempt.bytes));
  return -Math.log(Math.max(1e-9, 1 - (attempt.ssim ?? 0)));
}

function curveTarget(goal: QualityGoal): number {
  return goal.kind === 'target-size' ? Math.log(goal.maxBytes) : -Math.log(Math.max(1e-9, 1 - goal.minSsim));
}

/**
 * Next quality strictly inside (lo, hi). After the probe, whichever side the
 * boundary falls on, at most 2^(remaining-1) - 1 candidates may be left, so
 * bisection can still finish: that bounds the guess to [hi - 2^(r-1), lo + 2^(r-1)].
 * When the budget cannot cover the bracket at all, plain bisection.
 */
function nextQuality(
  goal: QualityGoal,
  lo: number,
  hi: number,
  loProbe: QualityProbe | undefined,
  hiProbe: QualityProbe | undefined,
  remaining: number,
): number {
  const middle = Math.floor((lo + hi) / 2);
  const reach = 2 ** (remaining - 1);
  const safeLow = Math.max(lo + 1, hi - reach);
  const safeHigh = Math.min(hi - 1, lo + reach);
  if (safeLow > safeHigh) return middle;

  let guess = middle;
  if (loProbe && hiProbe) {
    const y0 = curve(goal, loProbe);
    const y1 = curve(goal, hiProbe);
    if (y1 > y0) {
      const t = (curveTarget(goal) - y0) / (y1 - y0);
      // Size targets want the last quality under the line: round down; similarity the first above: round up.
      const exact = loProbe.quality + t * (hiProbe.quality - loProbe.quality);
      guess = goal.kind === 'target-size' ? Math.floor(exact) : Math.ceil(exact);
    }
  }
  return Math.min(safeHigh, Math.max(safeLow, guess));
}

function concludeSize(maxBytes: number, min: number, max: number, maxAttempts: number, attempts: QualityProbe[]): QualitySearchResult {
  const target = formatBytesPair(maxBytes);
  const fitting = attempts.filter((a) => a.bytes <= maxBytes);
  if (fitting.length === 0) {
    // Closest = smallest output; on equal size the higher quality looks better.
    const smallest = attempts.reduce((best, a) => (a.bytes < best.bytes || (a.bytes === best.bytes && a.quality > best.quality) ? a : best));
    const lowest = attempts.find((a) => a.quality === min);
    const lead = lowest
      ? `Even quality ${min}, the lowest, gives ${formatBytesPair(lowest.bytes, maxBytes).value}, above the ${formatBytesPair(lowest.bytes, maxBytes).target} target`
      : `No quality tried reached the ${target.value} target`;
    const choice = smallest === lowest
      ? `Chose quality ${min}, the closest to the target`
      : `Chose quality ${smallest.quality}, the smallest output tried (${formatBytes(smallest.bytes)})`;
    return {
      chosen: smallest,
      met: false,
      reason: `${lead}. ${choice}. Resizing the image or another format may get below it.`,
      attempts,
    };
  }
  const chosen = fitting.reduce((best, a) => (a.quality > best.quality ? a : best));
  const size = formatBytesPair(chosen.bytes, maxBytes);
  let reason = `Chose quality ${chosen.quality}: it gives ${size.value}, within the ${size.target} target`;
  const above = attempts.filter((a) => a.quality > chosen.quality).sort((a, b) => a.quality - b.quality)[0];
  if (chosen.quality === max) {
    reason += `, and it is the highest quality.`;
  } else if (above && above.quality === chosen.quality + 1) {
    reason += ` (quality ${above.quality} gives ${formatBytesPair(above.bytes, maxBytes).value}, above it).`;
  } else {
    const untriedTo = above ? above.quality - 1 : max;
    reason += `. Qualities ${chosen.quality + 1}–${untriedTo} were not tried (limit of ${maxAttempts} encodes).`;
  }
  return { chosen, met: true, reason, attempts };
}

function concludeSimilarity(minSsim: number, min: number, max: number, maxAttempts: number, attempts: QualityProbe[]): QualitySearchResult {
  const target = formatSsim(minSsim);
  const similar = attempts.filter((a) => (a.ssim ?? 0) >= minSsim);
  if (similar.length === 0) {
    // Closest = highest SSIM; on equal SSIM the smaller output.
    const closest = attempts.reduce((best, a) => ((a.ssim ?? 0) > (best.ssim ?? 0) || (a.ssim === best.ssim && a.bytes < best.bytes) ? a : best));
    const highest = attempts.find((a) => a.quality === max);
    const lead = highest
      ? `Even quality ${max}, the highest, only reaches SSIM ${formatSsim(highest.ssim ?? 0, minSsim)}, below the ${target} target`
      : `No quality tried reached SSIM ${target}`;
    const choice = closest === highest
      ? `Chose quality ${max}, the most similar`
      : `Chose quality ${closest.quality}, the most similar tried (SSIM ${formatSsim(closest.ssim ?? 0, minSsim)})`;
    return {
      chosen: closest,
      met: false,
      reason: `${lead}. ${choice}. A lossless format keeps the image identical.`,
      attempts,
    };
  }
  // Smallest output among those similar enough; on equal size the lower quality.
  const chosen = similar.reduce((best, a) => (a.bytes < best.bytes || (a.bytes === best.bytes && a.quality < best.quality) ? a : best));
  let reason = `Chose quality ${chosen.quality}: SSIM ${formatSsim(chosen.ssim ?? 0, minSsim)} meets the ${target} target with ${formatBytes(chosen.bytes)}`;
  const below = attempts.filter((a) => a.quality < chosen.quality).sort((a, b) => b.quality - a.quality)[0];
  if (chosen.quality === min) {
    reason += `, and it is the lowest quality.`;
  } else if (below && (below.ssim ?? 0) < minSsim && below.quality === chosen.quality - 1) {
    reason += ` (quality ${below.quality} only reaches ${formatSsim(below.ssim ?? 0, minSsim)}).`;
  } else if (below && (below.ssim ?? 0) >= minSsim) {
    reason += `, the smallest similar-enough output tried.`;
  } else {
    const untriedFrom = below ? below.quality + 1 : min;
    reason += `. Qualities ${untriedFrom}–${chosen.quality - 1} were not tried (limit of ${maxAttempts} encodes).`;
  }
  return { chosen, met: true, reason, attempts };
}

/**
 * A size and the target formatted so the comparison reads true: when rounding
 * would show "200 KB, above the 200 KB target", more digits, then exact bytes.
 */
function formatBytesPair(bytes: number, target = bytes): { value: string; target: string } {
  for (const digits of [undefined, 1, 2, 3]) {
    const value = formatBytes(bytes, digits);
    const goal = formatBytes(target, digits);
    if (bytes === target || value !== goal) return { value, target: goal };
  }
  return { value: `${bytes.toLocaleString('en')} bytes`, target: `${target.toLocaleString('en')} bytes` };
}

/** Four decimals, more when needed to keep "0.94996, below 0.95" from reading "0.95, below 0.95". */
function formatSsim(value: number, target?: number): string {
  let digits = 4;
  while (target !== undefined && value !== target && digits < 8 && value.toFixed(digits) === target.toFixed(digits)) digits++;
  return value.toFixed(digits).replace(/0+$/, '').replace(/\.$/, '');
}
