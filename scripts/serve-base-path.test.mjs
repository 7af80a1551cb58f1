// @ts-check
/** `BASE_PATH` of `npm start` follows the container's IMGLIO_BASE_PATH rules (nginx-site.conf.in). */
import { describe, expect, it } from 'vitest';
import { parseBasePath, routeBasePath } from './serve.mjs';

describe('BASE_PATH', () => {
  it('normalises to one trailing slash and refuses anything else with one line', () => {
    expect(parseBasePath('')).toBe('/');
    expect(parseBasePath('/')).toBe('/');
    expect(parseBasePath('/tools/imglio')).toBe('/tools/imglio/');
    expect(parseBasePath('/tools/imglio/')).toBe('/tools/imglio/');
    for (const bad of ['tools', '//', '/a//b/', '/a/../b/', '/.git/', '/a b/', '/x/_imglio/', '/a/\n/b/']) {
      expect(() => parseBasePath(bad), JSON.stringify(bad)).toThrow(/^BASE_PATH must be "\/" or a path like "\/tools\/imglio\/"[^\n]*$/);
    }
  });

  it('routes like nginx: redirects into the prefix, site paths under it, nothing outside', () => {
    const base = '/tools/imglio/';
    expect(routeBasePath(base, '/')).toEqual({ redirect: base, status: 302 });
    expect(routeBasePath(base, '/tools/imglio')).toEqual({ redirect: base, status: 301 });
    expect(routeBasePath(base, '/tools/imglio/compress/')).toEqual({ path: '/compress/' });
    expect(routeBasePath(base, '/tools/imglio/')).toEqual({ path: '/' });
    expect(routeBasePath(base, '/compress/')).toBeNull();
    expect(routeBasePath(base, '/tools/imglioX/')).toBeNull();
    expect(routeBasePath(base, '/tools/imglio/a/b/_imglio/compress/')).toEqual({ redirect: '/tools/imglio/compress/', status: 302 });
    expect(routeBasePath('/', '/a/_imglio/')).toEqual({ redirect: '/', status: 302 });
    expect(routeBasePath('/', '/_imglio//evil.example/')).toEqual({ path: '/_imglio//evil.example/' });
    expect(routeBasePath('/', '/compress/')).toEqual({ path: '/compress/' });
  });
});
