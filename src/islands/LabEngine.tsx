import { useEffect, useState } from 'preact/hooks';
import type { WorkerPool, PoolOptions } from '../engine/pool.ts';
import { ImageError, type ImageEngine } from '../engine/types.ts';
import { afterPrefetch } from '../prefetch/gate.ts';
import type { EncoderDefinition } from '../codecs/types.ts';

declare global {
  interface Window {
    imglioEngine?: ImageEngine;
    /** The pool class itself, so tests can run one with their own worker script and limits. */
    imglioWorkerPool?: typeof WorkerPool;
    /** A separate pool with its own options (e.g. maxWorkers: 1), for the benchmark's scaling runs. */
    imglioCreateEngine?: (options?: PoolOptions) => WorkerPool;
    imglioEncoders?: ReadonlyArray<Pick<EncoderDefinition, 'id' | 'format' | 'label' | 'mime' | 'extension' | 'supportsAlpha' | 'options' | 'qualityKey'>>;
  }
}

/**
 * Exposes the shared engine as window.imglioEngine for end-to-end tests and the benchmark.
 * Like the tool pages, it imports the engine once the page's prefetch has fetched it, so the
 * engine is not part of any page's first load (and /lab/ is ready once the prefetch is done).
 * ImageError is imported statically as on the tool pages, so its small chunk loads at start on both.
 */
export default function LabEngine() {
  const [encoderCount, setEncoderCount] = useState<number | undefined>(undefined);
  const [failure, setFailure] = useState<string | undefined>(undefined);
  useEffect(() => {
    afterPrefetch(() => Promise.all([import('../engine/pool.ts'), import('../codecs/registry.ts')])).then(([{ getEngine, WorkerPool }, { encoders }]) => {
      window.imglioEngine = getEngine();
      window.imglioWorkerPool = WorkerPool;
      window.imglioCreateEngine = (options) => new WorkerPool(options);
      window.imglioEncoders = encoders.map(({ id, format, label, mime, extension, supportsAlpha, options, qualityKey }) => ({ id, format, label, mime, extension, supportsAlpha, options, ...(qualityKey ? { qualityKey } : {}) }));
      setEncoderCount(encoders.length);
    }, (error: unknown) => setFailure(error instanceof ImageError ? error.message : `The engine could not be loaded: ${String(error)}`));
  }, []);
  const ready = encoderCount !== undefined;
  return (
    <p class="lab-status" data-engine-ready={String(ready)}>
      {ready ? `Engine ready: window.imglioEngine (${encoderCount} encoders).` : (failure ?? 'Engine loading…')}
    </p>
  );
}
