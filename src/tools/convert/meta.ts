import type { ToolMeta } from '../types.ts';

export const convert: ToolMeta = {
  slug: 'convert',
  title: 'Convert',
  description: 'Turn HEIC, TIFF, PNG, WebP and more into the format you need, with full control over the encoder.',
  accepts: ['JPEG', 'PNG', 'WebP', 'AVIF', 'GIF', 'BMP', 'ICO', 'HEIC', 'TIFF', 'JPEG XL', 'QOI', 'SVG'],
  status: 'coming-soon',
};
