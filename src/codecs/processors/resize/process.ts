/**
 * Resizing, worker side: @jsquash/resize (lanczos3, mitchell,
 * catrom, triangle, hqx) with inlined wasm, or the browser's own scaler via
 * createImageBitmap for the fast 'native' path.
 */
import type { Pixels } from '../../../core/pixels.ts';
import type { ResizeMethod } from '../../../core/types.ts';
import { hasTransparency } from '../../../lib/pixel-ops.ts';
import { compileInlined, once, type BindgenInit } from '../../wasm.ts';

const loadResize = once(async () => {
  const [codec, module] = await Promise.all([
    import('@jsquash/resize'),
    compileInlined(() => import('@jsquash/resize/lib/resize/pkg/squoosh_resize_bg.wasm?inline-wasm')),
  ]);
  await (codec.initResize as unknown as BindgenInit)(module);
  return codec;
});

const loadHqx = once(async () => {
  const codec = await loadResize();
  const module = await compileInlined(() => import('@jsquash/resize/lib/hqx/pkg/squooshhqx_bg.wasm?inline-wasm'));
  await (codec.initHqx as unknown as BindgenInit)(module);
  return codec;
});

async function nativeResize(image: Pixels, width: number, height: number): Promise<Pixels> {
  const source = new ImageData(image.data as Uint8ClampedArray<ArrayBuffer>, image.width, image.height);
  const bitmap = await createImageBitmap(source, { resizeWidth: width, resizeHeight: height, resizeQuality: 'high', premultiplyAlpha: 'none' });
  const canvas = new OffscreenCanvas(width, height);
  const context = canvas.getContext('2d', { willReadFrequently: true });
  if (!context) throw new Error('Could not get a canvas to resize on.');
  context.drawImage(bitmap, 0, 0);
  bitmap.close();
  const { data } = context.getImageData(0, 0, width, height);
  return { data, width, height };
}

export async function resizePixels(image: Pixels, width: number, height: number, method: ResizeMethod): Promise<Pixels> {
  if (method === 'native') return nativeResize(image, width, height);
  const codec = method === 'hqx' ? await loadHqx() : await loadResize();
  const source = new ImageData(image.data as Uint8ClampedArray<ArrayBuffer>, image.width, image.height);
  // Premultiplying matters only where alpha < 255: an opaque image skips that pass over the input and the
  // un-premultiply over the output (about a fifth of the time; in linear light the output differs by rounding
  // in a handful of bytes, see BENCHMARKS.md). The scan stops at the first transparent pixel.
  const premultiply = hasTransparency(image);
  const result = await codec.default(source, { width, height, method, fitMethod: 'stretch', premultiply, linearRGB: true });
  if (result.width === width && result.height === height) return { data: result.data, width, height };
  // hqx scales by whole factors; the browser closes the remaining gap.
  return nativeResize({ data: result.data, width: result.width, height: result.height }, width, height);
}
