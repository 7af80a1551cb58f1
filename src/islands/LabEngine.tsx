import { useEffect, useState } from 'preact/hooks';
import type { WorkerPool, PoolOptions } from '../engine/pool.ts';
import { encoders } from '../codecs/registry.ts';
import type { EncoderMeta } from '../codecs/types.ts';
import { ImageError, type ImageEngine } from '../core/types.ts';
import { afterPrefetch } from '../prefetch/gate.ts';

declare global {
  interface Window {
    imglioEngine?: ImageEngine;
    /** The pool class itself, so tests can run one with their own worker script and limits. */
    imglioWorkerPool?: typeof WorkerPool;
    /** A separate pool with its own options (e.g. maxWorkers: 1), for the benchmark's scaling runs. */
    imglioCreateEngine?: (options?: PoolOptions) => WorkerPool;
    /** The codec metas, as the settings UI and the pool read them. */
    imglioEncoders?: readonly EncoderMeta[];
  }
}

/**
 * Exposes the shared engine as window.imglioEngine for end-to-end tests and the benchmark.
 * Like the tool pages, it imports the engine once the page's prefetch has fetched it, so the
 * engine is not part of any page's first load (and /lab/ is ready once the prefetch is done).
 */
export default function LabEngine() {
  const [ready, setReady] = useState(false);
  const [failure, setFailure] = useState<string | undefined>(undefined);
  useEffect(() => {
    afterPrefetch(() => import('../engine/pool.ts')).then(({ getEngine, WorkerPool }) => {
      window.imglioEngine = getEngine();
      window.imglioWorkerPool = WorkerPool;
      window.imglioCreateEngine = (options) => new WorkerPool(options);
      window.imglioEncoders = encoders;
      setReady(true);
    }, (error: unknown) => setFailure(error instanceof ImageError ? error.message : `The engine could not be loaded: ${String(error)}`));
  }, []);
  return (
    <p class="lab-status" data-engine-ready={String(ready)}>
      {ready ? `Engine ready: window.imglioEngine (${encoders.length} encoders).` : (failure ?? 'Engine loading…')}
    </p>
  );
}
