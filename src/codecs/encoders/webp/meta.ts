/** WebP, lossy and lossless, with libwebp via @jsquash/webp. */
import { defineEncoder } from '../../types.ts';

export const webpMeta = defineEncoder({
  id: 'webp',
  format: 'webp',
  label: 'WebP',
  compression: 'both',
  qualityKey: 'quality',
  losslessKey: 'lossless',
  supportsAlpha: true,
  threading: 'single',
  // libwebp's WEBP_MAX_DIMENSION (14-bit fields in the VP8L and VP8X headers); 16383 × 1 encodes in Chromium.
  limits: { maxWidth: 16_383, maxHeight: 16_383 },
  offered: true,
  options: [
    { kind: 'boolean', key: 'lossless', label: 'Lossless', default: false },
    { kind: 'range', key: 'quality', label: 'Quality', min: 0, max: 100, step: 1, default: 75, help: 'Lossy: image quality. Lossless: how hard to try (higher is smaller and slower).' },
    { kind: 'range', key: 'effort', label: 'Effort', min: 0, max: 6, step: 1, default: 4, help: 'Higher is smaller and slower.' },
    { kind: 'range', key: 'alphaQuality', label: 'Alpha quality', min: 0, max: 100, step: 1, default: 100, advanced: true },
    { kind: 'boolean', key: 'sharpYuv', label: 'Sharp RGB→YUV conversion', default: false, advanced: true, help: 'Crisper colour edges, slower.' },
    { kind: 'range', key: 'snsStrength', label: 'Spatial noise shaping', min: 0, max: 100, step: 1, default: 50, advanced: true },
    { kind: 'range', key: 'filterStrength', label: 'Deblocking filter strength', min: 0, max: 100, step: 1, default: 60, advanced: true },
    { kind: 'range', key: 'filterSharpness', label: 'Filter sharpness', min: 0, max: 7, step: 1, default: 0, advanced: true },
    { kind: 'boolean', key: 'autoFilter', label: 'Auto-adjust filter strength', default: false, advanced: true },
    { kind: 'range', key: 'nearLossless', label: 'Near-lossless preprocessing', min: 0, max: 100, step: 1, default: 100, advanced: true, help: 'Lossless only; 100 is off, lower trades exactness for size.' },
    { kind: 'boolean', key: 'exact', label: 'Keep colour under transparent pixels', default: false, advanced: true },
  ],
});
