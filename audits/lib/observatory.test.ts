import { describe, expect, it } from 'vitest';
import { gradeFor, observatoryScore } from './observatory.ts';

const STRICT = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' blob: data:; connect-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
const base = {
  https: false,
  scripts: [{ src: null, integrity: false }, { src: '/_astro/a.js', integrity: false }],
  pageOrigin: 'http://127.0.0.1:8080',
};

describe('HTTP Observatory score', () => {
  it('grades with the published table', () => {
    expect([135, 100, 99, 90, 85, 80, 70, 65, 60, 50, 45, 40, 30, 25, 24, 0].map(gradeFor)).toEqual(
      ['A+', 'A+', 'A', 'A', 'A-', 'B+', 'B', 'B-', 'C+', 'C', 'C-', 'D+', 'D', 'D-', 'F', 'F'],
    );
  });

  it("gives default-src 'none', frame-ancestors and no-referrer their bonuses", () => {
    const result = observatoryScore({
      ...base,
      headers: { 'content-security-policy': [STRICT], 'referrer-policy': ['no-referrer'], 'x-content-type-options': ['nosniff'] },
    });
    expect(result.modifiers.find((m) => m.test === 'content-security-policy')?.result).toBe('csp-implemented-with-no-unsafe-default-src-none');
    expect(result.score).toBe(120);
    expect(result.grade).toBe('A+');
    expect(result.modifiers.filter((m) => !m.scored).map((m) => m.test)).toEqual(['strict-transport-security', 'redirection']);
  });

  it('withholds bonuses below 90 and never goes under 0', () => {
    const weak = observatoryScore({ ...base, headers: { 'content-security-policy': ["default-src 'none'; script-src 'self' 'unsafe-inline'"], 'referrer-policy': ['no-referrer'] } });
    // -20 unsafe-inline, -5 nosniff, -20 no framing protection: 55, and the referrer bonus is withheld.
    expect(weak.score).toBe(55);
    expect(weak.grade).toBe('C');
    const none = observatoryScore({ ...base, https: true, headers: { 'set-cookie': ['id=1'], 'referrer-policy': ['unsafe-url'] } });
    expect(none.score).toBe(0);
  });

  it('scores HSTS and the redirect on HTTPS targets', () => {
    const result = observatoryScore({
      ...base,
      https: true,
      pageOrigin: 'https://imglio.example',
      httpRedirectLocation: 'https://imglio.example/',
      headers: { 'content-security-policy': [STRICT], 'x-content-type-options': ['nosniff'], 'strict-transport-security': ['max-age=31536000'] },
    });
    expect(result.modifiers.find((m) => m.test === 'redirection')?.result).toBe('redirection-to-https');
    expect(result.score).toBe(115);
  });
});
