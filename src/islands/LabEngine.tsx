import { useEffect, useState } from 'preact/hooks';
import { getEngine } from '../engine/pool.ts';
import { encoders } from '../codecs/registry.ts';
import type { ImageEngine } from '../engine/types.ts';
import type { EncoderDefinition } from '../codecs/types.ts';

declare global {
  interface Window {
    imglioEngine?: ImageEngine;
    imglioEncoders?: ReadonlyArray<Pick<EncoderDefinition, 'id' | 'format' | 'label' | 'mime' | 'extension' | 'supportsAlpha' | 'options' | 'qualityKey'>>;
  }
}

/** Exposes the shared engine as window.imglioEngine for end-to-end tests and the benchmark. */
export default function LabEngine() {
  const [ready, setReady] = useState(false);
  useEffect(() => {
    window.imglioEngine = getEngine();
    window.imglioEncoders = encoders.map(({ id, format, label, mime, extension, supportsAlpha, options, qualityKey }) => ({ id, format, label, mime, extension, supportsAlpha, options, ...(qualityKey ? { qualityKey } : {}) }));
    setReady(true);
  }, []);
  return (
    <p class="lab-status" data-engine-ready={String(ready)}>
      {ready ? `Engine ready: window.imglioEngine (${encoders.length} encoders).` : 'Engine loading…'}
    </p>
  );
}
