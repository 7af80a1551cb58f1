/**
 * Lazy access to the image engine: loaded on first use only (dynamic import),
 * so a tool page ships no engine code and starts no worker before the user
 * adds a file. The codec metas (src/codecs/registry.ts) are plain data and
 * are imported directly by the parts that need them.
 */
import type { ImageEngine } from '../../core/types.ts';

let enginePromise: Promise<ImageEngine> | undefined;

export function loadEngine(): Promise<ImageEngine> {
  enginePromise ??= import('../../engine/pool.ts').then((module) => module.getEngine());
  // A failed load (e.g. a chunk that could not be read) may be retried later.
  enginePromise.catch(() => { enginePromise = undefined; });
  return enginePromise;
}
