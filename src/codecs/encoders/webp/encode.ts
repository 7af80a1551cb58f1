/** WebP, worker side. */
import type { EncodeFn } from '../../types.ts';
import { canUseSimd, initWithInlined, once } from '../../wasm.ts';
import type { webpMeta } from './meta.ts';

const loadEncoder = once(async () => {
  const codec = await import('@jsquash/webp/encode.js');
  // Must match the variant @jsquash/webp's init picks for itself.
  const simd = await canUseSimd();
  await initWithInlined(codec.init, () =>
    simd ? import('@jsquash/webp/codec/enc/webp_enc_simd.wasm?inline-wasm') : import('@jsquash/webp/codec/enc/webp_enc.wasm?inline-wasm'),
  );
  return codec.default;
});

const flag = (value: boolean): number => (value ? 1 : 0);

export const encode: EncodeFn<typeof webpMeta> = async (image, options) => {
  const encodeWebp = await loadEncoder();
  return encodeWebp(image as ImageData, {
    lossless: flag(options.lossless),
    quality: options.quality,
    method: options.effort,
    alpha_quality: options.alphaQuality,
    use_sharp_yuv: flag(options.sharpYuv),
    sns_strength: options.snsStrength,
    filter_strength: options.filterStrength,
    filter_sharpness: options.filterSharpness,
    autofilter: flag(options.autoFilter),
    near_lossless: options.lossless ? options.nearLossless : 100,
    exact: flag(options.exact),
  });
};
