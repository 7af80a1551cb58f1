/**
 * WebP, lossy and lossless: libwebp via @jsquash/webp, or the browser's own
 * libwebp (convertToBlob) when it writes the same bytes (src/lib/native-encoders.ts).
 */
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
    // 3, not libwebp's 4: the browser's own encoder runs method 3 and writes the same bytes as WASM at 3, faster; method 4
    // measured 0.1–0.5 % larger for 0.0001–0.0003 more SSIM on the corpus photos (BENCHMARKS.md, native encoders).
    { kind: 'range', key: 'effort', label: 'Effort', min: 0, max: 6, step: 1, default: 3, help: "Higher is slower and usually a little smaller. 3 uses the browser's built-in encoder (the same bytes, faster)." },
    { kind: 'range', key: 'alphaQuality', label: 'Alpha quality', min: 0, max: 100, step: 1, default: 100, advanced: true },
    { kind: 'boolean', key: 'sharpYuv', label: 'Sharp RGB→YUV conversion', default: false, advanced: true, help: 'Crisper colour edges, slower.' },
    { kind: 'range', key: 'snsStrength', label: 'Spatial noise shaping', min: 0, max: 100, step: 1, default: 50, advanced: true },
    { kind: 'range', key: 'filterStrength', label: 'Deblocking filter strength', min: 0, max: 100, step: 1, default: 60, advanced: true },
    { kind: 'range', key: 'filterSharpness', label: 'Filter sharpness', min: 0, max: 7, step: 1, default: 0, advanced: true },
    { kind: 'boolean', key: 'autoFilter', label: 'Auto-adjust filter strength', default: false, advanced: true },
    { kind: 'range', key: 'nearLossless', label: 'Near-lossless preprocessing', min: 0, max: 100, step: 1, default: 100, advanced: true, help: 'Lossless only; 100 is off, lower trades exactness for size.' },
    { kind: 'boolean', key: 'exact', label: 'Keep colour under transparent pixels', default: false, advanced: true },
    {
      kind: 'select', key: 'implementation', label: 'Encoder', default: 'auto', advanced: true,
      help: "Automatic: the browser's built-in libwebp for lossy, opaque images at effort 3 with the other settings at their defaults (byte-for-byte what WebAssembly writes, faster); WebAssembly otherwise.",
      choices: [{ value: 'auto', label: 'Automatic' }, { value: 'wasm', label: 'WebAssembly libwebp always' }],
    },
  ],
});
