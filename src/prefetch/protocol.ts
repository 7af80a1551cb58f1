/**
 * How the page's prefetch (runtime.ts, run by every page) and the code that
 * needs lazily loaded modules (gate.ts) talk: through the document, so they
 * need not share a module instance.
 *
 * <html data-imglio-prefetch="…">:
 *   pending  the page has not finished loading yet (set in the HTML)
 *   waiting  navigator.connection.saveData: nothing is fetched until a file is added
 *   running  fetching the list, one file at a time
 *   done     every file of the list was fetched; nothing more will be requested
 *   failed   the list was gone through but some files could not be fetched (offline?)
 */
export const PREFETCH_ATTRIBUTE = 'data-imglio-prefetch';
export type PrefetchState = 'pending' | 'waiting' | 'running' | 'done' | 'failed';
/** The <script type="application/json"> holding the list, injected at build time (src/integrations/prefetch-list.ts). */
export const PREFETCH_LIST_ID = 'imglio-prefetch-order';
/** Dispatched on document by gate.ts when code is needed: starts a prefetch that saveData deferred. */
export const PREFETCH_NEEDED_EVENT = 'imglio:prefetch-needed';

export const isSettled = (state: string | null): boolean => state === null || state === 'done' || state === 'failed';
