/**
 * JPEG XL, worker side: the threaded SIMD build when the page is cross-origin
 * isolated (its pthread workers get the compiled Module through
 * instantiateWith), else the single-threaded one. Same choice as jSquash's init
 * minus its non-SIMD threaded variant, which no SIMD-less isolated browser needs.
 */
import type { EncodeFn } from '../../types.ts';
import { canUseSimd, canUseThreads, compileInlined, instantiateGlue, once, ownedBuffer } from '../../wasm.ts';
import type { jxlMeta } from './meta.ts';

interface JxlModule {
  encode(data: Uint8ClampedArray, width: number, height: number, options: Record<string, unknown>): Uint8Array | null;
}

const loadEncoder = once(async () => {
  const threaded = (await canUseThreads()) && (await canUseSimd());
  const [{ defaultOptions }, glue, module] = await Promise.all([
    import('@jsquash/jxl/meta.js'),
    threaded ? import('@jsquash/jxl/codec/enc/jxl_enc_mt_simd.js') : import('@jsquash/jxl/codec/enc/jxl_enc.js'),
    compileInlined(() => (threaded ? import('@jsquash/jxl/codec/enc/jxl_enc_mt_simd.wasm?inline-wasm') : import('@jsquash/jxl/codec/enc/jxl_enc.wasm?inline-wasm'))),
  ]);
  return { instance: await instantiateGlue<JxlModule>(glue.default, module), defaultOptions: defaultOptions as unknown as Record<string, unknown> };
});

export const encode: EncodeFn<typeof jxlMeta> = async (image, options) => {
  const { instance, defaultOptions } = await loadEncoder();
  const lossless = options.lossless;
  const output = instance.encode(image.data, image.width, image.height, {
    ...defaultOptions,
    quality: lossless ? 100 : options.quality,
    effort: options.effort,
    lossless,
    progressive: options.progressive,
    epf: options.edgePreservingFilter,
    photonNoiseIso: options.photonNoiseIso,
    lossyPalette: !lossless && options.lossyPalette,
    lossyModular: !lossless && options.lossyModular,
    decodingSpeedTier: options.decodingSpeedTier,
  });
  if (!output) throw new Error('The JPEG XL encoder returned no data.');
  return ownedBuffer(output);
};
