/**
 * Every page, after it has loaded: fetch the rest of the site's code (every
 * codec and worker chunk) at idle, one file at a time, in the fixed order the
 * build wrote into the page. Later worker starts and imports are then served
 * from the HTTP cache (/_astro/ is immutable), so nothing the user does causes
 * a request. With navigator.connection.saveData the same list is fetched the
 * first time code is needed (a file is added), not before.
 */
import { PREFETCH_ATTRIBUTE, PREFETCH_LIST_ID, PREFETCH_NEEDED_EVENT, type PrefetchState } from './protocol.ts';

const root = document.documentElement;
const HYDRATION_WAIT_MS = 10_000;
const setState = (state: PrefetchState): void => root.setAttribute(PREFETCH_ATTRIBUTE, state);

/**
 * Where the site's code lives: this module's own folder (it is bundled into a chunk of /_astro/),
 * so the list resolves the same at "/" and under any path prefix.
 */
const CODE_FOLDER = import.meta.url.replace(/[^/]*$/, '');

/**
 * The build's list (page-relative URLs, resolved against the page); only scripts in the code folder.
 * None in `astro dev`, where code loads on first use as usual.
 */
function readList(): string[] {
  const element = document.getElementById(PREFETCH_LIST_ID);
  if (!element?.textContent) return [];
  try {
    const parsed: unknown = JSON.parse(element.textContent);
    if (!Array.isArray(parsed)) return [];
    return parsed
      .filter((entry): entry is string => typeof entry === 'string')
      .map((entry) => new URL(entry, document.baseURI).href)
      .filter((href) => href.startsWith(CODE_FOLDER) && !href.slice(CODE_FOLDER.length).includes('/'));
  } catch {
    return [];
  }
}

/**
 * Where modulepreload is unknown (it would fire no event at all), a plain preload with the same
 * request mode as a module script (CORS, same-origin credentials) fills the HTTP cache just as well.
 */
const modulePreload = document.createElement('link').relList.supports('modulepreload');

/** One <link rel="modulepreload">: fetched into the HTTP cache and parsed, never run. */
function preload(href: string): Promise<boolean> {
  return new Promise((resolve) => {
    const link = document.createElement('link');
    if (modulePreload) {
      link.rel = 'modulepreload';
    } else {
      link.rel = 'preload';
      link.as = 'script';
      link.crossOrigin = 'anonymous';
    }
    link.href = href;
    link.addEventListener('load', () => resolve(true), { once: true });
    link.addEventListener('error', () => resolve(false), { once: true });
    document.head.append(link);
  });
}

let started = false;
async function run(): Promise<void> {
  if (started) return;
  started = true;
  setState('running');
  let failures = 0;
  // Strictly one after another, so the order of requests is the list's order on every run.
  for (const href of readList()) if (!(await preload(href))) failures += 1;
  setState(failures === 0 ? 'done' : 'failed');
}

const saveData = (navigator as Navigator & { connection?: { saveData?: boolean } }).connection?.saveData === true;
/** A file was added (gate.ts) before the prefetch started. */
let needed = false;
/** The page has loaded and its islands are hydrated. */
let afterLoadDone = false;
document.addEventListener(PREFETCH_NEEDED_EVENT, () => {
  needed = true;
  if (afterLoadDone) void run();
});

/**
 * Islands hydrate by importing their code, which may still be on its way when the load event fires.
 * Waiting for them keeps those requests before the prefetch's (Astro drops `ssr` once an island is hydrated).
 */
function islandsHydrated(): Promise<void> {
  const pending = () => document.querySelector('astro-island[ssr]') !== null;
  if (!pending()) return Promise.resolve();
  return new Promise((resolve) => {
    const finish = (): void => {
      observer.disconnect();
      clearTimeout(timer);
      resolve();
    };
    const observer = new MutationObserver(() => {
      if (!pending()) finish();
    });
    observer.observe(document.body, { subtree: true, attributes: true, attributeFilter: ['ssr'] });
    // An island that failed to hydrate must not hold the prefetch back for good.
    const timer = setTimeout(finish, HYDRATION_WAIT_MS);
  });
}

async function afterLoad(): Promise<void> {
  await islandsHydrated();
  afterLoadDone = true;
  if (needed) void run();
  else if (saveData) setState('waiting');
  else if ('requestIdleCallback' in window) requestIdleCallback(() => void run(), { timeout: 2000 });
  else setTimeout(() => void run(), 200);
}

const onLoad = (): void => void afterLoad();
if (document.readyState === 'complete') onLoad();
else window.addEventListener('load', onLoad, { once: true });
