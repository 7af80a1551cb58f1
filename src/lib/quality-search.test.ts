import { describe, expect, it } from 'vitest';
import { MAX_QUALITY_ATTEMPTS, searchQuality, type QualityProbe } from './quality-search.ts';

/** A codec-like curve: size grows exponentially with quality, SSIM approaches 1. */
const sizeAt = (q: number) => Math.round(20_000 * Math.exp(q / 28));
const ssimAt = (q: number) => 1 - 0.4 * Math.exp(-q / 18);

function recorder(bytes: (q: number) => number, ssim?: (q: number) => number) {
  const asked: number[] = [];
  const probe = async (quality: number): Promise<QualityProbe> => {
    asked.push(quality);
    return ssim ? { quality, bytes: bytes(quality), ssim: ssim(quality) } : { quality, bytes: bytes(quality) };
  };
  return { asked, probe };
}

function bruteForceLargestFitting(maxBytes: number, min: number, max: number): number | undefined {
  for (let q = max; q >= min; q--) if (sizeAt(q) <= maxBytes) return q;
  return undefined;
}

describe('searchQuality: target size', () => {
  it('finds exactly the largest fitting quality for every reachable target, within 7 distinct probes', async () => {
    let totalProbes = 0;
    let cases = 0;
    for (let maxBytes = sizeAt(1); maxBytes < sizeAt(100); maxBytes = Math.ceil(maxBytes * 1.07)) {
      const { asked, probe } = recorder(sizeAt);
      const result = await searchQuality({ goal: { kind: 'target-size', maxBytes }, min: 1, max: 100 }, probe);
      expect(result.met).toBe(true);
      expect(result.chosen.quality).toBe(bruteForceLargestFitting(maxBytes, 1, 100));
      expect(asked.length).toBeLessThanOrEqual(MAX_QUALITY_ATTEMPTS);
      expect(new Set(asked).size).toBe(asked.length);
      expect(result.attempts.map((a) => a.quality)).toEqual(asked);
      totalProbes += asked.length;
      cases++;
    }
    // Interpolation beats plain bisection (which needs 6–7 probes over 1..100) on smooth curves.
    expect(totalProbes / cases).toBeLessThan(6);
  });

  it('names the neighbouring quality that was too big', async () => {
    const maxBytes = sizeAt(70);
    const { probe } = recorder(sizeAt);
    const result = await searchQuality({ goal: { kind: 'target-size', maxBytes }, min: 1, max: 100 }, probe);
    expect(result.chosen.quality).toBe(70);
    expect(result.reason).toMatch(/^Chose quality 70: it gives .* KB, within the .* KB target \(quality 71 gives .* KB, above it\)\.$/);
  });

  it('chooses the highest quality when everything fits', async () => {
    const { asked, probe } = recorder(sizeAt);
    const result = await searchQuality({ goal: { kind: 'target-size', maxBytes: 50_000_000 }, min: 1, max: 100 }, probe);
    expect(result).toMatchObject({ met: true, chosen: { quality: 100 } });
    expect(asked).toContain(100);
    expect(result.reason).toContain('it is the highest quality');
  });

  it('returns the smallest output with met=false and says why when even the lowest quality is too big', async () => {
    const { probe } = recorder((q) => 311_000 + 1000 * q);
    const result = await searchQuality({ goal: { kind: 'target-size', maxBytes: 200_000 }, min: 1, max: 100 }, probe);
    expect(result.met).toBe(false);
    expect(result.chosen.quality).toBe(1);
    expect(result.reason).toContain('Even quality 1, the lowest, gives 312 KB, above the 200 KB target');
    expect(result.reason).toContain('Chose quality 1');
  });

  it('never writes a comparison that reads false because of rounding', async () => {
    const { probe } = recorder(() => 200_400);
    const result = await searchQuality({ goal: { kind: 'target-size', maxBytes: 200_000 }, min: 1, max: 100 }, probe);
    expect(result.reason).toContain('gives 200.4 KB, above the 200.0 KB target');
  });

  it('respects a smaller budget and says which qualities went untried', async () => {
    const { asked, probe } = recorder(sizeAt);
    const result = await searchQuality({ goal: { kind: 'target-size', maxBytes: sizeAt(83) }, min: 1, max: 100, maxAttempts: 2 }, probe);
    expect(asked.length).toBe(2);
    expect(result.met).toBe(true);
    expect(result.chosen.bytes).toBeLessThanOrEqual(sizeAt(83));
    expect(result.reason).toMatch(/Qualities \d+–\d+ were not tried \(limit of 2 encodes\)/);
  });

  it('probes once when the range is a single quality', async () => {
    const { asked, probe } = recorder(sizeAt);
    const result = await searchQuality({ goal: { kind: 'target-size', maxBytes: 1 }, min: 42, max: 42 }, probe);
    expect(asked).toEqual([42]);
    expect(result.met).toBe(false);
  });

  it('on a non-monotonic codec returns the highest quality that really fitted', async () => {
    // Deterministic jitter of ±15 % on top of the smooth curve.
    const jittery = (q: number) => Math.round(sizeAt(q) * (1 + 0.15 * Math.sin(q * 12.9898)));
    for (let maxBytes = 40_000; maxBytes < 900_000; maxBytes = Math.ceil(maxBytes * 1.13)) {
      const { asked, probe } = recorder(jittery);
      const result = await searchQuality({ goal: { kind: 'target-size', maxBytes }, min: 1, max: 100 }, probe);
      expect(asked.length).toBeLessThanOrEqual(MAX_QUALITY_ATTEMPTS);
      expect(new Set(asked).size).toBe(asked.length);
      const fitted = result.attempts.filter((a) => a.bytes <= maxBytes);
      if (fitted.length > 0) {
        expect(result.met).toBe(true);
        expect(result.chosen.bytes).toBeLessThanOrEqual(maxBytes);
        expect(result.chosen.quality).toBe(Math.max(...fitted.map((a) => a.quality)));
      } else {
        expect(result.met).toBe(false);
        expect(result.chosen.bytes).toBe(Math.min(...result.attempts.map((a) => a.bytes)));
      }
    }
  });
});

