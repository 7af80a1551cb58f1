/**
 * The live view is code the page needs only once a row is opened: imported after the page's prefetch
 * (src/prefetch/gate.ts), like the engine, so opening it makes no request and the first load stays small.
 */
import { useEffect, useState } from 'preact/hooks';
import { afterPrefetch } from '../../prefetch/gate.ts';
import type { LiveViewProps } from './LiveView.tsx';

type LiveViewComponent = (props: LiveViewProps) => preact.JSX.Element;
let loading: Promise<LiveViewComponent> | undefined;

export function LiveViewLazy(props: LiveViewProps) {
  const [View, setView] = useState<LiveViewComponent | undefined>(undefined);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    let live = true;
    loading ??= afterPrefetch(() => import('./LiveView.tsx')).then((module) => module.LiveView);
    loading.then((component) => live && setView(() => component), () => { loading = undefined; if (live) setFailed(true); });
    return () => { live = false; };
  }, []);
  if (failed) return <p class="result-error" role="alert">The live view could not be loaded (you may be offline). Reload the page and try again.</p>;
  return View ? <View {...props} /> : null;
}
