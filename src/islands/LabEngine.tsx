import { useEffect, useState } from 'preact/hooks';
import { getEngine, WorkerPool, type PoolOptions } from '../engine/pool.ts';
import { encoders } from '../codecs/registry.ts';
import type { EncoderMeta } from '../codecs/types.ts';
import type { ImageEngine } from '../core/types.ts';

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

/** Exposes the shared engine as window.imglioEngine for end-to-end tests and the benchmark. */
export default function LabEngine() {
  const [ready, setReady] = useState(false);
  useEffect(() => {
    window.imglioEngine = getEngine();
    window.imglioWorkerPool = WorkerPool;
    window.imglioCreateEngine = (options) => new WorkerPool(options);
    window.imglioEncoders = encoders;
    setReady(true);
  }, []);
  return (
    <p class="lab-status" data-engine-ready={String(ready)}>
      {ready ? `Engine ready: window.imglioEngine (${encoders.length} encoders).` : 'Engine loading…'}
    </p>
  );
}
