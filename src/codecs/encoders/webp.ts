/** WebP, lossy and lossless, with libwebp via @jsquash/webp. */
import type { EncoderDefinition } from '../types.ts';
import { canUseSimd, initWithInlined, once } from '../wasm.ts';

const loadEncoder = once(async () => {
  const codec = await import('@jsquash/webp/encode.js');
  // Must match the variant @jsquash/webp's init picks for itself.
  const simd = await canUseSimd();
  await initWithInlined(codec.init, () =>
    simd ? import('@jsquash/webp/codec/enc/webp_enc_simd.wasm?inline-wasm') : import('@jsquash/webp/codec/enc/webp_enc.wasm?inline-wasm'),
  );
  return codec.default;
});

export const webpEncoder: EncoderDefinition = {
  id: 'webp',
  format: 'webp',
  label: 'WebP',
  mime: 'image/webp',
  extension: 'webp',
  supportsAlpha: true,
  qualityKey: 'quality',
  options: [
    { kind: 'boolean', key: 'lossless', label: 'Lossless', default: false },
    { kind: 'range', key: 'quality', label: 'Quality', min: 0, max: 100, step: 1, default: 75, help: 'Lossy: image quality. Lossless: how hard to try (higher is smaller and slower).' },
    { kind: 'range', key: 'effort', label: 'Effort', min: 0, max: 6, step: 1, default: 4, help: 'Higher is smaller and slower.' },
    { kind: 'range', key: 'alphaQuality', label: 'Alpha quality', min: 0, max: 100, step: 1, default: 100, advanced: true },
    { kind: 'boolean', key: 'sharpYuv', label: 'Sharp RGB→YUV conversion', default: false, advanced: true, help: 'Crisper colour edges, slower.' },
    { kind: 'range', key: 'snsStrength', label: 'Spatial noise shaping', min: 0, max: 100, step: 1, default: 50, advanced: true },
    { kind: 'range', key: 'filterStrength', label: 'Deblocking filter strength', min: 0, max: 100, step: 1, default: 60, advanced: true },
    { kind: 'range', key: 'filterSharpness', label: 'Filter sharpness', min: 0, max: 7, step: 1, default: 0, advanced: true },
    { kind: 'boolean', key: 'autoFilter', label: 'Auto-adjust filter strength', default: false, advanced: true },
    { kind: 'range', key: 'nearLossless', label: 'Near-lossless preprocessing', min: 0, max: 100, step: 1, default: 100, advanced: true, help: 'Lossless only; 100 is off, lower trades exactness for size.' },
    { kind: 'boolean', key: 'exact', label: 'Keep colour under transparent pixels', default: false, advanced: true },
  ],
  async encode(image, options) {
    const encode = await loadEncoder();
    const lossless = options['lossless'] === true;
    return encode(image as ImageData, {
      lossless: lossless ? 1 : 0,
      quality: Number(options['quality']),
      method: Number(options['effort']),
      alpha_quality: Number(options['alphaQuality']),
      use_sharp_yuv: options['sharpYuv'] === true ? 1 : 0,
      sns_strength: Number(options['snsStrength']),
      filter_strength: Number(options['filterStrength']),
      filter_sharpness: Number(options['filterSharpness']),
      autofilter: options['autoFilter'] === true ? 1 : 0,
      near_lossless: lossless ? Number(options['nearLossless']) : 100,
      exact: options['exact'] === true ? 1 : 0,
    });
  },
};
