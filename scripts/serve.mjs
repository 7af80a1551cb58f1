// @ts-check
/**
 * `npm start`: serves dist/ on 127.0.0.1 with the production headers and the
 * same rules as nginx.conf: GET/HEAD only, 1 KB body limit, clean URLs, no
 * hidden files (except the build manifest) or source maps, pre-gzipped files.
 * Header values come from the build (src/lib/security-headers.ts):
 * build/response-headers.json has the exact headers of every response class.
 *
 * Stand-alone: only Node built-ins, so the offline bundle ships this file
 * unchanged. It serves ./dist and ./build beside it when they exist (the
 * unzipped bundle), else those of the repository it lives in (scripts/..).
 */
import { createServer } from 'node:http';
import { existsSync, readFileSync, statSync, createReadStream } from 'node:fs';
import { dirname, extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = existsSync(join(HERE, 'dist')) && existsSync(join(HERE, 'build')) ? HERE : join(HERE, '..');
const DIST = join(ROOT, 'dist');
const HEADERS_FILE = join(ROOT, 'build', 'security-headers.json');
const RESPONSE_HEADERS_FILE = join(ROOT, 'build', 'response-headers.json');
const MAX_BODY_BYTES = 1024;
/** The one hidden path that is served (nginx.conf has the same exact-match location). */
export const MANIFEST_PATH = '/.well-known/imglio/manifest.json';

/** @type {Record<string, string>} */
const MIME = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'application/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json; charset=utf-8',
  '.svg': 'image/svg+xml; charset=utf-8',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.ico': 'image/x-icon',
  '.wasm': 'application/wasm',
  '.txt': 'text/plain; charset=utf-8',
  '.woff2': 'font/woff2',
};

/**
 * Resolves a request path like nginx's `try_files $uri $uri/ $uri.html =404`.
 * @param {string} pathname decoded URL path
 * @returns {{ file: string, redirect?: string } | null}
 */
export function resolvePath(pathname) {
  if (pathname.includes('\0') || /\.map$/i.test(pathname)) return null;
  if (/(^|\/)\./.test(pathname) && pathname !== MANIFEST_PATH) return null;
  const absolute = normalize(join(DIST, pathname));
  if (absolute !== DIST && !absolute.startsWith(DIST + sep)) return null;
  if (existsSync(absolute) && statSync(absolute).isFile()) return { file: absolute };
  if (existsSync(join(absolute, 'index.html'))) {
    return pathname.endsWith('/') ? { file: join(absolute, 'index.html') } : { file: '', redirect: `${pathname}/` };
  }
  if (existsSync(`${absolute}.html`)) return { file: `${absolute}.html` };
  return null;
}

// --- BASE_PATH: the site under a path prefix, as nginx serves it with IMGLIO_BASE_PATH (nginx-site.conf.in) ---
const BASE_SEGMENT = /^[A-Za-z0-9._~-]+$/;
/** The 404 page's links, "_imglio/<page>" relative to wherever it was served (src/lib/relative-urls.ts). */
const NOT_FOUND_LINK = /(?:^|\/)_imglio\/([A-Za-z0-9._~-][A-Za-z0-9._~/-]*)?$/;

/**
 * "" or "/" → "/"; "/tools/imglio" or "/tools/imglio/" → "/tools/imglio/"; anything else throws one line.
 * @param {string} raw
 */
export function parseBasePath(raw) {
  if (raw === '' || raw === '/') return '/';
  const segments = raw.replace(/\/$/, '').split('/').slice(1);
  const valid = raw.startsWith('/') && segments.every((s) => BASE_SEGMENT.test(s) && !s.startsWith('.') && s !== '_imglio');
  if (!valid) throw new Error(`BASE_PATH must be "/" or a path like "/tools/imglio/" (segments of A-Z a-z 0-9 . _ ~ -, not ".", ".." or "_imglio"), not ${JSON.stringify(raw)}`);
  return `/${segments.join('/')}/`;
}

/**
 * Where a request goes under `base`: a redirect, the site path to serve ("/…"), or null (404).
 * @param {string} base from parseBasePath
 * @param {string} pathname decoded request path
 * @returns {{ redirect: string, status: 301 | 302 } | { path: string } | null}
 */
export function routeBasePath(base, pathname) {
  const link = NOT_FOUND_LINK.exec(pathname);
  if (link) return { redirect: `${base}${link[1] ?? ''}`, status: 302 };
  if (base === '/') return { path: pathname };
  if (pathname === base.slice(0, -1)) return { redirect: base, status: 301 };
  if (pathname === '/') return { redirect: base, status: 302 };
  return pathname.startsWith(base) ? { path: `/${pathname.slice(base.length)}` } : null;
}
// --- end BASE_PATH ---

/**
 * @typedef {'html' | 'astro' | 'worker' | 'notFound' | 'methodNotAllowed'} ResponseClass
 * @param {string} pathname
 * @returns {ResponseClass}
 */
function classOf(pathname) {
  // Worker scripts live under /_astro/ too; the header table gives both classes the same values.
  return pathname.startsWith('/_astro/') ? 'astro' : 'html';
}

