/**
 * Collects every page and script the deployment ships and scans them: from
 * the build directory for the local target, by crawling from the pages for
 * a remote one (GET only).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { references, scanText, type ScanHit } from '../lib/bundle-scan.ts';

export interface ShippedCode {
  readonly how: string;
  /** URLs of every HTML page and JS file found. */
  readonly pages: string[];
  readonly scripts: string[];
  readonly hits: ScanHit[];
  /**
   * The deployment's own code inventory, built before any file is added:
   * every script URL reached by crawling the pages and following static
   * imports, dynamic import("…") literals and new URL("…", import.meta.url)
   * worker URLs inside the scripts. After load, only these may be fetched.
   */
  readonly inventory: string[];
  /** How the inventory was built, and (local build) how it compares with the files on disk. */
  readonly inventoryNote: string;
}

const CODE = /\.(m?js|html)$/;
const CRAWL_LIMIT = 500;

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path) : [path];
  });
}

export function scanBuildDirectory(root: string, origin: string): ShippedCode {
  const pages: string[] = [];
  const scripts: string[] = [];
  const hits: ScanHit[] = [];
  for (const file of walk(root).filter((f) => CODE.test(f))) {
    const path = `/${relative(root, file).replace(/\\/g, '/')}`;
    const url = `${origin}${path === '/404.html' ? path : path.replace(/index\.html$/, '')}`;
    if (path.endsWith('.html')) pages.push(url);
    else scripts.push(url);
    hits.push(...scanText(path, readFileSync(file, 'utf8')));
  }
  return { how: `read every .html/.js/.mjs file under ${root}`, pages: pages.sort(), scripts: scripts.sort(), hits, inventory: [], inventoryNote: 'not built' };
}

/**
 * The local build's files, with the inventory taken from a crawl of the
 * served site (the same way a remote deployment is inventoried) and
 * cross-checked against the script files on disk.
 */
export function withCrawledInventory(local: ShippedCode, crawl: ShippedCode): ShippedCode {
  const crawled = new Set(crawl.inventory);
  const unreached = local.scripts.filter((url) => !crawled.has(url));
  const extra = crawl.inventory.filter((url) => !local.scripts.includes(url));
  const note = `${crawl.inventoryNote}; cross-checked with the build directory: ${local.scripts.length - unreached.length} of its ${local.scripts.length} script(s) reached${unreached.length ? ` (not reached, so never allowed after load: ${unreached.map((u) => new URL(u).pathname).join(', ')})` : ''}${extra.length ? `; crawled but not on disk: ${extra.join(', ')}` : ''}`;
  return { ...local, inventory: crawl.inventory, inventoryNote: note };
}

export async function crawlDeployment(startUrls: readonly string[]): Promise<ShippedCode> {
  const queue = [...new Set(startUrls)];
  const seen = new Set(queue);
  const pages: string[] = [];
  const scripts: string[] = [];
  const hits: ScanHit[] = [];
  while (queue.length > 0 && seen.size <= CRAWL_LIMIT) {
    const url = queue.shift() as string;
    const response = await fetch(url, { redirect: 'follow' }).catch(() => null);
    if (!response || !response.ok) continue;
    const type = response.headers.get('content-type') ?? '';
    const isPage = type.includes('text/html');
    const isScript = /javascript|ecmascript/.test(type);
    if (!isPage && !isScript) continue;
    const text = await response.text();
    const path = new URL(url).pathname;
    (isPage ? pages : scripts).push(url);
    hits.push(...scanText(isPage && !path.endsWith('.html') ? `${path}index.html` : path, text));
    for (const ref of references(isPage && !/\.html?$/.test(path) && !path.endsWith('/') ? `${url}/` : url, text)) {
      const refPath = new URL(ref).pathname;
      if (seen.has(ref) || !(/\.(m?js|html?)$/.test(refPath) || refPath.endsWith('/'))) continue;
      seen.add(ref);
      queue.push(ref);
    }
  }
  const inventory = [...scripts].sort();
  return { how: `crawled ${seen.size} URL(s) from the pages (GET only)`, pages: pages.sort(), scripts: inventory, hits, inventory, inventoryNote: `code inventory: ${inventory.length} script(s) reached by crawling ${pages.length} page(s) and following imports, dynamic imports and worker URLs (GET only, before any file was added)` };
}
