/** ImageBitmap → RGBA pixels through an OffscreenCanvas (worker side). */
import type { Pixels } from '../../core/pixels.ts';

export function bitmapToPixels(bitmap: ImageBitmap): Pixels {
  const { width, height } = bitmap;
  try {
    const canvas = new OffscreenCanvas(width, height);
    const context = canvas.getContext('2d', { willReadFrequently: true });
    if (!context) throw new RangeError('could not allocate a canvas to decode into');
    context.drawImage(bitmap, 0, 0);
    const { data } = context.getImageData(0, 0, width, height);
    // Frees the canvas's own copy now instead of at some later collection (400 MB for 100 MP), before the encoder allocates.
    canvas.width = 0;
    canvas.height = 0;
    return { data, width, height };
  } finally {
    bitmap.close();
  }
}
