import type { ToolMeta } from '../types.ts';

export const resize: ToolMeta = {
  slug: 'resize',
  title: 'Resize',
  description: 'Scale images by width, height or percentage with high-quality filters, without ever enlarging by accident.',
  accepts: ['JPEG', 'PNG', 'WebP', 'AVIF', 'GIF', 'BMP', 'HEIC', 'TIFF', 'JPEG XL', 'QOI'],
  status: 'coming-soon',
};
