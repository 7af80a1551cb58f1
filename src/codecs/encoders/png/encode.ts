/**
 * PNG + OxiPNG, worker side. With palette reduction the quantiser's indices are
 * written as an indexed PNG straight away (no RGBA PNG for OxiPNG to re-index),
 * which is what makes the palette path fast.
 */
import { encodeIndexedPng, quantiseToPalette } from '../../processors/quantise/process.ts';
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
  let png: Uint8Array;
  if (options.reducePalette) {
    png = await encodeIndexedPng(await quantiseToPalette(image, options));
  } else {
    const encodePng = await loadPng();
    png = encodePng(new Uint8Array(image.data.buffer, image.data.byteOffset, image.data.byteLength), image.width, image.height, 8);
  }
  if (options.optimisation === 0 && !options.interlace) return ownedBuffer(png);
  const optimise = await loadOxipng();
  return ownedBuffer(optimise(png, options.optimisation, options.interlace, options.optimiseAlpha));
};