/** @param {{ basePath?: string }} [options] basePath from parseBasePath */
export function createImglioServer({ basePath = '/' } = {}) {
  for (const file of [HEADERS_FILE, RESPONSE_HEADERS_FILE]) {
    if (!existsSync(file)) throw new Error(`${file} is missing: run "npm run build" first`);
  }
  /** @type {Record<string, string>} */
  const securityHeaders = JSON.parse(readFileSync(HEADERS_FILE, 'utf8'));
  /** @type {Record<ResponseClass, Record<string, string>>} */
  const classHeaders = JSON.parse(readFileSync(RESPONSE_HEADERS_FILE, 'utf8'));

  return createServer((request, response) => {
    for (const [name, value] of Object.entries(securityHeaders)) response.setHeader(name, value);
    const sendText = (/** @type {number} */ status, /** @type {string} */ text) => {
      response.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8' });
      response.end(request.method === 'HEAD' ? undefined : text);
    };

    if (request.method !== 'GET' && request.method !== 'HEAD') {
      for (const [name, value] of Object.entries(classHeaders.methodNotAllowed)) response.setHeader(name, value);
      sendText(405, 'Imglio accepts only GET and HEAD requests.\n');
      request.resume();
      return;
    }
    if (Number(request.headers['content-length'] ?? 0) > MAX_BODY_BYTES) {
      sendText(413, 'Request body too large.\n');
      request.resume();
      return;
    }

    let pathname;
    try {
      pathname = decodeURIComponent(new URL(request.url ?? '/', 'http://localhost').pathname);
    } catch {
      sendText(400, 'Bad request.\n');
      return;
    }
    if (pathname === '/healthz') {
      response.setHeader('Cache-Control', 'no-store');
      sendText(200, 'ok\n');
      return;
    }

    const routed = routeBasePath(basePath, pathname);
    const redirect = routed && 'redirect' in routed ? routed : null;
    const sitePath = routed && 'path' in routed ? routed.path : null;
    const found = redirect || sitePath === null ? null : resolvePath(sitePath);
    const location = redirect?.redirect ?? (found?.redirect ? `${basePath}${found.redirect.slice(1)}` : null);
    if (location) {
      // nginx answers from the site's location, with its headers.
      for (const [name, value] of Object.entries(classHeaders.html)) response.setHeader(name, value);
      response.writeHead(redirect?.status ?? 301, { Location: location });
      response.end();
      return;
    }
    const status = found ? 200 : 404;
    const file = found ? found.file : join(DIST, '404.html');
    const acceptsGzip = /\bgzip\b/.test(String(request.headers['accept-encoding'] ?? ''));
    const gzipped = acceptsGzip && existsSync(`${file}.gz`);
    const served = gzipped ? `${file}.gz` : file;
    for (const [name, value] of Object.entries(classHeaders[found && sitePath ? classOf(sitePath) : 'notFound'])) response.setHeader(name, value);
    response.writeHead(status, {
      'Content-Type': MIME[extname(file)] ?? 'application/octet-stream',
      'Content-Length': statSync(served).size,
      Vary: 'Accept-Encoding',
      ...(gzipped ? { 'Content-Encoding': 'gzip' } : {}),
    });
    if (request.method === 'HEAD') response.end();
    else createReadStream(served).pipe(response);
  });
}

/**
 * PORT from the environment: a whole number from 1 to 65535 (default 4321).
 * @returns {{ port: number } | { error: string }}
 */
export function parsePort(/** @type {string | undefined} */ raw) {
  if (raw === undefined || raw === '') return { port: 4321 };
  if (!/^\d{1,5}$/.test(raw.trim()) || Number(raw) < 1 || Number(raw) > 65535) {
    return { error: `PORT must be a whole number from 1 to 65535, not "${raw}"; set e.g. PORT=4321 (the default)` };
  }
  return { port: Number(raw) };
}

/** One line for a listen error a person can act on. */
export function listenErrorLine(/** @type {NodeJS.ErrnoException} */ error, /** @type {string} */ host, /** @type {number} */ port) {
  switch (error.code) {
    case 'EADDRINUSE':
      return `port ${port} on ${host} is already in use by another program; stop it, or set PORT to a free port (e.g. PORT=${port === 65535 ? 4322 : port + 1} npm start)`;
    case 'EACCES':
      return `not allowed to listen on port ${port} on ${host} (ports below 1024 need privileges); set PORT to 1024 or above (e.g. PORT=4321)`;
    case 'EADDRNOTAVAIL':
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `HOST "${host}" is not an address of this machine; set HOST=127.0.0.1 (the default) or one of its addresses`;
    default:
      return `cannot listen on ${host}:${port}: ${error.message}`;
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const parsed = parsePort(process.env.PORT);
  if ('error' in parsed) {
    console.error(`imglio: ${parsed.error}`);
    process.exit(2);
  }
  const port = parsed.port;
  const host = process.env.HOST || '127.0.0.1';
  let server;
  // BASE_PATH (sub-path): the same rule as the container's IMGLIO_BASE_PATH.
  let basePath = '/';
  try {
    basePath = parseBasePath(process.env.BASE_PATH ?? '/');
    server = createImglioServer({ basePath });
  } catch (error) {
    console.error(`imglio: ${/** @type {Error} */ (error).message}`);
    process.exit(1);
  }
  server.on('error', (/** @type {NodeJS.ErrnoException} */ error) => {
    console.error(`imglio: ${listenErrorLine(error, host, port)}`);
    process.exit(1);
  });
  server.listen(port, host, () => {
    console.log(`Imglio is served with its production headers at http://${host.includes(':') ? `[${host}]` : host}:${port}${basePath} (Ctrl+C to stop)`);
  });
  const shutdown = () => server.close(() => process.exit(0));
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
}
