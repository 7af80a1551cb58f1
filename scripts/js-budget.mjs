#!/usr/bin/env node
// @ts-check
/**
 * Gzipped JavaScript a page loads before it is interactive, from the
 * built HTML's module graph: inline scripts, <script src>, every island's
 * component and renderer, and everything they import statically. Dynamic
 * import() targets (the engine, codecs, client-zip) are not followed: they
 * are fetched after the page has loaded (src/prefetch/runtime.ts). Fails when a
 * tool page exceeds the budget.
 *
 * Usage: node scripts/js-budget.mjs [--dist dist] [--budget-kb 50] [--json]
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, posix } from 'node:path';
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';

const REPO_ROOT = fileURLToPath(new URL('../', import.meta.url));

/** @param {string} text */
const gzipBytes = (text) => gzipSync(Buffer.from(text), { level: 9 }).length;

/** Static import specifiers of a minified ES module ("import{a}from"./x.js"", "import"./y.js"", "export*from"…"). */
function staticImports(/** @type {string} */ code) {
  const found = new Set();
  const pattern = /(?:^|[;\s}])(?:import|export)\s*(?:[\w*${}\s,]+?\s*from\s*)?["']([^"']+)["']/g;
  for (const match of code.matchAll(pattern)) found.add(match[1]);
  return [...found];
}

/**
 * @param {string} dist
 * @param {string} pagePath e.g. "/compress/" (its index.html), or an HTML file such as "/404.html"
 * @returns {{ page: string, files: { url: string, gzip: number }[], inlineGzip: number, total: number }}
 */
export function measurePage(dist, pagePath) {
  const html = readFileSync(pagePath.endsWith('.html') ? join(dist, pagePath) : join(dist, pagePath, 'index.html'), 'utf8');
  const entries = new Set();
  for (const match of html.matchAll(/<script\b[^>]*\bsrc="([^"]+)"/g)) entries.add(match[1]);
  for (const match of html.matchAll(/\b(?:component-url|renderer-url)="([^"]+)"/g)) entries.add(match[1]);
  for (const match of html.matchAll(/<link\b[^>]*rel="modulepreload"[^>]*href="([^"]+)"/g)) entries.add(match[1]);
  let inlineGzip = 0;
  // Data blocks (type="application/json", e.g. the prefetch list) are not JavaScript.
  for (const match of html.matchAll(/<script\b(?![^>]*\bsrc=)(?![^>]*\btype="application\/json")[^>]*>([\s\S]*?)<\/script>/g)) {
    if (match[1]?.trim()) inlineGzip += gzipBytes(match[1]);
  }
  const seen = new Map();
  // Built pages name their files page-relative ("../_astro/x.js"); resolved here to root-relative paths.
  const pageUrl = new URL(pagePath.endsWith('.html') ? pagePath : `${pagePath}index.html`, 'http://site/');
  const queue = [...entries].map((entry) => {
    const url = new URL(entry, pageUrl);
    return url.origin === pageUrl.origin ? url.pathname : entry;
  });
  while (queue.length) {
    const url = /** @type {string} */ (queue.shift());
    if (seen.has(url) || !url.startsWith('/')) continue;
    const file = join(dist, url);
    if (!existsSync(file)) throw new Error(`${pagePath} loads ${url}, which is not in ${dist}`);
    const code = readFileSync(file, 'utf8');
    seen.set(url, gzipBytes(code));
    for (const specifier of staticImports(code)) {
      if (specifier.startsWith('.') || specifier.startsWith('/')) queue.push(posix.resolve(posix.dirname(url), specifier));
    }
  }
  const files = [...seen].map(([url, gzip]) => ({ url, gzip })).sort((a, b) => b.gzip - a.gzip);
  const total = inlineGzip + files.reduce((sum, f) => sum + f.gzip, 0);
  return { page: pagePath, files, inlineGzip, total };
}

/** Tool pages from the built site (the registry's slugs, found through the pages that mount ToolIsland). */
/** Tool pages of the built site: the pages that mount ToolIsland. */
export function toolPages(/** @type {string} */ dist) {
  return readdirSync(dist, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(dist, d.name, "index.html")))
    .map((d) => `/${d.name}/`)
    .filter((page) => /component-url="[^"]*ToolIsland/.test(readFileSync(join(dist, page, "index.html"), "utf8")))
    .sort();
}

function main() {
  const args = process.argv.slice(2);
  const option = (/** @type {string} */ name, /** @type {string} */ fallback) => {
    const i = args.indexOf(name);
    return i >= 0 && args[i + 1] ? String(args[i + 1]) : fallback;
  };
  const dist = join(REPO_ROOT, option('--dist', 'dist'));
  const budget = Number(option('--budget-kb', '50')) * 1000;
  const pages = toolPages(dist);
  if (pages.length === 0) throw new Error(`No tool pages found in ${dist}: run "npm run build" first`);
  const results = pages.map((page) => measurePage(dist, page));
  if (args.includes('--json')) {
    console.log(JSON.stringify(results.map((r) => ({ page: r.page, gzipBytes: r.total, files: r.files.length })), null, 2));
  } else {
    for (const r of results) {
      console.log(`${r.page.padEnd(12)} ${(r.total / 1000).toFixed(1).padStart(6)} KB gzipped JS before the page is interactive (${r.files.length} files + ${(r.inlineGzip / 1000).toFixed(1)} KB inline)`);
      for (const f of r.files) console.log(`    ${(f.gzip / 1000).toFixed(1).padStart(6)} KB  ${f.url}`);
    }
  }
  const over = results.filter((r) => r.total > budget);
  if (over.length) {
    console.error(`Over the ${budget / 1000} KB budget: ${over.map((r) => `${r.page} ${(r.total / 1000).toFixed(1)} KB`).join(', ')}`);
    process.exit(1);
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) main();
