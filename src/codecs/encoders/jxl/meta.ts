/** JPEG XL via @jsquash/jxl: its threaded build uses every core when the page is cross-origin isolated. */
import { defineEncoder } from '../../types.ts';

export const jxlMeta = defineEncoder({
  id: 'jxl',
  format: 'jxl',
  label: 'JPEG XL',
  compression: 'both',
  qualityKey: 'quality',
  losslessKey: 'lossless',
  supportsAlpha: true,
  threading: 'all-cores',
  // The codestream could hold 2^30 per side, but libjxl writes level 5 (2^18 per side, 2^28 pixels) and jSquash's
  // build returns nothing well below that: measured in Chromium, 131073 × 1 encodes, 160000 × 1 does not. 2^17 is
  // the largest round side known to work.
  limits: { maxWidth: 131_072, maxHeight: 131_072, maxPixels: 268_435_456 },
  offered: true,
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
});
