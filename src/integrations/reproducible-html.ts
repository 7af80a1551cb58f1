/**
 * Makes the HTML of a build independent of where it was built, before the
 * security envelope hashes and gzips it: Astro's island uids hash the
 * component's absolute path (see src/lib/island-uid.ts).
 */
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';
import { stableIslandUids } from '../lib/island-uid.ts';

function htmlFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return htmlFiles(path);
    return path.endsWith('.html') ? [path] : [];
  });
}

const shortHash = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex').slice(0, 12);

export function reproducibleHtml(): AstroIntegration {
  return {
    name: 'imglio:reproducible-html',
    hooks: {
      'astro:build:done': ({ dir, logger }) => {
        let changed = 0;
        for (const file of htmlFiles(fileURLToPath(dir))) {
          const html = readFileSync(file, 'utf8');
          const stable = stableIslandUids(html, shortHash);
          if (stable === html) continue;
          writeFileSync(file, stable);
          changed += 1;
        }
        logger.info(`island uids made path-independent in ${changed} page(s)`);
      },
    },
  };
}
