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
    { kind: 'range', key: 'optimisation', label: 'OxiPNG optimisation level', min: 0, max: 6, step: 1, default: 2, help: '0 skips OxiPNG; higher is smaller and slower. Always lossless.' },
    // The PNG mode field (Lossless / Smaller) sets it; ProcessRequest.output.pngMode carries it for "Same as input" too.
    { kind: 'boolean', key: 'reducePalette', label: 'Reduce palette', default: false, ownControl: true, help: 'Lossy: limits the image to a number of colours.' },
    ...quantiseMeta.options,
    { kind: 'boolean', key: 'interlace', label: 'Interlace (Adam7)', default: false, advanced: true, help: 'Shows a preview while loading; larger.' },
    { kind: 'boolean', key: 'optimiseAlpha', label: 'Optimise transparent pixels', default: false, advanced: true, help: 'Changes the colour hidden under fully transparent pixels.' },
  ],
});
