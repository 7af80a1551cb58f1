import type { ToolMeta } from '../types.ts';

export const metadata: ToolMeta = {
  slug: 'metadata',
  title: 'Metadata',
  description: 'See what a photo reveals (camera, date, GPS position) and remove it, or only the location, losslessly for JPEG, PNG and WebP.',
  accepts: ['jpeg', 'png', 'webp', 'avif', 'heic', 'tiff'],
  status: 'available',
  island: {
    mode: 'metadata',
    panels: ['strip-mode'],
    defaults: {},
    archiveName: 'imglio-cleaned',
  },
  howTo: [
    'Add photos to see what they reveal: camera, date, software, serial numbers and the GPS position.',
    'Cleaned JPEG, PNG and WebP files keep their image data byte for byte; other formats are re-encoded (HEIC becomes JPEG and is named .jpg), and each row says what it became and what that cost.',
    '“Remove location only” takes out the GPS position and place names and keeps camera, date and the rest.',
  ],
};
