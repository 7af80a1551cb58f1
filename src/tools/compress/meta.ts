import type { ToolMeta } from '../types.ts';

export const compress: ToolMeta = {
  slug: 'compress',
  title: 'Compress',
  description: 'Make photos and graphics smaller with MozJPEG, WebP, AVIF or JPEG XL, one file or a whole folder at once.',
  accepts: ['jpeg', 'png', 'webp', 'avif', 'gif', 'bmp', 'heic', 'tiff', 'jxl', 'qoi', 'svg'],
  status: 'available',
  island: {
    mode: 'process',
    panels: ['format', 'quality', 'png', 'smart', 'codec', 'metadata', 'background', 'filename'],
    // Palette PNG by default, as TinyPNG: about half the lossless size on the corpus graphics at mean SSIM 0.98
    // (BENCHMARKS.md, "PNG modes").
    defaults: { format: 'same', quality: 75, keepOriginalIfSmaller: true, pngMode: 'palette' },
    archiveName: 'imglio-compressed',
  },
  howTo: [
    'Add photos or a whole folder: each one is compressed at once, with the settings on the left.',
    'Choose "Target size" to get every file under a limit, or "Target similarity" to keep a given visual quality.',
    'If a result would be larger than the original, the original is kept, and the row says so.',
  ],
};
