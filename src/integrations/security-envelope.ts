/**
 * After every build: hash each inline <script>/<style> Astro emitted, refuse
 * markup the CSP would block (style="…", on*="…"), write the response headers
 * from src/lib/security-headers.ts for nginx and for the local server, and
 * pre-compress text assets for nginx's gzip_static.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';
import { gzipSync } from 'fflate';
import { responseHeaders, securityHeaders, toNginxInclude, type InlineHashes } from '../lib/security-headers.ts';
import { findInlineCode, findCspBlockedMarkup } from '../lib/html-inline.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const HEADERS_JSON = join(ROOT, 'build', 'security-headers.json');
export const HEADERS_NGINX = join(ROOT, 'build', 'security-headers.conf');
/** Every response class with its exact headers (the local server and the build manifest read it). */
export const RESPONSE_HEADERS_JSON = join(ROOT, 'build', 'response-headers.json');

const COMPRESSIBLE = /\.(html|js|mjs|css|svg|json|webmanifest|txt|xml)$/;
/** Below this size gzip overhead outweighs the saving. */
const MIN_GZIP_BYTES = 256;
/** Nothing the CSP or the no-fetch promise forbids may be shipped. */
const FORBIDDEN_FILES = /\.(map|wasm)$/;

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path) : [path];
  });
}

/**
 * The .gz sibling nginx's gzip_static serves (also used for the build
 * manifest's own .gz). fflate is plain JavaScript, so the bytes do not depend
 * on the zlib build or CPU features of the machine; mtime 0 and no file name
 * keep the gzip header fixed.
 */
export function gzipStatic(bytes: Uint8Array): Uint8Array {
  return gzipSync(bytes, { level: 9, mtime: 0 });
}

/** Whether the envelope writes a .gz sibling for this file. */
export function isGzipCandidate(file: string, size: number): boolean {
  return COMPRESSIBLE.test(file) && size >= MIN_GZIP_BYTES;
}

function sha256Source(code: string): string {
  return `'sha256-${createHash('sha256').update(code, 'utf8').digest('base64')}'`;
}

export function securityEnvelope(): AstroIntegration {
  return {
    name: 'imglio:security-envelope',
    hooks: {
      'astro:build:done': ({ dir, logger }) => {
        const dist = fileURLToPath(dir);
        const files = walk(dist);
        const scripts = new Set<string>();
        const styles = new Set<string>();
        const problems: string[] = [];

        for (const file of files) {
          const rel = relative(dist, file);
          if (FORBIDDEN_FILES.test(file)) problems.push(`${rel}: ${file.endsWith('.map') ? 'source map' : 'wasm file'} must not be shipped`);
          if (!file.endsWith('.html')) continue;
          const html = readFileSync(file, 'utf8');
          const inline = findInlineCode(html);
          for (const code of inline.scripts) scripts.add(sha256Source(code));
          for (const code of inline.styles) styles.add(sha256Source(code));
          for (const problem of findCspBlockedMarkup(html)) problems.push(`${rel}: ${problem}`);
        }
        if (problems.length > 0) {
          throw new Error(`The build emitted markup or files the security envelope forbids:\n${problems.join('\n')}`);
        }

        const hashes: InlineHashes = { scripts: [...scripts], styles: [...styles] };
        const headers = securityHeaders(hashes);
        mkdirSync(join(ROOT, 'build'), { recursive: true });
        writeFileSync(HEADERS_JSON, `${JSON.stringify(headers, null, 2)}\n`);
        writeFileSync(HEADERS_NGINX, toNginxInclude(headers));
        writeFileSync(RESPONSE_HEADERS_JSON, `${JSON.stringify(responseHeaders(headers), null, 2)}\n`);
        logger.info(`CSP: ${scripts.size} inline script hash(es), ${styles.size} inline style hash(es) → build/security-headers.{conf,json}, build/response-headers.json`);

        let compressed = 0;
        for (const file of files) {
          if (!COMPRESSIBLE.test(file)) continue;
          const bytes = readFileSync(file);
          if (!isGzipCandidate(file, bytes.length)) continue;
          writeFileSync(`${file}.gz`, gzipStatic(bytes));
          compressed += 1;
        }
        logger.info(`gzip_static: wrote ${compressed} .gz file(s)`);
      },
    },
  };
}
