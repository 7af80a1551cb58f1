/**
 * PNG via @jsquash/png, then lossless OxiPNG optimisation (@jsquash/oxipng),
 * with optional palette reduction (the quantise processor, libimagequant) before
 * it, which then writes an indexed PNG that OxiPNG recompresses.
 */
import { quantiseMeta } from '../../processors/quantise/meta.ts';
import { defineEncoder } from '../../types.ts';

export const pngMeta = defineEncoder({
  id: 'png',
  format: 'png',
  label: 'PNG',
  compression: 'lossless',
  supportsAlpha: true,
  // OxiPNG's single-threaded build: the pool already fills every core.
  threading: 'single',
  // 31-bit width and height (PNG specification).
  limits: { maxWidth: 2_147_483_647, maxHeight: 2_147_483_647 },
  offered: true,
  options: [
    // Level 1 by default: about 2 s of one core for a 2560 × 1600 graphic, lossless or palette; level 2 costs
    // about twice the time for 2–5 % (BENCHMARKS.md, "PNG modes").
    { kind: 'range', key: 'optimisation', label: 'OxiPNG optimisation level', min: 0, max: 6, step: 1, default: 1, help: '0 skips OxiPNG; 1 is fast; 2 and up are a few per cent smaller and 2–10× slower. Always lossless.' },
    // The PNG mode field (Lossless / Smaller) sets it; ProcessRequest.output.pngMode carries it for "Same as input" too.
    { kind: 'boolean', key: 'reducePalette', label: 'Reduce palette', default: false, ownControl: true, help: 'Lossy: limits the image to a number of colours.' },
    ...quantiseMeta.options,
    { kind: 'boolean', key: 'interlace', label: 'Interlace (Adam7)', default: false, advanced: true, help: 'Shows a preview while loading; larger.' },
    { kind: 'boolean', key: 'optimiseAlpha', label: 'Optimise transparent pixels', default: false, advanced: true, help: 'Changes the colour hidden under fully transparent pixels.' },
  ],
});
