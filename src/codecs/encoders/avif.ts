/**
 * AVIF via @jsquash/avif (libaom). The threaded build runs when the page is
 * cross-origin isolated, unless the pool asked this job for the
 * single-threaded build (it is one of a batch: see src/lib/encoder-threads.ts).
 * A worker may hold both builds. The threaded build's pthread workers get the
 * compiled Module through instantiateWith, so they never fetch anything.
 */
import type { EncoderDefinition } from '../types.ts';
import { canUseThreads, compileInlined, instantiateGlue, isSingleThreadOnly, once, ownedBuffer } from '../wasm.ts';

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

const SUBSAMPLING: Record<string, number> = { '400': 0, '420': 1, '422': 2, '444': 3 };
const TUNES: Record<string, number> = { auto: 0, psnr: 1, ssim: 2 };

export const avifEncoder: EncoderDefinition = {
  id: 'avif',
  format: 'avif',
  label: 'AVIF',
  mime: 'image/avif',
  extension: 'avif',
  supportsAlpha: true,
  qualityKey: 'quality',
  options: [
    { kind: 'range', key: 'quality', label: 'Quality', min: 0, max: 100, step: 1, default: 50 },
    { kind: 'range', key: 'speed', label: 'Speed', min: 0, max: 10, step: 1, default: 6, help: 'Lower is smaller and much slower.' },
    { kind: 'boolean', key: 'lossless', label: 'Lossless', default: false },
    {
      kind: 'select', key: 'chromaSubsampling', label: 'Chroma subsampling', default: '420',
      choices: [{ value: '420', label: '4:2:0 (smaller)' }, { value: '422', label: '4:2:2' }, { value: '444', label: '4:4:4 (sharper colour)' }, { value: '400', label: '4:0:0 (greyscale)' }],
    },
    { kind: 'boolean', key: 'separateAlphaQuality', label: 'Separate alpha quality', default: false, advanced: true },
    { kind: 'range', key: 'alphaQuality', label: 'Alpha quality', min: 0, max: 100, step: 1, default: 50, advanced: true },
    { kind: 'range', key: 'sharpness', label: 'Sharpness', min: 0, max: 7, step: 1, default: 0, advanced: true },
    { kind: 'range', key: 'denoise', label: 'Noise synthesis', min: 0, max: 50, step: 1, default: 0, advanced: true },
    { kind: 'select', key: 'tune', label: 'Tuning', default: 'auto', advanced: true, choices: [{ value: 'auto', label: 'Auto' }, { value: 'psnr', label: 'PSNR' }, { value: 'ssim', label: 'SSIM' }] },
    { kind: 'boolean', key: 'sharpYuv', label: 'Sharp RGB→YUV conversion', default: false, advanced: true },
    { kind: 'boolean', key: 'chromaDeltaQ', label: 'Extra chroma compression', default: false, advanced: true },
    { kind: 'range', key: 'tileColsLog2', label: 'Log2 of tile columns', min: 0, max: 6, step: 1, default: 0, advanced: true, help: 'More tiles encode faster on many cores, slightly larger.' },
    { kind: 'range', key: 'tileRowsLog2', label: 'Log2 of tile rows', min: 0, max: 6, step: 1, default: 0, advanced: true },
  ],
  async encode(image, options) {
    const { instance, defaultOptions } = await loadEncoder();
    const lossless = options['lossless'] === true;
    const settings = {
      ...defaultOptions,
      quality: lossless ? 100 : Number(options['quality']),
      qualityAlpha: lossless || options['separateAlphaQuality'] !== true ? -1 : Number(options['alphaQuality']),
      speed: Number(options['speed']),
      subsample: lossless ? 3 : (SUBSAMPLING[String(options['chromaSubsampling'])] ?? 1),
      sharpness: Number(options['sharpness']),
      denoiseLevel: Number(options['denoise']),
      tune: TUNES[String(options['tune'])] ?? 0,
      enableSharpYUV: options['sharpYuv'] === true,
      chromaDeltaQ: options['chromaDeltaQ'] === true,
      tileColsLog2: Number(options['tileColsLog2']),
      tileRowsLog2: Number(options['tileRowsLog2']),
      bitDepth: 8,
      lossless,
    };
    const output = instance.encode(new Uint8Array(image.data.buffer, image.data.byteOffset, image.data.byteLength), image.width, image.height, settings);
    if (!output) throw new Error('The AVIF encoder returned no data.');
    return ownedBuffer(output);
  },
};
