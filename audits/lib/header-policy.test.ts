import { describe, expect, it } from 'vitest';
import { envelopeProblems, fromRawHeaders, type HeaderValues } from './header-policy.ts';

const GOOD_CSP =
  "default-src 'none'; script-src 'self' 'wasm-unsafe-eval' 'sha256-DsNuCZFK9mPltYl1wZHP+JKCxYZe4r1dKvL674WsMwA='; style-src 'self'; img-src 'self' blob: data:; worker-src 'self'; connect-src 'none'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
const PERMISSIONS = 'camera=(), microphone=(), geolocation=(), display-capture=(), payment=(), usb=(), serial=(), hid=(), browsing-topics=()';

function good(): HeaderValues {
  return {
    'content-security-policy': [GOOD_CSP],
    'cross-origin-opener-policy': ['same-origin'],
    'cross-origin-embedder-policy': ['require-corp'],
    'cross-origin-resource-policy': ['same-origin'],
    'x-content-type-options': ['nosniff'],
    'referrer-policy': ['no-referrer'],
    'permissions-policy': [PERMISSIONS],
  };
}

describe('envelopeProblems', () => {
  it('accepts the policy the brief describes', () => {
    expect(envelopeProblems(good())).toEqual([]);
  });

  it('over HTTPS requires one HSTS header of six months or more; over HTTP does not judge it', () => {
    expect(envelopeProblems(good())).toEqual([]);
    expect(envelopeProblems(good(), { https: true })).toEqual(['no Strict-Transport-Security header over HTTPS']);
    expect(envelopeProblems({ ...good(), 'strict-transport-security': ['max-age=63072000'] }, { https: true })).toEqual([]);
    expect(envelopeProblems({ ...good(), 'strict-transport-security': ['max-age=15768000; includeSubDomains'] }, { https: true })).toEqual([]);
    expect(envelopeProblems({ ...good(), 'strict-transport-security': ['max-age=86400'] }, { https: true })).toEqual(['Strict-Transport-Security "max-age=86400" must have max-age of at least 15768000 (six months)']);
    expect(envelopeProblems({ ...good(), 'strict-transport-security': ['includeSubDomains'] }, { https: true })).toHaveLength(1);
    expect(envelopeProblems({ ...good(), 'strict-transport-security': ['max-age=63072000', 'max-age=0'] }, { https: true })).toEqual(['Strict-Transport-Security sent 2 times']);
  });

  it('reads repeated headers from raw header lists', () => {
    expect(fromRawHeaders(['Set-Cookie', 'a=1', 'set-cookie', 'b=2', 'X', 'y'])).toEqual({ 'set-cookie': ['a=1', 'b=2'], x: ['y'] });
  });

  it('flags a missing CSP', () => {
    const headers = good();
    delete headers['content-security-policy'];
    expect(envelopeProblems(headers)).toContain('no Content-Security-Policy header');
  });

  it('flags connect-src * even with default-src none', () => {
    const headers = { ...good(), 'content-security-policy': [GOOD_CSP.replace("connect-src 'none'", 'connect-src *')] };
    const problems = envelopeProblems(headers);
    expect(problems.some((p) => p.startsWith("CSP connect-src must be 'none'"))).toBe(true);
    expect(problems).toContain('CSP connect-src allows *');
  });

  it('flags unsafe-inline, unsafe-eval, hosts, schemes and blob workers', () => {
    for (const [from, to, expected] of [
      ["script-src 'self'", "script-src 'self' 'unsafe-inline'", "CSP script-src allows 'unsafe-inline'"],
      ["script-src 'self'", "script-src 'self' 'unsafe-eval'", "CSP script-src allows 'unsafe-eval'"],
      ["img-src 'self'", "img-src 'self' https://tracker.example", 'CSP img-src allows https://tracker.example'],
      ["img-src 'self'", "img-src 'self' https:", 'CSP img-src allows the scheme https:'],
      ["worker-src 'self'", "worker-src 'self' blob:", "CSP worker-src must be 'self' or 'none', is 'self' blob:"],
    ] as const) {
      const problems = envelopeProblems({ ...good(), 'content-security-policy': [GOOD_CSP.replace(from, to)] });
      expect(problems, to).toContain(expected);
    }
  });

  it('requires frame-ancestors, form-action and base-uri, which never fall back to default-src', () => {
    const problems = envelopeProblems({ ...good(), 'content-security-policy': ["default-src 'none'; worker-src 'self'"] });
    expect(problems).toContain('CSP has no frame-ancestors directive');
    expect(problems).toContain('CSP has no form-action directive');
    expect(problems).toContain('CSP has no base-uri directive');
    expect(problems.filter((p) => p.includes('connect-src'))).toEqual([]);
  });

  it('flags weak isolation, sniffing, referrers, permissions, cookies and CORS', () => {
    const problems = envelopeProblems({
      ...good(),
      'cross-origin-embedder-policy': ['unsafe-none'],
      'x-content-type-options': [],
      'referrer-policy': ['origin'],
      'permissions-policy': ['camera=(self)'],
      'set-cookie': ['id=1'],
      'access-control-allow-origin': ['*'],
    });
    expect(problems).toContain('cross-origin-embedder-policy is "unsafe-none", must be require-corp');
    expect(problems).toContain('no x-content-type-options header');
    expect(problems).toContain('referrer-policy is "origin", must be no-referrer');
    expect(problems).toContain('Permissions-Policy does not deny camera');
    expect(problems).toContain('Set-Cookie sent: id=1');
    expect(problems).toContain('Access-Control-Allow-Origin "*" shares responses with other origins');
  });

  it('requires every listed feature denied, and not bluetooth (Chromium does not recognise it)', () => {
    const without = (feature: string) => ({ ...good(), 'permissions-policy': [PERMISSIONS.split(', ').filter((f) => !f.startsWith(`${feature}=`)).join(', ')] });
    expect(envelopeProblems(without('hid'))).toContain('Permissions-Policy does not deny hid');
    expect(envelopeProblems(without('browsing-topics'))).toContain('Permissions-Policy does not deny browsing-topics');
    expect(PERMISSIONS).not.toContain('bluetooth');
    expect(envelopeProblems(good())).toEqual([]);
  });
});
