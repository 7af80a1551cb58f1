import { describe, expect, it } from 'vitest';
import { ssim, type SsimImage } from './ssim.ts';

/** Deterministic pseudo-random numbers (mulberry32), so failures reproduce. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function image(width: number, height: number, pixel: (x: number, y: number) => [number, number, number]): SsimImage {
  const data = new Uint8ClampedArray(width * height * 4);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const [r, g, b] = pixel(x, y);
      data.set([r, g, b, 255], (y * width + x) * 4);
    }
  }
  return { data, width, height };
}

/** A photo-like test card: gradients, edges and texture. */
const card = image(96, 64, (x, y) => {
  const edge = x > 48 ? 60 : 0;
  const texture = 20 * Math.sin(x / 3) * Math.cos(y / 4);
  return [80 + x + edge + texture, 40 + 2 * y + texture, 200 - x - edge];
});

function map(source: SsimImage, f: (value: number, index: number) => number): SsimImage {
  return { ...source, data: Uint8ClampedArray.from(source.data, (v, i) => (i % 4 === 3 ? v : f(v, i))) };
}

function addNoise(source: SsimImage, amplitude: number, seed: number): SsimImage {
  const next = random(seed);
  return map(source, (v) => v + (next() * 2 - 1) * amplitude);
}

/** 3 × 3 box blur, edges clamped. */
function blur(source: SsimImage): SsimImage {
  const { width, height, data } = source;
  const out = new Uint8ClampedArray(data.length);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      for (let c = 0; c < 4; c++) {
        let sum = 0;
        for (let dy = -1; dy <= 1; dy++) {
          for (let dx = -1; dx <= 1; dx++) {
            const xx = Math.min(width - 1, Math.max(0, x + dx));
            const yy = Math.min(height - 1, Math.max(0, y + dy));
            sum += data[(yy * width + xx) * 4 + c]!;
          }
        }
        out[(y * width + x) * 4 + c] = c === 3 ? 255 : sum / 9;
      }
    }
  }
  return { width, height, data: out };
}

/** Direct per-window computation, to check the running sums against. */
function naiveSsim(a: SsimImage, b: SsimImage): number {
  const luma = (img: SsimImage, x: number, y: number) => {
    const i = (y * img.width + x) * 4;
    return 0.299 * img.data[i]! + 0.587 * img.data[i + 1]! + 0.114 * img.data[i + 2]!;
  };
  const c1 = (0.01 * 255) ** 2;
  const c2 = (0.03 * 255) ** 2;
  let total = 0;
  let count = 0;
  for (let y0 = 0; y0 + 8 <= a.height; y0++) {
    for (let x0 = 0; x0 + 8 <= a.width; x0++) {
      const xs: number[] = [];
      const ys: number[] = [];
      for (let y = y0; y < y0 + 8; y++) for (let x = x0; x < x0 + 8; x++) { xs.push(luma(a, x, y)); ys.push(luma(b, x, y)); }
      const mean = (v: number[]) => v.reduce((s, t) => s + t, 0) / v.length;
      const mx = mean(xs), my = mean(ys);
      const vx = mean(xs.map((v) => (v - mx) ** 2));
      const vy = mean(ys.map((v) => (v - my) ** 2));
      const cov = mean(xs.map((v, i) => (v - mx) * (ys[i]! - my)));
      total += ((2 * mx * my + c1) * (2 * cov + c2)) / ((mx * mx + my * my + c1) * (vx + vy + c2));
      count++;
    }
  }
  return total / count;
}

describe('ssim', () => {
  it('is exactly 1 for identical images', () => {
    expect(ssim(card, { ...card, data: new Uint8ClampedArray(card.data) })).toBe(1);
  });

  it('agrees with a direct per-window computation', () => {
    const noisy = addNoise(card, 40, 7);
    expect(ssim(card, noisy)).toBeCloseTo(naiveSsim(card, noisy), 10);
    const blurred = blur(card);
    expect(ssim(card, blurred)).toBeCloseTo(naiveSsim(card, blurred), 10);
  });

  it('matches the formula on a single flat window', () => {
    const a = image(8, 8, () => [100, 100, 100]);
    const b = image(8, 8, () => [110, 110, 110]);
    const c1 = (0.01 * 255) ** 2;
    expect(ssim(a, b)).toBeCloseTo((2 * 100 * 110 + c1) / (100 ** 2 + 110 ** 2 + c1), 6);
  });

  it('falls as noise grows', () => {
    const light = ssim(card, addNoise(card, 8, 1));
    const heavy = ssim(card, addNoise(card, 60, 1));
    expect(light).toBeLessThan(1);
    expect(heavy).toBeLessThan(light);
    expect(heavy).toBeGreaterThan(-1);
  });

  it('rates a slight blur above heavy noise', () => {
    expect(ssim(card, blur(card))).toBeGreaterThan(ssim(card, addNoise(card, 60, 3)));
  });

  it('is symmetric', () => {
    const noisy = addNoise(card, 30, 5);
    expect(ssim(card, noisy)).toBe(ssim(noisy, card));
  });

  it('weighs channels as BT.601 luma: a blue change matters less than the same green change', () => {
    const moreBlue = map(card, (v, i) => (i % 4 === 2 ? v + 40 * Math.sin(i) : v));
    const moreGreen = map(card, (v, i) => (i % 4 === 1 ? v + 40 * Math.sin(i) : v));
    expect(ssim(card, moreBlue)).toBeGreaterThan(ssim(card, moreGreen));
  });

  it('handles images smaller than the window', () => {
    const tiny = image(5, 3, (x, y) => [x * 40, y * 80, 0]);
    expect(ssim(tiny, tiny)).toBe(1);
    expect(ssim(tiny, addNoise(tiny, 50, 2))).toBeLessThan(1);
  });

  it('refuses images of different sizes', () => {
    expect(() => ssim(card, image(95, 64, () => [0, 0, 0]))).toThrow(/same size \(got 96 × 64 and 95 × 64\)/);
  });

  it('refuses data that does not match the dimensions', () => {
    expect(() => ssim(card, { ...card, data: new Uint8ClampedArray(10) })).toThrow(/second image has 10 bytes/);
    expect(() => ssim({ width: 0, height: 4, data: new Uint8ClampedArray(0) }, card)).toThrow(/invalid dimensions/);
  });
});
