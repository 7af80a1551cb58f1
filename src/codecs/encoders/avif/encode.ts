/**
 * AVIF, worker side. The threaded build runs when the page is cross-origin
 * isolated, unless the pool asked this job for the single-threaded build (it
 * is one of a batch). A worker may hold both builds. The threaded build's
 * pthread workers get the compiled Module through instantiateWith, so they
 * never fetch anything.
 */
import type { EncodeFn } from '../../types.ts';
import { canUseThreads, compileInlined, instantiateGlue, isSingleThreadOnly, once, ownedBuffer } from '../../wasm.ts';
import type { avifMeta } from './meta.ts';

interface AvifModule {
  encode(data: Uint8Array, width: number, height: number, options: Record<string, unknown>): Uint8Array | null;
}

type AvifGlue = { default: unknown };

/** We import the glue ourselves rather than via init() so the build and the wasm always match. */
const loader = (glue: () => Promise<AvifGlue>, wasm: Parameters<typeof compileInlined>[0]) =>
  once(async () => {
    const [{ defaultOptions }, { default: factory }, module] = await Promise.all([import('@jsquash/avif/meta.js'), glue(), compileInlined(wasm)]);
    const instance = await instantiateGlue<AvifModule>(factory, module);
    return { instance, defaultOptions: defaultOptions as unknown as Record<string, unknown> };
  });

const loadThreaded = loader(() => import('@jsquash/avif/codec/enc/avif_enc_mt.js'), () => import('@jsquash/avif/codec/enc/avif_enc_mt.wasm?inline-wasm'));
const loadSingleThreaded = loader(() => import('@jsquash/avif/codec/enc/avif_enc.js'), () => import('@jsquash/avif/codec/enc/avif_enc.wasm?inline-wasm'));

const loadEncoder = async () => (!isSingleThreadOnly() && (await canUseThreads()) ? loadThreaded() : loadSingleThreaded());

const SUBSAMPLING = { '400': 0, '420': 1, '422': 2, '444': 3 } as const;
const TUNES = { auto: 0, psnr: 1, ssim: 2 } as const;

export const encode: EncodeFn<typeof avifMeta> = async (image, options) => {
  const { instance, defaultOptions } = await loadEncoder();
  const lossless = options.lossless;
  const settings = {
    ...defaultOptions,
    quality: lossless ? 100 : options.quality,
    qualityAlpha: lossless || !options.separateAlphaQuality ? -1 : options.alphaQuality,
    speed: options.speed,
    subsample: lossless ? 3 : SUBSAMPLING[options.chromaSubsampling],
    sharpness: options.sharpness,
    denoiseLevel: options.denoise,
    tune: TUNES[options.tune],
    enableSharpYUV: options.sharpYuv,
    chromaDeltaQ: options.chromaDeltaQ,
    tileColsLog2: options.tileColsLog2,
    tileRowsLog2: options.tileRowsLog2,
    bitDepth: 8,
    lossless,
  };
  const output = instance.encode(new Uint8Array(image.data.buffer, image.data.byteOffset, image.data.byteLength), image.width, image.height, settings);
  if (!output) throw new Error('The AVIF encoder returned no data.');
  return ownedBuffer(output);
};
