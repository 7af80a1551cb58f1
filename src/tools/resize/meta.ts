import type { ToolMeta } from '../types.ts';

export const resize: ToolMeta = {
  slug: 'resize',
  title: 'Resize',
  description: 'Scale images by width, height or percentage with high-quality filters, without ever enlarging by accident.',
  accepts: ['jpeg', 'png', 'webp', 'avif', 'gif', 'bmp', 'heic', 'tiff', 'jxl', 'qoi'],
  status: 'available',
  island: {
    mode: 'process',
    panels: ['resize', 'format', 'quality', 'png', 'codec', 'metadata', 'background', 'filename'],
    defaults: {
      format: 'same',
      quality: 82,
      keepOriginalIfSmaller: false,
      filenameTemplate: '{name}-{width}x{height}.{ext}',
      resize: { enabled: true, by: 'box', width: 1280, height: 0, percent: 50, fit: 'contain', method: 'lanczos3', allowEnlarge: false },
    },
    archiveName: 'imglio-resized',
  },
  howTo: [
    'Set a width, a height or both, or a percentage; pick a preset for common web and social sizes.',
    'Images are never enlarged unless you allow it, so small pictures stay sharp.',
  ],
};
