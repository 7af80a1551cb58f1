/** WebP, worker side: the browser's libwebp when it writes the same bytes (src/lib/native-encoders.ts), else WASM. */
import { hasTransparency } from '../../../lib/pixel-ops.ts';
import { blobQuality, chooseWebpImplementation, looksLikeWebp, simpleWebp } from '../../../lib/native-encoders.ts';
import { encodeWithCanvas } from '../../canvas-encode.ts';
import type { EncodeFn } from '../../types.ts';
import { canUseSimd, initWithInlined, once, ownedBuffer } from '../../wasm.ts';
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
  if (chooseWebpImplementation(options, () => !hasTransparency(image)).native) {
    const native = await encodeWithCanvas(image, 'image/webp', blobQuality(options.quality));
    // Anything unexpected from the browser (no encoder, a failure) falls through to WASM.
    if (native && looksLikeWebp(native)) return { output: ownedBuffer(simpleWebp(native)), implementation: 'native-webp' };
  }
  const encodeWebp = await loadEncoder();
  const output = await encodeWebp(image as ImageData, {
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
  return { output, implementation: 'wasm-webp' };
};
