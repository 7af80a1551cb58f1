import type { ToolMeta } from '../types.ts';

export const compress: ToolMeta = {
  slug: 'compress',
  title: 'Compress',
  description: 'Make photos and graphics smaller with MozJPEG, WebP, AVIF or JPEG XL, one file or a whole folder at once.',
  accepts: ['JPEG', 'PNG', 'WebP', 'AVIF', 'GIF', 'BMP', 'HEIC', 'TIFF', 'JPEG XL', 'QOI', 'SVG'],
  status: 'coming-soon',
};
