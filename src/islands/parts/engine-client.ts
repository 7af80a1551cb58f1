/**
 * Lazy access to the image engine: not part of the page's first load, and
 * imported only once the page's prefetch has fetched it (src/prefetch/gate.ts),
 * so using it makes no request and cannot change the prefetch order. The codec
 * metas (src/codecs/registry.ts) are plain data and are imported directly by the
 * parts that need them.
 */
import type { ImageEngine } from '../../core/types.ts';
import { prefetched } from '../../prefetch/gate.ts';

let enginePromise: Promise<ImageEngine> | undefined;

export function loadEngine(): Promise<ImageEngine> {
  enginePromise ??= prefetched().then(() => import('../../engine/pool.ts')).then((module) => module.getEngine());
  // A failed load (e.g. a chunk that could not be read) may be retried later.
  enginePromise.catch(() => { enginePromise = undefined; });
  return enginePromise;
}
