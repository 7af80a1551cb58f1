import type { ToolMeta } from '../types.ts';

export const convert: ToolMeta = {
  slug: 'convert',
  title: 'Convert',
  description: 'Turn HEIC, TIFF, PNG, WebP and more into the format you need, with full control over the encoder.',
  accepts: ['jpeg', 'png', 'webp', 'avif', 'gif', 'bmp', 'ico', 'heic', 'tiff', 'jxl', 'qoi', 'svg'],
  status: 'available',
  island: {
    mode: 'process',
    panels: ['format', 'quality', 'png', 'codec', 'metadata', 'background', 'filename'],
    defaults: { format: 'webp', quality: 80, keepOriginalIfSmaller: false },
    archiveName: 'imglio-converted',
  },
  howTo: [
    'Pick the output format, then add images: HEIC from phones, TIFF from scanners, PNG, WebP and more.',
    'Transparent areas become the background colour when the format has no transparency (JPEG).',
  ],
};
