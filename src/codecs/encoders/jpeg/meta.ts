/**
 * JPEG: MozJPEG via @jsquash/jpeg, or on request ("Encoder: Fast") the browser's own libjpeg-turbo through
 * convertToBlob. No alpha: the worker flattens transparency onto the background first.
 */
import { defineEncoder } from '../../types.ts';

const QUANT_TABLES = ['JPEG Annex K', 'Flat', 'MSSIM-tuned Kodak', 'ImageMagick', 'PSNR-HVS-M-tuned Kodak', 'Klein et al.', 'Watson et al.', 'Ahumada et al.', 'Peterson et al.'] as const;

export const jpegMeta = defineEncoder({
  id: 'mozjpeg',
  format: 'jpeg',
  label: 'MozJPEG',
  compression: 'lossy',
  qualityKey: 'quality',
  supportsAlpha: false,
  threading: 'single',
  // The frame header has 16-bit fields, but libjpeg (MozJPEG) refuses more than JPEG_MAX_DIMENSION, 65500 (measured in
  // Chromium: 65500 × 16 encodes, 65501 × 16 does not).
  limits: { maxWidth: 65_500, maxHeight: 65_500 },
  offered: true,
  options: [
    { kind: 'range', key: 'quality', label: 'Quality', min: 0, max: 100, step: 1, default: 75 },
    {
      // The size cost is measured at equal SSIM on the corpus photos (scripts/bench/native.mjs, BENCHMARKS.md).
      kind: 'select', key: 'encoder', label: 'Encoder', default: 'mozjpeg',
      help: "Fast uses the browser's built-in libjpeg-turbo: about 4 times less work, files about 25 % larger at the same Quality (about 10 % at the same SSIM; measured at quality 75 on photos). It honours Quality only, not the settings below.",
      choices: [{ value: 'mozjpeg', label: 'MozJPEG (smaller)' }, { value: 'fast', label: 'Fast (libjpeg-turbo, about 25 % larger)' }],
    },
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
});
