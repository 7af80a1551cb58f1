// @ts-check
/**
 * nginx.conf and the site locations (nginx-site.conf.in, rendered by
 * docker/50-imglio-base-path.sh) spell the per-class headers of
 * src/lib/security-headers.ts (nginx cannot read JSON); this keeps the two
 * equal at "/" and under a prefix. The e2e test tests/e2e/manifest.spec.ts
 * compares what nginx really sends.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CLASS_HEADERS, TLS_ONLY_HEADERS, TLS_ONLY_NGINX_VARIABLES } from '../src/lib/security-headers.ts';
import { NGINX_CONF, renderSiteConf } from './nginx-server.mjs';

const work = mkdtempSync(join(tmpdir(), 'imglio-conf-test-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** The site locations rendered under `basePath`, with the container's paths. */
function siteConf(/** @type {string} */ basePath) {
  const dir = mkdtempSync(join(work, 'site-'));
  return readFileSync(renderSiteConf({ basePath, root: '/usr/share/nginx/html', headersDir: '/etc/nginx/imglio', tmpDir: dir }), 'utf8');
}

/** location → { includes the security headers, its own add_header values } */
function locations(/** @type {string} */ conf) {
  /** @type {Map<string, { security: boolean, headers: Record<string, string>, body: string }>} */
  const found = new Map();
  for (const match of conf.matchAll(/^[ \t]*location\s+([^{\n]+?)\s*\{([^}]*)\}/gm)) {
    const body = match[2] ?? '';
    /** @type {Record<string, string>} */
    const headers = {};
    for (const header of body.matchAll(/add_header\s+(\S+)\s+"([^"]*)"\s+always;/g)) headers[header[1] ?? ''] = header[2] ?? '';
    const spec = (match[1] ?? '').trim();
    if (found.has(spec)) throw new Error(`location ${spec} twice`);
    found.set(spec, { security: body.includes('include /etc/nginx/imglio/security-headers.conf;'), headers, body });
  }
  return found;
}

for (const base of ['/', '/tools/imglio/']) {
  describe(`nginx.conf with the site under ${base}`, () => {
    const byLocation = locations(`${readFileSync(NGINX_CONF, 'utf8')}\n${siteConf(base)}`);
    const at = (/** @type {string} */ spec) => {
      const location = byLocation.get(spec);
      if (!location) throw new Error(`nginx.conf has no "location ${spec}"`);
      return location;
    };

    it('includes the security headers in every location', () => {
      for (const [spec, location] of byLocation) expect(location.security, spec).toBe(true);
    });

    it('sends the header table of each response class', () => {
      expect(at(base).headers).toEqual(CLASS_HEADERS.html);
      expect(at(`${base}_astro/`).headers).toEqual(CLASS_HEADERS.astro);
      expect(at(`${base}_astro/`).headers).toEqual(CLASS_HEADERS.worker);
      expect(at(`= ${base}404.html`).headers).toEqual(CLASS_HEADERS.notFound);
      expect(at('@method_not_allowed').headers).toEqual(CLASS_HEADERS.methodNotAllowed);
      expect(at(`= ${base}.well-known/imglio/manifest.json`).headers).toEqual(CLASS_HEADERS.html);
    });

    it('allows exactly the manifest among dot paths', () => {
      const dotted = [...byLocation.keys()].filter((spec) => spec.includes('/.') || spec.includes('/\\.'));
      expect(dotted.sort()).toEqual([`= ${base}.well-known/imglio/manifest.json`, '~ /\\.']);
      expect(at('~ /\\.').body).toMatch(/return 404;/);
    });

    it(base === '/' ? 'has nothing outside the site' : 'answers 404 outside the prefix, and leads "/" and the bare prefix to it', () => {
      if (base === '/') {
        expect([...byLocation.keys()].filter((spec) => spec === '= /')).toEqual([]);
        return;
      }
      expect(at('/').body).toMatch(/return 404;/);
      expect(at('= /').body).toMatch(/return 302 \/tools\/imglio\/;/);
      expect(at('= /tools/imglio').body).toMatch(/return 301 \/tools\/imglio\/;/);
    });
  });
}

describe('docker/50-imglio-base-path.sh', () => {
  it.each(['tools', '/a/../b/', '/.git/', '/a b/', '//', '/x/_imglio/', '/a/\n/b/'])('refuses %j with one line', (value) => {
    expect(() => siteConf(value)).toThrow(/^50-imglio-base-path\.sh failed: imglio: IMGLIO_BASE_PATH must be "\/" or a path like "\/tools\/imglio\/"[^\n]*$/);
  });
  it('adds the trailing slash', () => {
    expect(siteConf('/tools/imglio')).toBe(siteConf('/tools/imglio/'));
    expect(siteConf('')).toBe(siteConf('/'));
  });
});

describe('nginx.conf over TLS', () => {
  it('maps each TLS-only header to its value over TLS and to nothing (not sent) over plain HTTP', () => {
    const conf = readFileSync(NGINX_CONF, 'utf8');
    for (const [name, value] of Object.entries(TLS_ONLY_HEADERS)) {
      const variable = (TLS_ONLY_NGINX_VARIABLES[name] ?? '').slice(1);
      const map = new RegExp(`map \\$https \\$${variable} \\{([^}]*)\\}`).exec(conf);
      expect(map, `nginx.conf has no "map $https $${variable}"`).not.toBeNull();
      const entries = Object.fromEntries([...(map?.[1] ?? '').matchAll(/^\s*(\S+)\s+"([^"]*)";/gm)].map((m) => [m[1], m[2]]));
      expect(entries).toEqual({ on: value, default: '' });
    }
  });
});
