/**
 * Item 7, "nothing lost": while some result is not downloaded, leaving the page
 * asks first (beforeunload), and sessionStorage holds how many (a count only,
 * see src/lib/unsaved-results.ts), so the next load of this tool in this tab
 * can say what a reload or crash took away.
 */
import { useEffect, useState } from 'preact/hooks';
import { parseUnsaved, serializeUnsaved, unsavedResultsKey } from '../../lib/unsaved-results.ts';

/** Returns the number of results the last visit lost (0: none, or not known). */
export function useNothingLost(toolSlug: string, notDownloaded: number): number {
  const key = unsavedResultsKey(toolSlug);
  const [lost, setLost] = useState(0);

  // Read once after hydration (the server render has no storage); the effect below then overwrites it.
  useEffect(() => {
    try {
      setLost(parseUnsaved(sessionStorage.getItem(key)));
    } catch {
      // Storage disabled: nothing to report.
    }
  }, [key]);

  useEffect(() => {
    const value = serializeUnsaved(notDownloaded);
    try {
      if (value) sessionStorage.setItem(key, value);
      else sessionStorage.removeItem(key);
    } catch {
      // Storage disabled or full: the unload warning still protects this visit.
    }
    if (!value) return undefined;
    const warn = (event: BeforeUnloadEvent): void => {
      event.preventDefault();
      // Older browsers show the dialog only when returnValue is set.
      event.returnValue = '';
    };
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [key, notDownloaded]);

  return lost;
}
