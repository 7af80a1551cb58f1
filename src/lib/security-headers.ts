/**
 * The single source of truth for every HTTP response header Imglio sends.
 *
 * The build hashes each inline <script>/<style> it emits and calls
 * `securityHeaders()` with those hashes; the result is written both as an
 * nginx include (production, Docker, tests) and as JSON (the local `npm start`
 * server). No other file spells out a header value.
 *
 * Pure module: no DOM, no Node APIs.
 */
import { getCSP, NONE, SELF, BLOB, DATA, WASM_UNSAFE_EVAL } from 'csp-header';

export interface InlineHashes {
  /** CSP source expressions such as `'sha256-…'` for every inline <script>. */
  readonly scripts: readonly string[];
  /** CSP source expressions for every inline <style>. */
  readonly styles: readonly string[];
}

const HASH_SOURCE = /^'sha256-[A-Za-z0-9+/]{43}='$/;

/**
 * Browser features the app never uses. Each is denied to every origin,
 * including our own. `cross-origin-isolated` is deliberately absent: the
 * threaded AVIF encoder needs SharedArrayBuffer.
 * Only names Chromium recognises are listed (unknown names log console errors).
 */
export const DENIED_FEATURES = [
  'accelerometer',
  'autoplay',
  'browsing-topics',
  'camera',
  'compute-pressure',
  'display-capture',
  'encrypted-media',
  'fullscreen',
  'geolocation',
  'gyroscope',
  'hid',
  'identity-credentials-get',
  'idle-detection',
  'local-fonts',
  'magnetometer',
  'microphone',
  'midi',
  'otp-credentials',
  'payment',
  'picture-in-picture',
  'publickey-credentials-create',
  'publickey-credentials-get',
  'screen-wake-lock',
  'serial',
  'storage-access',
  'usb',
  'window-management',
  'xr-spatial-tracking',
] as const;

function uniqueSorted(values: readonly string[]): string[] {
  return [...new Set(values)].sort();
}

export function buildCsp(hashes: InlineHashes): string {
  for (const hash of [...hashes.scripts, ...hashes.styles]) {
    if (!HASH_SOURCE.test(hash)) throw new Error(`Not a sha256 CSP source: ${hash}`);
  }
  const policy = getCSP({
    directives: {
      'default-src': [NONE],
      'script-src': [SELF, WASM_UNSAFE_EVAL, ...uniqueSorted(hashes.scripts)],
      'style-src': [SELF, ...uniqueSorted(hashes.styles)],
      'img-src': [SELF, BLOB, DATA],
      'worker-src': [SELF],
      'connect-src': [NONE],
      'font-src': [SELF],
      'manifest-src': [SELF],
      'object-src': [NONE],
      'base-uri': [NONE],
      'form-action': [NONE],
      'frame-ancestors': [NONE],
    },
  });
  // csp-header ends the policy with a trailing ';'; headers read better without it.
  const trimmed = policy.replace(/;\s*$/, '');
  assertCspIsStrict(trimmed);
  return trimmed;
}

/** Parses a CSP header value into directive → source list. */
export function parseCsp(policy: string): Map<string, string[]> {
  const directives = new Map<string, string[]>();
  for (const part of policy.split(';')) {
    const tokens = part.trim().split(/\s+/).filter(Boolean);
    const [name, ...sources] = tokens;
    if (name && !directives.has(name.toLowerCase())) directives.set(name.toLowerCase(), sources);
  }
  return directives;
}

/**
 * Refuses any policy that would weaken the no-connection promise. Called on
 * every policy this module builds, so a bad edit fails the build.
 */
export function assertCspIsStrict(policy: string): void {
  const directives = parseCsp(policy);
  const expectExactly = (name: string, expected: string[]): void => {
    const actual = directives.get(name);
    if (!actual || actual.join(' ') !== expected.join(' ')) {
      throw new Error(`CSP ${name} must be ${expected.join(' ')}, got ${actual?.join(' ') ?? '(missing)'}`);
    }
  };
  expectExactly('default-src', ["'none'"]);
  expectExactly('connect-src', ["'none'"]);
  expectExactly('object-src', ["'none'"]);
  expectExactly('base-uri', ["'none'"]);
  expectExactly('form-action', ["'none'"]);
  expectExactly('frame-ancestors', ["'none'"]);
  expectExactly('worker-src', ["'self'"]);
  for (const [name, sources] of directives) {
    for (const source of sources) {
      const lower = source.toLowerCase();
      if (lower === "'unsafe-inline'" || lower === "'unsafe-eval'" || lower === "'unsafe-hashes'") {
        throw new Error(`CSP ${name} must not allow ${source}`);
      }
      if (lower.startsWith("'nonce-")) throw new Error(`CSP ${name} must not use nonces`);
      if (lower === '*' || lower === 'http:' || lower === 'https:' || lower === 'ws:' || lower === 'wss:') {
        throw new Error(`CSP ${name} must not allow the wildcard source ${source}`);
      }
      if (/^[a-z][a-z0-9+.-]*:\/\//.test(lower) || lower.includes('.')) {
        throw new Error(`CSP ${name} must not name another host (${source})`);
      }
    }
  }
}

