/** QOI via @jsquash/qoi: lossless, fast, no options. */
import type { EncoderDefinition } from '../types.ts';
import { compileInlined, instantiateWith, once } from '../wasm.ts';

const loadEncoder = once(async () => {
  const codec = await import('@jsquash/qoi/encode.js');
  const module = await compileInlined(() => import('@jsquash/qoi/codec/enc/qoi_enc.wasm?inline-wasm'));
  await (codec.init as unknown as (m: WebAssembly.Module, o: object) => Promise<unknown>)(module, instantiateWith(module));
  return codec.default;
});

export const qoiEncoder: EncoderDefinition = {
  id: 'qoi',
  format: 'qoi',
  label: 'QOI',
  mime: 'image/qoi',
  extension: 'qoi',
  supportsAlpha: true,
  options: [],
  async encode(image) {
    const encode = await loadEncoder();
    return encode(image as ImageData);
  },
};
