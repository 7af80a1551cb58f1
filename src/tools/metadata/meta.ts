import type { ToolMeta } from '../types.ts';

export const metadata: ToolMeta = {
  slug: 'metadata',
  title: 'Metadata',
  description: 'See what a photo reveals (camera, date, GPS position) and remove it, losslessly for JPEG and PNG.',
  accepts: ['JPEG', 'PNG', 'WebP', 'AVIF', 'HEIC', 'TIFF'],
  status: 'coming-soon',
};