describe('searchQuality: target similarity', () => {
  it('finds exactly the lowest quality reaching the SSIM for every reachable threshold', async () => {
    for (let q = 1; q <= 100; q += 3) {
      const minSsim = ssimAt(q);
      const { asked, probe } = recorder(sizeAt, ssimAt);
      const result = await searchQuality({ goal: { kind: 'target-similarity', minSsim }, min: 1, max: 100 }, probe);
      expect(result.met).toBe(true);
      expect(result.chosen.quality).toBe(q);
      expect(result.chosen.ssim).toBeGreaterThanOrEqual(minSsim);
      expect(asked.length).toBeLessThanOrEqual(MAX_QUALITY_ATTEMPTS);
      expect(new Set(asked).size).toBe(asked.length);
    }
  });

  it('explains the choice with the neighbour that fell short', async () => {
    const { probe } = recorder(sizeAt, ssimAt);
    const result = await searchQuality({ goal: { kind: 'target-similarity', minSsim: ssimAt(40) }, min: 1, max: 100 }, probe);
    expect(result.reason).toMatch(/^Chose quality 40: SSIM 0\.\d+ meets the 0\.\d+ target with .* KB \(quality 39 only reaches 0\.\d+\)\.$/);
  });

  it('returns the most similar output with met=false when even the highest quality falls short', async () => {
    const { probe } = recorder(sizeAt, (q) => 0.8 + q / 1000);
    const result = await searchQuality({ goal: { kind: 'target-similarity', minSsim: 0.95 }, min: 1, max: 100 }, probe);
    expect(result).toMatchObject({ met: false, chosen: { quality: 100 } });
    expect(result.reason).toContain('Even quality 100, the highest, only reaches SSIM 0.9, below the 0.95 target');
  });

  it('on a non-monotonic codec returns the smallest output that really met the threshold', async () => {
    const wobbly = (q: number) => Math.min(1, ssimAt(q) + 0.01 * Math.sin(q * 7.3));
    for (const minSsim of [0.9, 0.95, 0.97, 0.99]) {
      const { asked, probe } = recorder(sizeAt, wobbly);
      const result = await searchQuality({ goal: { kind: 'target-similarity', minSsim }, min: 1, max: 100 }, probe);
      expect(asked.length).toBeLessThanOrEqual(MAX_QUALITY_ATTEMPTS);
      const similar = result.attempts.filter((a) => (a.ssim ?? 0) >= minSsim);
      expect(result.met).toBe(similar.length > 0);
      if (similar.length > 0) expect(result.chosen.bytes).toBe(Math.min(...similar.map((a) => a.bytes)));
    }
  });

  it('fails clearly when the probe reports no SSIM', async () => {
    const { probe } = recorder(sizeAt);
    await expect(searchQuality({ goal: { kind: 'target-similarity', minSsim: 0.9 }, min: 1, max: 100 }, probe)).rejects.toThrow(/no SSIM/);
  });
});

describe('searchQuality: bad options', () => {
  const { probe } = recorder(sizeAt);
  it.each([
    [{ goal: { kind: 'target-size', maxBytes: 0 }, min: 1, max: 100 }, /positive number of bytes/],
    [{ goal: { kind: 'target-similarity', minSsim: 1.2 }, min: 1, max: 100 }, /SSIM above 0 and at most 1/],
    [{ goal: { kind: 'target-size', maxBytes: 10 }, min: 50, max: 10 }, /min ≤ max/],
    [{ goal: { kind: 'target-size', maxBytes: 10 }, min: 1, max: 100, maxAttempts: 8 }, /from 1 to 7/],
    [{ goal: { kind: 'target-size', maxBytes: 10 }, min: 1, max: 100, maxAttempts: 0 }, /from 1 to 7/],
  ] as const)('rejects %j', async (options, message) => {
    await expect(searchQuality(options, probe)).rejects.toThrow(message);
  });
});
