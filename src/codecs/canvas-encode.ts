/**
 * The browser's own encoders, worker side: OffscreenCanvas.convertToBlob
 * (native libwebp and libjpeg-turbo in Chromium). Returns undefined whenever
 * the browser cannot do it (no OffscreenCanvas or convertToBlob, a canvas too
 * large, a type it does not write), so the caller falls back to WASM.
 */
import type { Pixels } from '../core/pixels.ts';

export type CanvasEncodeType = 'image/webp' | 'image/jpeg';

export const canEncodeWithCanvas = (): boolean => typeof OffscreenCanvas !== 'undefined' && typeof OffscreenCanvas.prototype.convertToBlob === 'function';

/** `quality`: 0…1, as convertToBlob takes it. */
export async function encodeWithCanvas(image: Pixels, type: CanvasEncodeType, quality: number): Promise<Uint8Array | undefined> {
  if (!canEncodeWithCanvas()) return undefined;
  const canvas = new OffscreenCanvas(image.width, image.height);
  try {
    const context = canvas.getContext('2d');
    if (!context) return undefined;
    context.putImageData(new ImageData(image.data as Uint8ClampedArray<ArrayBuffer>, image.width, image.height), 0, 0);
    const encoding = canvas.convertToBlob({ type, quality });
    // convertToBlob has copied the bitmap (HTML spec: "a copy of this OffscreenCanvas's bitmap"); freeing the canvas
    // while it encodes keeps one RGBA copy fewer alive (400 MB for 100 MP).
    canvas.width = 0;
    canvas.height = 0;
    const blob = await encoding;
    // Chromium writes PNG for a type it has no encoder for.
    if (blob.type !== type) return undefined;
    return new Uint8Array(await blob.arrayBuffer());
  } catch {
    return undefined;
  } finally {
    // Frees the backing store now rather than at the next collection (400 MB for 100 MP).
    canvas.width = 0;
    canvas.height = 0;
  }
}
