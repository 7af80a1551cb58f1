/**
 * Code the page loads lazily (the engine, the codec registry, client-zip) is
 * imported only once the prefetch has finished: it is then already in the
 * module map, so the import makes no request, and requests never depend on
 * when the user adds a file. Under saveData, asking is what starts the prefetch.
 */
import { isSettled, PREFETCH_ATTRIBUTE, PREFETCH_NEEDED_EVENT } from './protocol.ts';

let settled: Promise<void> | undefined;

export function prefetched(): Promise<void> {
  settled ??= new Promise<void>((resolve) => {
    const root = document.documentElement;
    if (isSettled(root.getAttribute(PREFETCH_ATTRIBUTE))) {
      resolve();
      return;
    }
    const observer = new MutationObserver(() => {
      if (!isSettled(root.getAttribute(PREFETCH_ATTRIBUTE))) return;
      observer.disconnect();
      resolve();
    });
    observer.observe(root, { attributes: true, attributeFilter: [PREFETCH_ATTRIBUTE] });
    document.dispatchEvent(new Event(PREFETCH_NEEDED_EVENT));
  });
  return settled;
}

/** Runs a dynamic import after the prefetch. */
export const afterPrefetch = <T>(load: () => Promise<T>): Promise<T> => prefetched().then(load);
