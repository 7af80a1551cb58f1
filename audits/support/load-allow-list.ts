/**
 * The load-time allow-list: for each page the audit opens, the exact files
 * that page may make the browser fetch while it loads. Built before any
 * file is added, by GETting each page and following what it loads
 * (audits/lib/page-files.ts): its stylesheets and their url()s, scripts and
 * their static imports (transitively), island component scripts, images,
 * icons and manifest. Nothing else may be requested while a page loads.
 *
 * The build manifest (/.well-known/imglio/manifest.json, schema
 * imglio-build-manifest/1) is used when the target serves one: every
 * allowed file must then be one of its `files` (a file the build did not
 * produce is never allowed), and its `inventory.prefetch` list, the code
 * the site fetches at idle right after load, is allowed on every page.
 * Without a manifest the list comes from the crawl alone, and the report
 * says so; a page's own prefetch list (the JSON block the prefetch build
 * step writes into it) is then allowed for that page, but only entries that
 * are /_astro/ scripts of the code inventory crawled beforehand. With a
 * manifest, each page's declared list must equal the manifest's. (Hook: when the manifest grows per-page file lists, use them
 * here instead of deriving the list.)
 */
import { cssLoads, declaredPrefetch, htmlLoads, staticImports, type PageFile } from '../lib/page-files.ts';

export interface LoadAllowList {
  /** Page URL (as the audit opens it) → the files allowed while it loads. */
  readonly pages: Record<string, PageFile[]>;
  /** Allowed on every page while it loads: the manifest's idle prefetch list. */
  readonly everyPage: PageFile[];
  /** Where the list came from. */
  readonly source: string;
  /** Files the pages refer to that the manifest does not list (never allowed). */
  readonly notInManifest: string[];
  /** Pages whose declared prefetch list differs from the manifest's, or names code outside the inventory. */
  readonly prefetchProblems: string[];
}

const MANIFEST_PATH = '/.well-known/imglio/manifest.json';
const FILE_LIMIT = 400;

interface ManifestLike {
  schema?: unknown;
  files?: Array<{ path?: unknown }>;
  inventory?: { prefetch?: unknown };
}

/** A manifest path ("/_astro/x.js", from the site root) as a URL of the site (under its prefix, if any). */
const siteUrlFor = (site: string, path: string): string => new URL(path.replace(/^\//, ''), site).href;

async function readManifest(site: string): Promise<{ files: Set<string>; prefetch: string[] } | null> {
  const response = await fetch(siteUrlFor(site, MANIFEST_PATH)).catch(() => null);
  if (!response?.ok) return null;
  const manifest = (await response.json().catch(() => null)) as ManifestLike | null;
  if (!manifest || manifest.schema !== 'imglio-build-manifest/1' || !Array.isArray(manifest.files)) return null;
  const files = new Set(manifest.files.map((f) => String(f.path ?? '')).filter(Boolean));
  const prefetch = Array.isArray(manifest.inventory?.prefetch) ? (manifest.inventory.prefetch as unknown[]).map(String) : [];
  return { files, prefetch };
}

/**
 * The file a clean URL serves, as the manifest names it (/compress/ → /compress/index.html), with the
 * site's path prefix stripped; null for a URL outside the site.
 */
function manifestPath(url: URL, site: URL): string | null {
  if (url.origin !== site.origin || !url.pathname.startsWith(site.pathname)) return null;
  const path = `/${url.pathname.slice(site.pathname.length)}`;
  return path.endsWith('/') ? `${path}index.html` : path;
}

/** `site` is the audited site's URL: its origin and path prefix, ending in "/" ("http://h/" or "http://h/tools/imglio/"). */
export async function buildLoadAllowList(pageUrls: readonly string[], site: string, inventory: readonly string[]): Promise<LoadAllowList> {
  const origin = new URL(site).origin;
  const siteUrl = new URL(site);
  const codeFolder = siteUrlFor(site, '/_astro/');
  const code = new Set(inventory);
  const prefetchProblems: string[] = [];
  const manifest = await readManifest(site);
  const bodies = new Map<string, Promise<{ type: string; text: string } | null>>();
  const get = (url: string) => {
    let body = bodies.get(url);
    if (!body) {
      body = fetch(url).then(async (r) => ({ type: r.headers.get('content-type') ?? '', text: await r.text() })).catch(() => null);
      bodies.set(url, body);
    }
    return body;
  };
  const pages: Record<string, PageFile[]> = {};
  const notInManifest = new Set<string>();
  for (const pageUrl of pageUrls) {
    const page = await get(pageUrl);
    const list = new Map<string, PageFile>([[pageUrl, { url: pageUrl, why: 'the page itself' }]]);
    const queue = page ? htmlLoads(pageUrl, page.text) : [];
    while (queue.length > 0 && list.size < FILE_LIMIT) {
      const file = queue.shift() as PageFile;
      if (list.has(file.url)) continue;
      list.set(file.url, file);
      const path = new URL(file.url).pathname;
      if (/\.m?js$/.test(path)) {
        const script = await get(file.url);
        if (script) queue.push(...staticImports(file.url, script.text));
      } else if (path.endsWith('.css')) {
        const css = await get(file.url);
        if (css) queue.push(...cssLoads(file.url, css.text));
      }
    }
    const declared = page ? declaredPrefetch(pageUrl, page.text) : null;
    if (declared && manifest) {
      const expected = manifest.prefetch.map((path) => siteUrlFor(site, path));
      if (declared.join('\n') !== expected.join('\n')) prefetchProblems.push(`${new URL(pageUrl).pathname} declares a prefetch list of ${declared.length} file(s) that is not the manifest's ${expected.length} in the same order`);
    } else if (declared) {
      for (const url of declared) {
        if (new URL(url).origin === origin && url.startsWith(codeFolder) && url.endsWith('.js') && !url.includes('?') && code.has(url)) {
          if (!list.has(url)) list.set(url, { url, why: 'the page\'s own idle prefetch list (no manifest to check it against)' });
        } else {
          prefetchProblems.push(`${new URL(pageUrl).pathname} declares ${url} in its prefetch list, which is not a /_astro/ script of the code inventory`);
        }
      }
    }
    let files = [...list.values()];
    if (manifest) {
      // The page itself is checked against the manifest's routes by the manifest branch; its files here.
      for (const file of files.slice(1)) if (!manifest.files.has(manifestPath(new URL(file.url), siteUrl) ?? '')) notInManifest.add(file.url);
      files = files.filter((f, i) => i === 0 || !notInManifest.has(f.url));
    }
    pages[pageUrl] = files;
  }
  const everyPage = (manifest?.prefetch ?? []).map((path) => ({ url: siteUrlFor(site, path), why: 'the manifest\'s idle prefetch list' }));
  return {
    pages,
    everyPage,
    source: manifest
      ? `derived by following each page's loads (GET), restricted to the ${manifest.files.size} files of ${MANIFEST_PATH}, plus its ${manifest.prefetch.length}-entry idle prefetch list`
      : `derived by following each page's loads (GET); the target serves no ${MANIFEST_PATH}, so the list is not cross-checked against a build manifest`,
    notInManifest: [...notInManifest],
    prefetchProblems,
  };
}
