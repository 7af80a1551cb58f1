/** QOI via @jsquash/qoi: lossless, fast, no options. The tool pages do not offer it; the engine encodes it. */
import { defineEncoder } from '../../types.ts';

export const qoiMeta = defineEncoder({
  id: 'qoi',
  format: 'qoi',
  label: 'QOI',
  compression: 'lossless',
  supportsAlpha: true,
  threading: 'single',
  // 32-bit width and height; the reference encoder refuses more than QOI_PIXELS_MAX (400 million) pixels.
  limits: { maxWidth: 4_294_967_295, maxHeight: 4_294_967_295, maxPixels: 400_000_000 },
  offered: false,
  options: [],
});
