/**
 * Lazy access to the image engine and the codec registry. Neither is part of
 * the page's first load; both are imported once the page's prefetch has
 * fetched them (src/prefetch/gate.ts), so using them makes no request.
 *
 * import.meta.glob keeps this module buildable while the engine branch is
 * being written: a missing module becomes a clear runtime error instead of a
 * build failure.
 */
import { ImageError, type ImageEngine } from '../../engine/types.ts';
import type { OptionSchema } from '../../codecs/types.ts';
import type { EncoderInfo } from '../../lib/process-request.ts';
import { prefetched } from '../../prefetch/gate.ts';

const poolModules = import.meta.glob<{ getEngine: () => ImageEngine }>('../../engine/pool.ts');
const registryModules = import.meta.glob<Record<string, unknown>>('../../codecs/registry.ts');

let enginePromise: Promise<ImageEngine> | undefined;

export function loadEngine(): Promise<ImageEngine> {
  enginePromise ??= (async () => {
    const load = poolModules['../../engine/pool.ts'];
    if (!load) throw new ImageError('unsupported', 'The image engine is not part of this build.');
    await prefetched();
    const module = await load();
    return module.getEngine();
  })();
  // A failed load (e.g. a chunk that could not be read) may be retried later.
  enginePromise.catch(() => { enginePromise = undefined; });
  return enginePromise;
}

export interface EncoderUi extends EncoderInfo {
  readonly label: string;
  readonly options: OptionSchema;
}

interface EncoderLike {
  readonly format: string;
  readonly label: string;
  readonly options: OptionSchema;
  readonly qualityKey?: string;
}

const looksLikeEncoder = (value: unknown): value is EncoderLike =>
  typeof value === 'object' && value !== null && typeof (value as EncoderLike).format === 'string' &&
  Array.isArray((value as EncoderLike).options) && typeof (value as { encode?: unknown }).encode === 'function';

let encodersPromise: Promise<readonly EncoderUi[]> | undefined;

/**
 * Encoder schemas from the codec registry (whatever it exports as a list or
 * record of EncoderDefinitions). The first encoder listed per format wins.
 */
export function loadEncoders(): Promise<readonly EncoderUi[]> {
  encodersPromise ??= (async () => {
    const load = registryModules['../../codecs/registry.ts'];
    if (!load) return [];
    await prefetched();
    const module = await load();
    const found: EncoderUi[] = [];
    const consider = (value: unknown): void => {
      if (!looksLikeEncoder(value) || found.some((e) => e.format === value.format)) return;
      found.push({
        format: value.format as EncoderUi['format'],
        label: value.label,
        options: value.options,
        optionKeys: value.options.map((field) => field.key),
        ...(value.qualityKey ? { qualityKey: value.qualityKey } : {}),
      });
    };
    for (const exported of Object.values(module)) {
      if (Array.isArray(exported)) exported.forEach(consider);
      else if (looksLikeEncoder(exported)) consider(exported);
      else if (exported && typeof exported === 'object') Object.values(exported).forEach(consider);
    }
    return found;
  })();
  encodersPromise.catch(() => { encodersPromise = undefined; });
  return encodersPromise;
}
