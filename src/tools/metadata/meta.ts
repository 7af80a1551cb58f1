import type { ToolMeta } from '../types.ts';

export const metadata: ToolMeta = {
  slug: 'metadata',
  title: 'Metadata',
  description: 'See what a photo reveals (camera, date, GPS position) and remove it, losslessly for JPEG and PNG.',
  accepts: ['jpeg', 'png', 'webp', 'avif', 'heic', 'tiff'],
  status: 'available',
  island: {
    mode: 'metadata',
    panels: [],
    defaults: {},
    archiveName: 'imglio-cleaned',
  },
  howTo: [
    'Add photos to see what they reveal: camera, date, software, serial numbers and the GPS position.',
    'Cleaned JPEG and PNG files keep their image data byte for byte; other formats are re-encoded, and each row says which.',
  ],
};
