/**
 * After the prefetch list is injected and before the security envelope hashes
 * inline code: every root-absolute URL in the built pages becomes page-relative
 * (src/lib/relative-urls.ts), so the same dist/ serves at "/" and under any
 * prefix. The 404 page, served at any depth, must already be self-contained.
 * The build fails if a root-absolute URL is left anywhere.
 */
import { readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';
import { hasRootAbsoluteUrl, notFoundPageProblems, relativizeAttributes, relativizeJsonList, servedPathOf } from '../lib/relative-urls.ts';
import { PREFETCH_LIST_ID } from '../prefetch/protocol.ts';

function htmlFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return htmlFiles(path);
    return path.endsWith('.html') ? [path] : [];
  });
}

export const NOT_FOUND_PAGE = '/404.html';

export function relativeUrls(): AstroIntegration {
  return {
    name: 'imglio:relative-urls',
    hooks: {
      'astro:build:done': ({ dir, logger }) => {
        const dist = fileURLToPath(dir);
        const problems: string[] = [];
        let pages = 0;
        for (const file of htmlFiles(dist)) {
          const path = `/${relative(dist, file).split('\\').join('/')}`;
          const html = readFileSync(file, 'utf8');
          if (path === NOT_FOUND_PAGE) {
            problems.push(...notFoundPageProblems(html).map((problem) => `${path}: ${problem}`));
            continue;
          }
          const served = servedPathOf(path);
          const rewritten = relativizeJsonList(relativizeAttributes(html, served), PREFETCH_LIST_ID, served);
          if (hasRootAbsoluteUrl(rewritten)) problems.push(`${path}: a root-absolute URL is left in an attribute`);
          if (rewritten !== html) writeFileSync(file, rewritten);
          pages += 1;
        }
        if (problems.length > 0) throw new Error(`Pages that would break under a path prefix:\n${problems.join('\n')}`);
        logger.info(`URLs made page-relative in ${pages} page(s); ${NOT_FOUND_PAGE} is self-contained`);
      },
    },
  };
}
