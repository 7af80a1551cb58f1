/** MozJPEG via @jsquash/jpeg. No alpha: the worker flattens transparency first. */
import type { EncoderDefinition } from '../types.ts';
import { initWithInlined, once } from '../wasm.ts';

const loadEncoder = once(async () => {
  const codec = await import('@jsquash/jpeg/encode.js');
  await initWithInlined(codec.init, () => import('@jsquash/jpeg/codec/enc/mozjpeg_enc.wasm?inline-wasm'));
  return codec.default;
});

const QUANT_TABLES = ['JPEG Annex K', 'Flat', 'MSSIM-tuned Kodak', 'ImageMagick', 'PSNR-HVS-M-tuned Kodak', 'Klein et al.', 'Watson et al.', 'Ahumada et al.', 'Peterson et al.'];
const COLOUR_SPACES: Record<string, number> = { ycbcr: 3, rgb: 2, grayscale: 1 };

export const jpegEncoder: EncoderDefinition = {
  id: 'mozjpeg',
  format: 'jpeg',
  label: 'MozJPEG',
  mime: 'image/jpeg',
  extension: 'jpg',
  supportsAlpha: false,
  qualityKey: 'quality',
  options: [
    { kind: 'range', key: 'quality', label: 'Quality', min: 0, max: 100, step: 1, default: 75 },
    { kind: 'boolean', key: 'progressive', label: 'Progressive', default: true, help: 'Loads blurry-to-sharp and is usually smaller.' },
    {
      kind: 'select', key: 'chromaSubsampling', label: 'Chroma subsampling', default: 'auto',
      choices: [{ value: 'auto', label: 'Auto' }, { value: '420', label: '4:2:0 (smaller)' }, { value: '444', label: '4:4:4 (sharper colour)' }],
    },
    { kind: 'boolean', key: 'optimizeCoding', label: 'Optimise Huffman coding', default: true, advanced: true },
    { kind: 'range', key: 'smoothing', label: 'Smoothing', min: 0, max: 100, step: 1, default: 0, advanced: true },
    { kind: 'select', key: 'quantTable', label: 'Quantisation table', default: '3', advanced: true, choices: QUANT_TABLES.map((label, i) => ({ value: String(i), label })) },
    { kind: 'boolean', key: 'trellisMultipass', label: 'Trellis multipass', default: false, advanced: true },
    { kind: 'boolean', key: 'trellisOptZero', label: 'Optimise zero block runs', default: false, advanced: true },
    { kind: 'boolean', key: 'trellisOptTable', label: 'Optimise after trellis quantisation', default: false, advanced: true },
    { kind: 'range', key: 'trellisLoops', label: 'Trellis quantisation passes', min: 1, max: 50, step: 1, default: 1, advanced: true },
    { kind: 'select', key: 'colourSpace', label: 'Channels', default: 'ycbcr', advanced: true, choices: [{ value: 'ycbcr', label: 'YCbCr' }, { value: 'rgb', label: 'RGB' }, { value: 'grayscale', label: 'Greyscale' }] },
    { kind: 'boolean', key: 'separateChromaQuality', label: 'Separate chroma quality', default: false, advanced: true },
    { kind: 'range', key: 'chromaQuality', label: 'Chroma quality', min: 0, max: 100, step: 1, default: 75, advanced: true },
  ],
  async encode(image, options) {
    const encode = await loadEncoder();
    const subsampling = String(options['chromaSubsampling']);
    return encode(image as ImageData, {
      quality: Number(options['quality']),
      progressive: options['progressive'] === true,
      baseline: false,
      arithmetic: false,
      optimize_coding: options['optimizeCoding'] === true,
      smoothing: Number(options['smoothing']),
      quant_table: Number(options['quantTable']),
      trellis_multipass: options['trellisMultipass'] === true,
      trellis_opt_zero: options['trellisOptZero'] === true,
      trellis_opt_table: options['trellisOptTable'] === true,
      trellis_loops: Number(options['trellisLoops']),
      color_space: COLOUR_SPACES[String(options['colourSpace'])] ?? 3,
      auto_subsample: subsampling === 'auto',
      chroma_subsample: subsampling === '444' ? 1 : 2,
      separate_chroma_quality: options['separateChromaQuality'] === true,
      chroma_quality: Number(options['chromaQuality']),
    });
  },
};
