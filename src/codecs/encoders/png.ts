/**
 * PNG via @jsquash/png, then lossless OxiPNG optimisation (@jsquash/oxipng),
 * with optional palette reduction (image-q: Wu quantiser + dithering) before
 * it. OxiPNG turns a ≤256-colour image into an indexed PNG by itself.
 * OxiPNG's single-threaded build is used: the pool already fills every core.
 */
import type { EncoderDefinition, Pixels } from '../types.ts';
import { compileInlined, once, ownedBuffer, type BindgenInit } from '../wasm.ts';

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

const DITHERING = [
  { value: 'floyd-steinberg', label: 'Floyd–Steinberg' },
  { value: 'atkinson', label: 'Atkinson' },
  { value: 'sierra-lite', label: 'Sierra Lite' },
  { value: 'riemersma', label: 'Riemersma' },
  { value: 'nearest', label: 'None' },
] as const;
type Dithering = (typeof DITHERING)[number]['value'];

async function reducePalette(image: Pixels, colours: number, dithering: Dithering): Promise<Pixels> {
  const iq = await import('image-q');
  const points = iq.utils.PointContainer.fromUint8Array(new Uint8Array(image.data.buffer, image.data.byteOffset, image.data.byteLength), image.width, image.height);
  const palette = iq.buildPaletteSync([points], { colors: colours, paletteQuantization: 'wuquant', colorDistanceFormula: 'euclidean-bt709' });
  const reduced = iq.applyPaletteSync(points, palette, { imageQuantization: dithering, colorDistanceFormula: 'euclidean-bt709' });
  const bytes = reduced.toUint8Array();
  return { data: new Uint8ClampedArray(bytes.buffer, bytes.byteOffset, bytes.byteLength), width: image.width, height: image.height };
}

export const pngEncoder: EncoderDefinition = {
  id: 'png',
  format: 'png',
  label: 'PNG',
  mime: 'image/png',
  extension: 'png',
  supportsAlpha: true,
  options: [
    { kind: 'range', key: 'optimisation', label: 'OxiPNG optimisation level', min: 0, max: 6, step: 1, default: 2, help: '0 skips OxiPNG; higher is smaller and slower. Always lossless.' },
    { kind: 'boolean', key: 'reducePalette', label: 'Reduce palette', default: false, help: 'Lossy: limits the image to a number of colours.' },
    { kind: 'range', key: 'colours', label: 'Colours', min: 2, max: 256, step: 1, default: 256 },
    { kind: 'select', key: 'dithering', label: 'Dithering', default: 'floyd-steinberg', choices: DITHERING },
    { kind: 'boolean', key: 'interlace', label: 'Interlace (Adam7)', default: false, advanced: true, help: 'Shows a preview while loading; larger.' },
    { kind: 'boolean', key: 'optimiseAlpha', label: 'Optimise transparent pixels', default: false, advanced: true, help: 'Changes the colour hidden under fully transparent pixels.' },
  ],
  async encode(image, options) {
    const source = options['reducePalette'] === true ? await reducePalette(image, Number(options['colours']), options['dithering'] as Dithering) : image;
    const encodePng = await loadPng();
    const png = encodePng(new Uint8Array(source.data.buffer, source.data.byteOffset, source.data.byteLength), source.width, source.height, 8);
    const level = Number(options['optimisation']);
    if (level === 0 && options['interlace'] !== true) return ownedBuffer(png);
    const optimise = await loadOxipng();
    return ownedBuffer(optimise(png, level, options['interlace'] === true, options['optimiseAlpha'] === true));
  },
};
