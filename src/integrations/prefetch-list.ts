/**
 * After every build, before the security envelope hashes inline code: plan the
 * prefetch list (src/lib/prefetch-order.ts: every script no page loads at start,
 * in one fixed order), inject it into every page as a JSON data block read by
 * src/prefetch/runtime.ts, and write it to build/prefetch-order.json for the
 * build manifest. The build fails when a page could still need a file after
 * the prefetch (nothing may be requested once it is done).
 */
import { mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync, constants as zlibConstants } from 'node:zlib';
import type { AstroIntegration } from 'astro';
import { measurePage } from '../../scripts/js-budget.mjs';
import { planPrefetch } from '../lib/prefetch-order.ts';
import { PREFETCH_LIST_ID } from '../prefetch/protocol.ts';
import { NOT_FOUND_PAGE } from './relative-urls.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const PREFETCH_ORDER_JSON = join(ROOT, 'build', 'prefetch-order.json');

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path) : [path];
  });
}

const urlPath = (dist: string, file: string): string => `/${relative(dist, file).split('\\').join('/')}`;

/** What a page loads before it is interactive, as the JS budget measures it ("/compress/index.html" → "/compress/"). */
const scriptsLoadedAtStart = (dist: string, htmlPath: string): string[] =>
  measurePage(dist, htmlPath.replace(/\/index\.html$/, '/')).files.map((file) => file.url);

/** A data block is not executed, so the CSP needs no hash for it; "<" is escaped so it can never close the element. */
const dataBlock = (order: readonly string[]): string =>
  `<script type="application/json" id="${PREFETCH_LIST_ID}">${JSON.stringify(order).replace(/</g, '\\u003c')}</script>`;

export function prefetchList(): AstroIntegration {
  return {
    name: 'imglio:prefetch-list',
    hooks: {
      'astro:build:done': ({ dir, logger }) => {
        const dist = fileURLToPath(dir);
        const files = walk(dist).map((file) => urlPath(dist, file));
        const htmlPages = files.filter((path) => path.endsWith('.html')).sort();
        const scripts = new Map(files.filter((path) => path.startsWith('/_astro/') && /\.m?js$/.test(path)).sort().map((path) => [path, readFileSync(join(dist, path), 'utf8')]));
        const pageLoads = new Map(htmlPages.map((path) => [path, scriptsLoadedAtStart(dist, path)]));

        const plan = planPrefetch({ scripts, pageLoads });
        // Anything else under /_astro/ must be loaded by the page itself (its stylesheets): a lazily
        // loaded stylesheet, font or image would be a request the prefetch does not cover.
        const linked = new Set(htmlPages.flatMap((path) => [...readFileSync(join(dist, path), 'utf8').matchAll(/<link\b[^>]*\bhref="(\/_astro\/[^"]+)"/g)].map((m) => m[1])));
        const strays = files.filter((path) => path.startsWith('/_astro/') && !scripts.has(path) && !path.endsWith('.gz') && !linked.has(path));
        const problems = [...plan.problems, ...strays.map((path) => `${path} is neither a script nor a stylesheet a page links: the prefetch cannot cover it`)];
        if (problems.length > 0) throw new Error(`The prefetch list cannot cover every request after load:\n${problems.join('\n')}`);

        // The 404 page is served at any depth and loads nothing (src/pages/404.astro), so it prefetches nothing.
        for (const path of htmlPages.filter((page) => page !== NOT_FOUND_PAGE)) {
          const file = join(dist, path);
          const html = readFileSync(file, 'utf8');
          if (!html.includes('</head>')) throw new Error(`${path} has no </head> to put the prefetch list in`);
          writeFileSync(file, html.replace('</head>', `${dataBlock(plan.order)}</head>`));
        }
        mkdirSync(join(ROOT, 'build'), { recursive: true });
        writeFileSync(PREFETCH_ORDER_JSON, `${JSON.stringify(plan.order, null, 2)}\n`);

        const gzipBytes = plan.order.reduce((sum, path) => sum + gzipSync(scripts.get(path) ?? '', { level: zlibConstants.Z_BEST_COMPRESSION }).length, 0);
        logger.info(`prefetch: ${plan.order.length} script(s), ${(gzipBytes / 1e6).toFixed(2)} MB gzipped, fetched after load in a fixed order → build/prefetch-order.json`);
      },
    },
  };
}
