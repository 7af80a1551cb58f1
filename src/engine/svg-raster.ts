/**
 * SVG rendering on the main thread, asked for by the image worker. Workers
 * cannot render SVG (createImageBitmap rejects SVG blobs there), and bundling
 * a second SVG engine would render text and filters differently from the
 * browser. The worker sniffs the file, checks the pixel limit on the declared
 * size and picks the render size (src/lib/svg-render-size.ts); this only
 * draws. An <img> from a blob: URL (allowed by img-src) renders it in the
 * browser's secure static mode: no scripts, no external requests.
 */
import { ImageError } from '../core/types.ts';
import { corruptError } from '../lib/image-errors.ts';

export async function renderSvg(svg: ArrayBuffer, size: { readonly width: number; readonly height: number }): Promise<ImageBitmap> {
  const url = URL.createObjectURL(new Blob([svg], { type: 'image/svg+xml' }));
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

/** What the pool sends back to the worker: the picture, or why there is none. */
export async function renderSvgForWorker(svg: ArrayBuffer, size: { readonly width: number; readonly height: number }): Promise<{ raster: ImageBitmap } | { error: ImageError }> {
  try {
    return { raster: await renderSvg(svg, size) };
  } catch (error) {
    return { error: error instanceof ImageError ? error : corruptError('svg', error instanceof Error ? error.message : String(error)) };
  }
}
