/** QOI via @jsquash/qoi. QOI carries no orientation. */
import type { DecoderDefinition } from '../types.ts';
import { compileInlined, instantiateWith, once } from '../wasm.ts';

type Decode = (bytes: ArrayBuffer) => Promise<ImageData>;

const loadDecoder = once(async (): Promise<Decode> => {
  const codec = await import('@jsquash/qoi/decode.js');
  const module = await compileInlined(() => import('@jsquash/qoi/codec/dec/qoi_dec.wasm?inline-wasm'));
  await (codec.init as unknown as (m: WebAssembly.Module, o: object) => Promise<unknown>)(module, instantiateWith(module));
  return codec.default as unknown as Decode;
});

export const qoiDecoder: DecoderDefinition = {
  id: 'qoi',
  formats: ['qoi'],
  label: 'QOI (WebAssembly)',
  kind: 'wasm',
  orientation: 'exif',
  async decode(bytes) {
    const image = await (await loadDecoder())(bytes);
    return { data: image.data, width: image.width, height: image.height };
  },
};
