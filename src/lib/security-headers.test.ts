import { describe, expect, it } from 'vitest';
import { assertCspIsStrict, buildCsp, CLASS_HEADERS, parseCsp, RESPONSE_CLASSES, responseHeaders, securityHeaders, TLS_ONLY_HEADERS, TLS_ONLY_NGINX_VARIABLES, toNginxInclude } from './security-headers.ts';

const HASH = "'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='";

describe('buildCsp', () => {
  it('emits the required policy with the given hashes', () => {
    const policy = buildCsp({ scripts: [HASH], styles: [HASH] });
    const directives = parseCsp(policy);
    expect(directives.get('default-src')).toEqual(["'none'"]);
    expect(directives.get('connect-src')).toEqual(["'none'"]);
    expect(directives.get('script-src')).toEqual(["'self'", "'wasm-unsafe-eval'", HASH]);
    expect(directives.get('style-src')).toEqual(["'self'", HASH]);
    expect(directives.get('img-src')).toEqual(["'self'", 'blob:', 'data:']);
    expect(directives.get('frame-ancestors')).toEqual(["'none'"]);
    expect(policy).not.toMatch(/'unsafe-inline'|'unsafe-eval'/);
    expect(policy.endsWith(';')).toBe(false);
  });

  it('deduplicates and sorts hashes so the header is stable across builds', () => {
    const other = "'sha256-AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA='";
    const a = buildCsp({ scripts: [HASH, other, HASH], styles: [] });
    const b = buildCsp({ scripts: [other, HASH], styles: [] });
    expect(a).toBe(b);
    expect(parseCsp(a).get('script-src')).toHaveLength(4);
  });

  it('rejects anything that is not a sha256 source', () => {
    expect(() => buildCsp({ scripts: ["'unsafe-inline'"], styles: [] })).toThrow(/sha256/);
    expect(() => buildCsp({ scripts: [], styles: ["'nonce-abc'"] })).toThrow(/sha256/);
  });
});

describe('assertCspIsStrict', () => {
  const good = buildCsp({ scripts: [], styles: [] });
  it('accepts the built policy', () => expect(() => assertCspIsStrict(good)).not.toThrow());
  it.each([
    ['connect-src *', good.replace("connect-src 'none'", 'connect-src *')],
    ['unsafe-inline', good.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'")],
    ['unsafe-eval', good.replace("script-src 'self'", "script-src 'self' 'unsafe-eval'")],
    ['a foreign host', good.replace("img-src 'self'", "img-src 'self' https://cdn.example")],
    ['https: scheme', good.replace("img-src 'self'", "img-src 'self' https:")],
    ['missing frame-ancestors', good.replace("; frame-ancestors 'none'", '')],
    ['default-src self', good.replace("default-src 'none'", "default-src 'self'")],
  ])('refuses a policy with %s', (_label, policy) => {
    expect(() => assertCspIsStrict(policy)).toThrow();
  });
});

describe('securityHeaders', () => {
  const headers = securityHeaders({ scripts: [], styles: [] });
  it('isolates the page and denies unused features, but not cross-origin-isolated', () => {
    expect(headers['Cross-Origin-Opener-Policy']).toBe('same-origin');
    expect(headers['Cross-Origin-Embedder-Policy']).toBe('require-corp');
    expect(headers['Cross-Origin-Resource-Policy']).toBe('same-origin');
    expect(headers['Permissions-Policy']).toContain('camera=()');
    expect(headers['Permissions-Policy']).not.toContain('cross-origin-isolated');
  });
  it('renders an nginx include with `always` on every header', () => {
    const include = toNginxInclude(headers);
    const lines = include.split('\n').filter((line) => line.startsWith('add_header'));
    expect(lines).toHaveLength(Object.keys(headers).length + Object.keys(TLS_ONLY_HEADERS).length);
    for (const line of lines.slice(0, Object.keys(headers).length)) expect(line).toMatch(/^add_header [A-Za-z-]+ ".*" always;$/);
  });
  it('adds each TLS-only header through its nginx variable, never as a literal value', () => {
    const include = toNginxInclude(headers);
    for (const name of Object.keys(TLS_ONLY_HEADERS)) {
      expect(include).toContain(`add_header ${name} ${TLS_ONLY_NGINX_VARIABLES[name]} always;`);
      expect(include).not.toContain(TLS_ONLY_HEADERS[name]);
    }
    expect(TLS_ONLY_HEADERS['Strict-Transport-Security']).toMatch(/^max-age=(\d+)/);
    expect(Number(/max-age=(\d+)/.exec(TLS_ONLY_HEADERS['Strict-Transport-Security'] ?? '')?.[1])).toBeGreaterThanOrEqual(63072000);
  });
  it('refuses header values nginx would misparse', () => {
    expect(() => toNginxInclude({ 'X-Test': 'a"b' })).toThrow();
  });
});

describe('responseHeaders', () => {
  const security = securityHeaders({ scripts: [], styles: [] });
  const classes = responseHeaders(security);
  it('puts the security headers on every class, then the class headers', () => {
    for (const name of RESPONSE_CLASSES) {
      expect(Object.keys(classes[name]).slice(0, Object.keys(security).length)).toEqual(Object.keys(security));
    }
    expect(classes.html['Cache-Control']).toBe('no-cache');
    expect(classes.astro['Cache-Control']).toBe('public, max-age=31536000, immutable');
    expect(classes.notFound['Cache-Control']).toBe('no-cache');
    expect(classes.methodNotAllowed['Allow']).toBe('GET, HEAD');
    expect(classes.methodNotAllowed['Cache-Control']).toBeUndefined();
  });
  it('gives worker scripts the headers of /_astro/, where they live (one nginx location serves both)', () => {
    expect(classes.worker).toEqual(classes.astro);
    expect(CLASS_HEADERS.worker).toEqual(CLASS_HEADERS.astro);
  });
  it('refuses a class header that would override a security header', () => {
    expect(() => responseHeaders({ ...security, 'cache-control': 'x' })).toThrow(/redefines/);
  });
});
