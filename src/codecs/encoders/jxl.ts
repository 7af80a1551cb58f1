/**
 * JPEG XL via @jsquash/jxl: the threaded SIMD build when the page is
 * cross-origin isolated (its pthread workers get the compiled Module through
 * instantiateWith), else the single-threaded one. Same choice as jSquash's init
 * minus its non-SIMD threaded variant, which no SIMD-less isolated browser needs.
 */
import type { EncoderDefinition } from '../types.ts';
import { canUseSimd, canUseThreads, compileInlined, instantiateGlue, once, ownedBuffer } from '../wasm.ts';

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

export const jxlEncoder: EncoderDefinition = {
  id: 'jxl',
  format: 'jxl',
  label: 'JPEG XL',
  mime: 'image/jxl',
  extension: 'jxl',
  supportsAlpha: true,
  qualityKey: 'quality',
  options: [
    { kind: 'range', key: 'quality', label: 'Quality', min: 0, max: 100, step: 1, default: 75 },
    { kind: 'range', key: 'effort', label: 'Effort', min: 1, max: 9, step: 1, default: 7, help: 'Higher is smaller and slower.' },
    { kind: 'boolean', key: 'lossless', label: 'Lossless', default: false },
    { kind: 'boolean', key: 'progressive', label: 'Progressive', default: false },
    { kind: 'range', key: 'edgePreservingFilter', label: 'Edge-preserving filter', min: -1, max: 3, step: 1, default: -1, advanced: true, help: '-1 lets the encoder choose.' },
    { kind: 'range', key: 'photonNoiseIso', label: 'Film grain (ISO)', min: 0, max: 50000, step: 100, default: 0, advanced: true },
    { kind: 'boolean', key: 'lossyPalette', label: 'Lossy palette', default: false, advanced: true },
    { kind: 'boolean', key: 'lossyModular', label: 'Lossy modular mode', default: false, advanced: true },
    { kind: 'range', key: 'decodingSpeedTier', label: 'Faster decoding', min: 0, max: 4, step: 1, default: 0, advanced: true },
  ],
  async encode(image, options) {
    const { instance, defaultOptions } = await loadEncoder();
    const lossless = options['lossless'] === true;
    const output = instance.encode(image.data, image.width, image.height, {
      ...defaultOptions,
      quality: lossless ? 100 : Number(options['quality']),
      effort: Number(options['effort']),
      lossless,
      progressive: options['progressive'] === true,
      epf: Number(options['edgePreservingFilter']),
      photonNoiseIso: Number(options['photonNoiseIso']),
      lossyPalette: !lossless && options['lossyPalette'] === true,
      lossyModular: !lossless && options['lossyModular'] === true,
      decodingSpeedTier: Number(options['decodingSpeedTier']),
    });
    if (!output) throw new Error('The JPEG XL encoder returned no data.');
    return ownedBuffer(output);
  },
};
