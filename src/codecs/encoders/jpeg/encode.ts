/** MozJPEG, worker side. */
import type { EncodeFn } from '../../types.ts';
import { initWithInlined, once } from '../../wasm.ts';
import type { jpegMeta } from './meta.ts';

const loadEncoder = once(async () => {
  const codec = await import('@jsquash/jpeg/encode.js');
  await initWithInlined(codec.init, () => import('@jsquash/jpeg/codec/enc/mozjpeg_enc.wasm?inline-wasm'));
  return codec.default;
});

const COLOUR_SPACES = { ycbcr: 3, rgb: 2, grayscale: 1 } as const;

export const encode: EncodeFn<typeof jpegMeta> = async (image, options) => {
  const encodeJpeg = await loadEncoder();
  const subsampling = options.chromaSubsampling;
  return encodeJpeg(image as ImageData, {
    quality: options.quality,
    progressive: options.progressive,
    baseline: false,
    arithmetic: false,
    optimize_coding: options.optimizeCoding,
    smoothing: options.smoothing,
    quant_table: Number(options.quantTable),
    trellis_multipass: options.trellisMultipass,
    trellis_opt_zero: options.trellisOptZero,
    trellis_opt_table: options.trellisOptTable,
    trellis_loops: options.trellisLoops,
    color_space: COLOUR_SPACES[options.colourSpace],
    auto_subsample: subsampling === 'auto',
    chroma_subsample: subsampling === '444' ? 1 : 2,
    separate_chroma_quality: options.separateChromaQuality,
    chroma_quality: options.chromaQuality,
  });
};
