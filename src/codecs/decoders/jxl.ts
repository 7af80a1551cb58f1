/** JPEG XL via @jsquash/jxl (libjxl), which applies the codestream's orientation itself. */
import type { DecoderDefinition } from '../types.ts';
import { compileInlined, instantiateWith, once } from '../wasm.ts';

type Decode = (bytes: ArrayBuffer) => Promise<ImageData>;

const loadDecoder = once(async (): Promise<Decode> => {
  const codec = await import('@jsquash/jxl/decode.js');
  const module = await compileInlined(() => import('@jsquash/jxl/codec/dec/jxl_dec.wasm?inline-wasm'));
  await (codec.init as unknown as (m: WebAssembly.Module, o: object) => Promise<unknown>)(module, instantiateWith(module));
  return codec.default as unknown as Decode;
});

export const jxlDecoder: DecoderDefinition = {
  id: 'jxl',
  formats: ['jxl'],
  label: 'JPEG XL (libjxl, WebAssembly)',
  kind: 'wasm',
  orientation: 'decoder',
  async decode(bytes) {
    const image = await (await loadDecoder())(bytes);
    return { data: image.data, width: image.width, height: image.height };
  },
};
