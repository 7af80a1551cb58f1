/** Small downscaled previews, so a 200-file batch never keeps 200 full-size bitmaps around. */
export const THUMBNAIL_WIDTH = 96;

/** An object URL of a downscaled WebP/PNG, or undefined when the browser cannot decode the file. */
export async function makeThumbnail(source: Blob): Promise<string | undefined> {
  let bitmap: ImageBitmap | undefined;
  try {
    bitmap = await createImageBitmap(source, { resizeWidth: THUMBNAIL_WIDTH * 2, resizeQuality: 'medium', imageOrientation: 'from-image' });
    const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
    const context = canvas.getContext('2d');
    if (!context) return undefined;
    context.drawImage(bitmap, 0, 0);
    const blob = await canvas.convertToBlob({ type: 'image/webp', quality: 0.8 });
    return URL.createObjectURL(blob);
  } catch {
    return undefined;
  } finally {
    bitmap?.close();
  }
}
