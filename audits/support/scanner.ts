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
  return { how: `read every .html/.js/.mjs file under ${root}`, pages: pages.sort(), scripts: scripts.sort(), hits };
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
  return { how: `crawled ${seen.size} URL(s) from the pages (GET only)`, pages: pages.sort(), scripts: scripts.sort(), hits };
}
