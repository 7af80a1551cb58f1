/** PNG + OxiPNG, worker side. */
import { quantise } from '../../processors/quantise/process.ts';
import type { EncodeFn } from '../../types.ts';
import { compileInlined, once, ownedBuffer, type BindgenInit } from '../../wasm.ts';
import type { pngMeta } from './meta.ts';

const loadPng = once(async () => {
  const [glue, module] = await Promise.all([
    import('@jsquash/png/codec/pkg/squoosh_png.js'),
    compileInlined(() => import('@jsquash/png/codec/pkg/squoosh_png_bg.wasm?inline-wasm')),
  ]);
  await (glue.default as unknown as BindgenInit)(module);
  return glue.encode;
});

const loadOxipng = once(async () => {
  const [glue, module] = await Promise.all([
    import('@jsquash/oxipng/codec/pkg/squoosh_oxipng.js'),
    compileInlined(() => import('@jsquash/oxipng/codec/pkg/squoosh_oxipng_bg.wasm?inline-wasm')),
  ]);
  await (glue.default as unknown as BindgenInit)(module);
  return glue.optimise;
});

export const encode: EncodeFn<typeof pngMeta> = async (image, options) => {
  const source = options.reducePalette ? await quantise(image, options) : image;
  const encodePng = await loadPng();
  const png = encodePng(new Uint8Array(source.data.buffer, source.data.byteOffset, source.data.byteLength), source.width, source.height, 8);
  if (options.optimisation === 0 && !options.interlace) return ownedBuffer(png);
  const optimise = await loadOxipng();
  return ownedBuffer(optimise(png, options.optimisation, options.interlace, options.optimiseAlpha));
};
