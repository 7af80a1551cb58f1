/**
 * SVG: workers cannot render SVG (createImageBitmap rejects SVG blobs there),
 * so the pool rasterises it on the main thread (src/engine/svg-raster.ts) and
 * hands the worker an ImageBitmap; this decoder only reads its pixels.
 */
import type { DecoderDefinition } from '../types.ts';
import { bitmapToPixels } from './bitmap.ts';

export const svgDecoder: DecoderDefinition = {
  id: 'svg',
  formats: ['svg'],
  label: 'SVG (rendered by the page)',
  kind: 'native',
  orientation: 'decoder',
  async decode(_bytes, hints = {}) {
    if (!hints.raster) throw new Error('the SVG was not rasterised before reaching the worker');
    return bitmapToPixels(hints.raster);
  },
};
