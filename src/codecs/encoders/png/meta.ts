/**
 * PNG via @jsquash/png, then lossless OxiPNG optimisation (@jsquash/oxipng),
 * with optional palette reduction (the quantise processor) before it. OxiPNG
 * turns a ≤256-colour image into an indexed PNG by itself.
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
    { kind: 'range', key: 'optimisation', label: 'OxiPNG optimisation level', min: 0, max: 6, step: 1, default: 2, help: '0 skips OxiPNG; higher is smaller and slower. Always lossless.' },
    { kind: 'boolean', key: 'reducePalette', label: 'Reduce palette', default: false, help: 'Lossy: limits the image to a number of colours.' },
    ...quantiseMeta.options,
    { kind: 'boolean', key: 'interlace', label: 'Interlace (Adam7)', default: false, advanced: true, help: 'Shows a preview while loading; larger.' },
    { kind: 'boolean', key: 'optimiseAlpha', label: 'Optimise transparent pixels', default: false, advanced: true, help: 'Changes the colour hidden under fully transparent pixels.' },
  ],
});
