/**
 * SVG rasterisation on the main thread. Workers cannot render SVG
 * (createImageBitmap rejects SVG blobs there), and bundling a second SVG
 * engine would render text and filters differently from the browser. An
 * <img> from a blob: URL (allowed by img-src) renders it in the browser's
 * secure static mode: no scripts, no external requests. The pixel limit is
 * checked on the declared size before anything is drawn. When the job
 * enlarges the picture, it is drawn at the larger size (src/lib/svg-render-size.ts).
 */
import { readHeaderDimensions } from '../lib/header-dimensions.ts';
import { assertWithinPixelLimit, corruptError, DEFAULT_MAX_PIXELS } from '../lib/image-errors.ts';
import { sniff } from '../lib/sniff.ts';
import { svgRenderSize } from '../lib/svg-render-size.ts';
import type { Edits } from '../core/types.ts';

/** An ImageBitmap of the SVG at its intrinsic size (larger if the job enlarges it), or undefined when the input is not SVG. */
export async function rasteriseSvgInput(input: ArrayBuffer, maxPixels: number = DEFAULT_MAX_PIXELS, edits?: Edits): Promise<ImageBitmap | undefined> {
  const bytes = new Uint8Array(input, 0, Math.min(input.byteLength, 65536));
  const sniffed = sniff(bytes);
  if (sniffed.kind !== 'image' || sniffed.format !== 'svg') return undefined;
  const intrinsic = readHeaderDimensions(bytes, 'svg');
  if (!intrinsic.ok) throw corruptError('svg', intrinsic.reason);
  assertWithinPixelLimit(intrinsic.width, intrinsic.height, maxPixels);
  const size = svgRenderSize(intrinsic, edits);
  assertWithinPixelLimit(size.width, size.height, maxPixels);

  const url = URL.createObjectURL(new Blob([input], { type: 'image/svg+xml' }));
  try {
    const image = new Image();
    image.src = url;
    try {
      await image.decode();
    } catch {
      throw corruptError('svg', 'the browser could not render it (the XML is malformed or not SVG)');
    }
    const canvas = new OffscreenCanvas(size.width, size.height);
    const context = canvas.getContext('2d');
    if (!context) throw corruptError('svg', 'no canvas was available to render it');
    context.drawImage(image, 0, 0, size.width, size.height);
    return canvas.transferToImageBitmap();
  } finally {
    URL.revokeObjectURL(url);
  }
}
