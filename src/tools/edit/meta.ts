import type { ToolMeta } from '../types.ts';

export const edit: ToolMeta = {
  slug: 'edit',
  title: 'Crop & rotate',
  description: 'Crop to any aspect ratio, rotate, flip and straighten photos, one at a time or a whole batch, losslessly for JPEG turns.',
  accepts: ['jpeg', 'png', 'webp', 'avif', 'gif', 'bmp', 'heic', 'tiff', 'jxl', 'qoi'],
  status: 'available',
  island: {
    mode: 'edit',
    panels: ['format', 'quality', 'codec', 'metadata', 'background', 'filename'],
    defaults: { format: 'same', quality: 90, keepOriginalIfSmaller: false, filenameTemplate: '{name}-edited.{ext}' },
    archiveName: 'imglio-edited',
  },
  howTo: [
    'Add photos: the first one is shown with a crop box. Drag the box or its handles, type exact pixels, or pick an aspect ratio.',
    'The same crop, turn and straighten apply to every file: an aspect ratio is fitted to each image (centred or at the anchor you choose), a drawn box keeps its share of each image.',
    'Turning or flipping a JPEG is lossless when "Lossless JPEG turns" is on: only the orientation is set and the image data stays byte for byte the same. Cropping, straightening or another format re-encode, and the row says so.',
  ],
};
