/** QOI, worker side. */
import type { EncodeFn } from '../../types.ts';
import { initWithInlined, once } from '../../wasm.ts';
import type { qoiMeta } from './meta.ts';

const loadEncoder = once(async () => {
  const codec = await import('@jsquash/qoi/encode.js');
  await initWithInlined(codec.init, () => import('@jsquash/qoi/codec/enc/qoi_enc.wasm?inline-wasm'));
  return codec.default;
});

export const encode: EncodeFn<typeof qoiMeta> = async (image) => (await loadEncoder())(image as ImageData);
