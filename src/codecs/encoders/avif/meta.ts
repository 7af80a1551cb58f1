/**
 * AVIF via @jsquash/avif (libaom). Threaded on every core when it runs alone
 * on a cross-origin isolated page; in a batch, the single-threaded build on
 * one core does twice the work per CPU-second (src/lib/encoder-threads.ts).
 */
import { defineEncoder } from '../../types.ts';

export const avifMeta = defineEncoder({
  id: 'avif',
  format: 'avif',
  label: 'AVIF',
  compression: 'both',
  qualityKey: 'quality',
  losslessKey: 'lossless',
  supportsAlpha: true,
  threading: 'all-cores-when-alone',
  // AV1 codes the frame size in 16-bit fields (max_frame_width_minus_1); jSquash's libaom build encodes 65536 × 1 and
  // 8 × 65536 (measured in Chromium). Large areas are bounded by memory, which the pixel limit and the watchdog cover.
  limits: { maxWidth: 65_536, maxHeight: 65_536 },
  offered: true,
  options: [
    { kind: 'range', key: 'quality', label: 'Quality', min: 0, max: 100, step: 1, default: 50 },
    { kind: 'range', key: 'speed', label: 'Speed', min: 0, max: 10, step: 1, default: 6, help: 'Lower is smaller and much slower.' },
    { kind: 'boolean', key: 'lossless', label: 'Lossless', default: false },
    {
      kind: 'select', key: 'chromaSubsampling', label: 'Chroma subsampling', default: '420',
      choices: [{ value: '420', label: '4:2:0 (smaller)' }, { value: '422', label: '4:2:2' }, { value: '444', label: '4:4:4 (sharper colour)' }, { value: '400', label: '4:0:0 (greyscale)' }],
    },
    { kind: 'boolean', key: 'separateAlphaQuality', label: 'Separate alpha quality', default: false, advanced: true },
    { kind: 'range', key: 'alphaQuality', label: 'Alpha quality', min: 0, max: 100, step: 1, default: 50, advanced: true },
    { kind: 'range', key: 'sharpness', label: 'Sharpness', min: 0, max: 7, step: 1, default: 0, advanced: true },
    { kind: 'range', key: 'denoise', label: 'Noise synthesis', min: 0, max: 50, step: 1, default: 0, advanced: true },
    { kind: 'select', key: 'tune', label: 'Tuning', default: 'auto', advanced: true, choices: [{ value: 'auto', label: 'Auto' }, { value: 'psnr', label: 'PSNR' }, { value: 'ssim', label: 'SSIM' }] },
    { kind: 'boolean', key: 'sharpYuv', label: 'Sharp RGB→YUV conversion', default: false, advanced: true },
    { kind: 'boolean', key: 'chromaDeltaQ', label: 'Extra chroma compression', default: false, advanced: true },
    { kind: 'range', key: 'tileColsLog2', label: 'Log2 of tile columns', min: 0, max: 6, step: 1, default: 0, advanced: true, help: 'More tiles encode faster on many cores, slightly larger.' },
    { kind: 'range', key: 'tileRowsLog2', label: 'Log2 of tile rows', min: 0, max: 6, step: 1, default: 0, advanced: true },
  ],
});
