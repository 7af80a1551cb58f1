/** JPEG, worker side: MozJPEG, or the browser's libjpeg-turbo when "Fast" is chosen (MozJPEG if the browser cannot). */
import { stripJpegMetadata } from '../../../lib/jpeg-metadata.ts';
import { blobQuality } from '../../../lib/native-encoders.ts';
import { encodeWithCanvas } from '../../canvas-encode.ts';
import type { EncodeFn } from '../../types.ts';
import { initWithInlined, once, ownedBuffer } from '../../wasm.ts';
import type { jpegMeta } from './meta.ts';

const loadEncoder = once(async () => {
  const codec = await import('@jsquash/jpeg/encode.js');
  await initWithInlined(codec.init, () => import('@jsquash/jpeg/codec/enc/mozjpeg_enc.wasm?inline-wasm'));
  return codec.default;
});

const COLOUR_SPACES = { ycbcr: 3, rgb: 2, grayscale: 1 } as const;

export const encode: EncodeFn<typeof jpegMeta> = async (image, options) => {
  if (options.encoder === 'fast') {
    const native = await encodeWithCanvas(image, 'image/jpeg', blobQuality(options.quality));
    // Only what the encoder wrote for the pixels: pipeline.ts adds EXIF/ICC when asked, as for MozJPEG's output.
    if (native) return { output: ownedBuffer(stripJpegMetadata(native, { keepIcc: false }).bytes), implementation: 'native-jpeg' };
  }
  const encodeJpeg = await loadEncoder();
  const subsampling = options.chromaSubsampling;
  const output = await encodeJpeg(image as ImageData, {
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
  return { output, implementation: 'mozjpeg' };
};
