// @ts-check
/**
 * nginx.conf spells the per-class headers of src/lib/security-headers.ts in
 * its locations (nginx cannot read JSON); this keeps the two equal. The e2e
 * test tests/e2e/manifest.spec.ts compares what nginx really sends.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CLASS_HEADERS, TLS_ONLY_HEADERS, TLS_ONLY_NGINX_VARIABLES } from '../src/lib/security-headers.ts';
import { NGINX_CONF } from './nginx-server.mjs';

/** location → { includes the security headers, its own add_header values } */
function locations() {
  const conf = readFileSync(NGINX_CONF, 'utf8');
  /** @type {Map<string, { security: boolean, headers: Record<string, string>, body: string }>} */
  const found = new Map();
  for (const match of conf.matchAll(/^[ \t]*location\s+([^{\n]+?)\s*\{([^}]*)\}/gm)) {
    const body = match[2] ?? '';
    /** @type {Record<string, string>} */
    const headers = {};
    for (const header of body.matchAll(/add_header\s+(\S+)\s+"([^"]*)"\s+always;/g)) headers[header[1] ?? ''] = header[2] ?? '';
    found.set((match[1] ?? '').trim(), { security: body.includes('include /etc/nginx/imglio/security-headers.conf;'), headers, body });
  }
  return found;
}

describe('nginx.conf', () => {
  const byLocation = locations();
  const at = (/** @type {string} */ spec) => {
    const location = byLocation.get(spec);
    if (!location) throw new Error(`nginx.conf has no "location ${spec}"`);
    return location;
  };

  it('includes the security headers in every location', () => {
    for (const [spec, location] of byLocation) expect(location.security, spec).toBe(true);
  });

  it('sends the header table of each response class', () => {
    expect(at('/').headers).toEqual(CLASS_HEADERS.html);
    expect(at('/_astro/').headers).toEqual(CLASS_HEADERS.astro);
    expect(at('/_astro/').headers).toEqual(CLASS_HEADERS.worker);
    expect(at('= /404.html').headers).toEqual(CLASS_HEADERS.notFound);
    expect(at('@method_not_allowed').headers).toEqual(CLASS_HEADERS.methodNotAllowed);
    expect(at('= /.well-known/imglio/manifest.json').headers).toEqual(CLASS_HEADERS.html);
  });

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

  it('allows exactly the manifest among dot paths', () => {
    const dotted = [...byLocation.keys()].filter((spec) => spec.includes('/.') || spec.includes('/\\.'));
    expect(dotted.sort()).toEqual(['= /.well-known/imglio/manifest.json', '~ /\\.']);
    expect(at('~ /\\.').body).toMatch(/return 404;/);
  });
});
