/** QOI via @jsquash/qoi: lossless, fast, no options. */
import type { EncoderDefinition } from '../types.ts';
import { initWithInlined, once } from '../wasm.ts';

const loadEncoder = once(async () => {
  const codec = await import('@jsquash/qoi/encode.js');
  await initWithInlined(codec.init, () => import('@jsquash/qoi/codec/enc/qoi_enc.wasm?inline-wasm'));
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
