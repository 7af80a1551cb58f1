/** TIFF via utif2 (plain JavaScript): the first image; its Orientation tag is applied by decode.ts. */
import type { DecoderDefinition } from '../types.ts';

export const tiffDecoder: DecoderDefinition = {
  id: 'tiff',
  formats: ['tiff'],
  label: 'TIFF (UTIF, JavaScript)',
  kind: 'js',
  orientation: 'exif',
  async decode(bytes) {
    const UTIF = (await import('utif2')).default;
    const pages = UTIF.decode(bytes);
    const first = pages[0];
    if (!first) throw new Error('the TIFF holds no image');
    UTIF.decodeImage(bytes, first);
    const rgba = UTIF.toRGBA8(first);
    const { width, height } = first;
    if (!width || !height || rgba.length < width * height * 4) throw new Error('the TIFF image data is incomplete');
    return { data: new Uint8ClampedArray(rgba.buffer, rgba.byteOffset, width * height * 4), width, height };
  },
};
