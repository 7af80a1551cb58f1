/** resvg (tiny-skia) renders premultiplied RGBA; the engine's Pixels are straight (unassociated) alpha. */
export function unpremultiplyInPlace(rgba: Uint8Array | Uint8ClampedArray): void {
  for (let i = 0; i < rgba.length; i += 4) {
    const alpha = rgba[i + 3] ?? 0;
    if (alpha === 255 || alpha === 0) continue;
    const scale = 255 / alpha;
    rgba[i] = Math.min(255, Math.round((rgba[i] ?? 0) * scale));
    rgba[i + 1] = Math.min(255, Math.round((rgba[i + 1] ?? 0) * scale));
    rgba[i + 2] = Math.min(255, Math.round((rgba[i + 2] ?? 0) * scale));
  }
}
