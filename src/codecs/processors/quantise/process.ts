/**
 * Palette reduction, worker side: libimagequant (WebAssembly, compiled once per
 * worker from inlined bytes). `quantise` keeps the processor contract (pixels in,
 * pixels out); `quantiseToPalette` gives the palette and one index per pixel, so the
 * PNG encoder can write an indexed PNG directly instead of re-discovering the palette.
 */
import type { OptionValues } from '../../../core/option-schema.ts';
import type { Pixels } from '../../../core/pixels.ts';
import { compileInlined, once } from '../../wasm.ts';
import type { quantiseMeta } from './meta.ts';

export type QuantiseOptions = OptionValues<typeof quantiseMeta.options>;

export interface PaletteImage {
  /** RGBA, four bytes per entry, at most 256 entries. */
  readonly palette: Uint8Array;
  /** One palette index per pixel, row by row. */
  readonly indices: Uint8Array;
  readonly width: number;
  readonly height: number;
}

/** libimagequant's speed 1–10: 4 is its default and what sharp's default effort (7) maps to. */
const SPEED = 4;
const DITHER_LEVEL: Record<QuantiseOptions['dithering'], number> = { 'floyd-steinberg': 1, light: 0.5, nearest: 0 };

const loadQuantiser = once(async () => {
  const [glue, module] = await Promise.all([
    import('libimagequant-wasm/wasm/libimagequant_wasm.js'),
    compileInlined(() => import('libimagequant-wasm/wasm/libimagequant_wasm_bg.wasm?inline-wasm')),
  ]);
  glue.initSync({ module });
  return glue;
});

export async function quantiseToPalette(image: Pixels, options: QuantiseOptions): Promise<PaletteImage> {
  const glue = await loadQuantiser();
  const { width, height } = image;
  const quantiser = new glue.ImageQuantizer();
  let result: ReturnType<typeof quantiser.quantizeImage> | undefined;
  try {
    quantiser.setSpeed(SPEED);
    quantiser.setMaxColors(options.colours);
    quantiser.setQuality(0, 100);
    result = quantiser.quantizeImage(image.data, width, height);
    result.setDithering(DITHER_LEVEL[options.dithering]);
    const indices = result.getPaletteIndices(image.data, width, height);
    const entries = result.getPalette() as readonly (readonly number[])[];
    const palette = new Uint8Array(entries.length * 4);
    entries.forEach((entry, i) => palette.set(entry.slice(0, 4), i * 4));
    return { palette, indices, width, height };
  } finally {
    result?.free();
    quantiser.free();
  }
}

/** The palette image as RGBA pixels. */
export function expandPalette({ palette, indices, width, height }: PaletteImage): Pixels {
  const data = new Uint8ClampedArray(width * height * 4);
  for (let i = 0; i < indices.length; i++) {
    const entry = indices[i]! * 4;
    data[i * 4] = palette[entry]!;
    data[i * 4 + 1] = palette[entry + 1]!;
    data[i * 4 + 2] = palette[entry + 2]!;
    data[i * 4 + 3] = palette[entry + 3]!;
  }
  return { data, width, height };
}

/** An indexed PNG (PLTE, tRNS when any entry is translucent) of the palette image, written by libimagequant-wasm's PNG writer (fast deflate; OxiPNG recompresses it). */
export async function encodeIndexedPng({ palette, indices, width, height }: PaletteImage): Promise<Uint8Array> {
  const glue = await loadQuantiser();
  const entries = Array.from({ length: palette.length / 4 }, (_, i) => Array.from(palette.subarray(i * 4, i * 4 + 4)));
  return glue.encode_palette_to_png(indices, entries, width, height);
}

export async function quantise(image: Pixels, options: QuantiseOptions): Promise<Pixels> {
  return expandPalette(await quantiseToPalette(image, options));
}
