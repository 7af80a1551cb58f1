/**
 * HEIC/HEIF via libheif-js (libheif + libde265 in WebAssembly), loaded the
 * CSP-safe way: the wasm bytes travel inside the worker chunk and are handed
 * over through instantiateWasm, so the glue never fetches libheif.wasm.
 * libheif applies the container's irot/imir; decode.ts applies EXIF
 * orientation only to files that have neither.
 */
import type { DecoderDefinition } from '../types.ts';
import { compileInlined, instantiateWith, once } from '../wasm.ts';

interface HeifImage {
  get_width(): number;
  get_height(): number;
  is_primary(): boolean;
  display(target: { data: Uint8ClampedArray; width: number; height: number }, done: (result: unknown) => void): void;
  free(): void;
}
interface Libheif {
  HeifDecoder: new () => { decode(bytes: Uint8Array): HeifImage[] };
}

const loadLibheif = once(async (): Promise<Libheif> => {
  const [glue, module] = await Promise.all([
    import('libheif-js/libheif-wasm/libheif.js'),
    compileInlined(() => import('libheif-js/libheif-wasm/libheif.wasm?inline-wasm')),
  ]);
  const factory = (glue.default ?? glue) as unknown as (options: object) => Promise<Libheif> | Libheif;
  return await factory(instantiateWith(module));
});

export const heicDecoder: DecoderDefinition = {
  id: 'heic',
  formats: ['heic'],
  label: 'HEIC/HEIF (libheif, WebAssembly)',
  kind: 'wasm',
  orientation: 'exif',
  async decode(bytes) {
    const libheif = await loadLibheif();
    const images = new libheif.HeifDecoder().decode(new Uint8Array(bytes));
    const image = images.find((candidate) => candidate.is_primary()) ?? images[0];
    if (!image) throw new Error('libheif found no image in the file');
    try {
      const width = image.get_width();
      const height = image.get_height();
      const target = { data: new Uint8ClampedArray(width * height * 4), width, height };
      const result = await new Promise<unknown>((resolve) => image.display(target, resolve));
      if (!result) throw new Error('libheif could not decode the image data');
      return target;
    } finally {
      for (const each of images) each.free();
    }
  },
};