export function buildPermissionsPolicy(): string {
  return DENIED_FEATURES.map((feature) => `${feature}=()`).join(', ');
}

/** Every header that goes on every response (HTML, JS, workers, errors). */
export function securityHeaders(hashes: InlineHashes): Record<string, string> {
  return {
    'Content-Security-Policy': buildCsp(hashes),
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Embedder-Policy': 'require-corp',
    'Cross-Origin-Resource-Policy': 'same-origin',
    'Referrer-Policy': 'no-referrer',
    'X-Content-Type-Options': 'nosniff',
    'X-DNS-Prefetch-Control': 'off',
    'X-Frame-Options': 'DENY',
    'Origin-Agent-Cluster': '?1',
    'Permissions-Policy': buildPermissionsPolicy(),
  };
}

/** Cache policy by path, shared by nginx and the local server. */
export const CACHE_IMMUTABLE = 'public, max-age=31536000, immutable';
export const CACHE_REVALIDATE = 'no-cache';

/**
 * The classes of response the server sends, each with the headers it adds to
 * the security headers. nginx.conf spells the same values in its locations
 * (a test compares what nginx really sends with this table); the local server
 * and the build manifest read the table through build/response-headers.json.
 *   html              pages and every other file outside /_astro/ (incl. the manifest)
 *   astro             content-hashed build output under /_astro/
 *   worker            worker scripts (they live under /_astro/ too)
 *   notFound          the 404 page, for any missing path and every refused dot path
 *   methodNotAllowed  any method but GET and HEAD
 */
export const RESPONSE_CLASSES = ['html', 'astro', 'worker', 'notFound', 'methodNotAllowed'] as const;
export type ResponseClass = (typeof RESPONSE_CLASSES)[number];

export const ALLOWED_METHODS = 'GET, HEAD';

export const CLASS_HEADERS: Readonly<Record<ResponseClass, Readonly<Record<string, string>>>> = {
  html: { 'Cache-Control': CACHE_REVALIDATE },
  astro: { 'Cache-Control': CACHE_IMMUTABLE },
  worker: { 'Cache-Control': CACHE_IMMUTABLE },
  notFound: { 'Cache-Control': CACHE_REVALIDATE },
  methodNotAllowed: { Allow: ALLOWED_METHODS },
};

export type ResponseHeaders = Record<ResponseClass, Record<string, string>>;

/**
 * Headers every response class adds only when the response is sent over TLS
 * (the container's 8443 server). HSTS over plain HTTP is ignored by browsers
 * and would be wrong behind a TLS-terminating proxy that chose otherwise, so
 * it is never sent there. Two years, the preload-list minimum; without
 * includeSubDomains, because Imglio often runs on one host of an intranet
 * domain whose other hosts it must not force onto HTTPS.
 */
export const TLS_ONLY_HEADERS: Readonly<Record<string, string>> = {
  'Strict-Transport-Security': 'max-age=63072000',
};
/** The nginx variable (a map on $https in nginx.conf) that holds each TLS-only header's value. */
export const TLS_ONLY_NGINX_VARIABLES: Readonly<Record<string, string>> = {
  'Strict-Transport-Security': '$imglio_hsts',
};

/** The exact header values of every response class: security headers first, then the class's own. */
export function responseHeaders(security: Readonly<Record<string, string>>): ResponseHeaders {
  const result = {} as ResponseHeaders;
  for (const name of RESPONSE_CLASSES) {
    const own = CLASS_HEADERS[name];
    for (const header of Object.keys(own)) {
      if (Object.keys(security).some((existing) => existing.toLowerCase() === header.toLowerCase())) {
        throw new Error(`Response class ${name} redefines the security header ${header}`);
      }
    }
    result[name] = { ...security, ...own };
  }
  return result;
}

function nginxQuote(value: string): string {
  if (/["\\\n\r]/.test(value)) throw new Error(`Header value cannot be written to nginx: ${value}`);
  return `"${value}"`;
}

/** The nginx include that every `location` of nginx.conf pulls in. */
export function toNginxInclude(headers: Record<string, string>): string {
  const lines = Object.entries(headers).map(
    ([name, value]) => `add_header ${name} ${nginxQuote(value)} always;`,
  );
  // TLS-only headers: nginx.conf maps the variable to the value over TLS and to "" (not sent) otherwise.
  for (const name of Object.keys(TLS_ONLY_HEADERS)) lines.push(`add_header ${name} ${TLS_ONLY_NGINX_VARIABLES[name] ?? ''} always;`);
  return `# Generated by the build from src/lib/security-headers.ts. Do not edit.\n${lines.join('\n')}\n`;
}
