/** Palette reduction, worker side (image-q is plain JavaScript, loaded on first use). */
import type { OptionValues } from '../../../core/option-schema.ts';
import type { Pixels } from '../../../core/pixels.ts';
import type { quantiseMeta } from './meta.ts';

export async function quantise(image: Pixels, options: OptionValues<typeof quantiseMeta.options>): Promise<Pixels> {
  const iq = await import('image-q');
  const points = iq.utils.PointContainer.fromUint8Array(new Uint8Array(image.data.buffer, image.data.byteOffset, image.data.byteLength), image.width, image.height);
  const palette = iq.buildPaletteSync([points], { colors: options.colours, paletteQuantization: 'wuquant', colorDistanceFormula: 'euclidean-bt709' });
  const reduced = iq.applyPaletteSync(points, palette, { imageQuantization: options.dithering, colorDistanceFormula: 'euclidean-bt709' });
  const bytes = reduced.toUint8Array();
  return { data: new Uint8ClampedArray(bytes.buffer, bytes.byteOffset, bytes.byteLength), width: image.width, height: image.height };
}
