/**
 * A score computed with the published MDN HTTP Observatory modifiers
 * (scoring methodology, 2024 revision: baseline 100, bonuses only when the
 * score without them is at least 90, minimum 0). Only header-based tests are
 * computed; each result names the Observatory test result it corresponds to.
 * Pure: no Node, no DOM.
 */
import { classifySource, effectiveSources, parsePolicies } from './csp.ts';
import type { HeaderValues } from './header-policy.ts';

export interface Modifier {
  readonly test: string;
  readonly result: string;
  readonly modifier: number;
  /** False when the test does not apply to this target (stated, not silently dropped). */
  readonly scored: boolean;
  readonly note?: string;
}

export interface ObservatoryScore {
  readonly score: number;
  readonly grade: string;
  readonly modifiers: Modifier[];
}

export interface ObservatoryInput {
  /** Headers of the main HTML page. */
  readonly headers: HeaderValues;
  readonly https: boolean;
  /** Where http://host/ redirects (https targets only). */
  readonly httpRedirectLocation?: string | null;
  /** `src` of every <script> in the page and whether it has an integrity attribute. */
  readonly scripts: ReadonlyArray<{ src: string | null; integrity: boolean }>;
  readonly pageOrigin: string;
}

const GRADES: ReadonlyArray<[number, string]> = [
  [100, 'A+'], [90, 'A'], [85, 'A-'], [80, 'B+'], [70, 'B'], [65, 'B-'], [60, 'C+'], [50, 'C'], [45, 'C-'], [40, 'D+'], [30, 'D'], [25, 'D-'], [0, 'F'],
];

export function gradeFor(score: number): string {
  return GRADES.find(([minimum]) => score >= minimum)?.[1] ?? 'F';
}

const value = (headers: HeaderValues, name: string): string | undefined => headers[name]?.join(', ');

function cspTest(headers: HeaderValues): Modifier {
  const values = headers['content-security-policy'] ?? [];
  if (values.length === 0) return { test: 'content-security-policy', result: 'csp-not-implemented', modifier: -25, scored: true };
  const policies = parsePolicies(values);
  if (policies.length === 0) return { test: 'content-security-policy', result: 'csp-header-invalid', modifier: -25, scored: true };
  const policy = policies[0] ?? new Map<string, string[]>();
  const script = (effectiveSources(policy, 'script-src') ?? ['*']).map((s) => s.toLowerCase());
  const object = (effectiveSources(policy, 'object-src') ?? ['*']).map((s) => s.toLowerCase());
  const style = (effectiveSources(policy, 'style-src') ?? ['*']).map((s) => s.toLowerCase());
  const broad = (list: string[]) => list.some((s) => s === '*' || s === 'http:' || s === 'https:' || s === 'data:');
  const insecure = [...policy.values()].flat().some((s) => s.toLowerCase() === 'http:' || s.toLowerCase().startsWith('http://'));
  if (script.includes("'unsafe-inline'") || broad(script) || broad(object)) {
    return { test: 'content-security-policy', result: 'csp-implemented-with-unsafe-inline', modifier: -20, scored: true };
  }
  if (insecure) return { test: 'content-security-policy', result: 'csp-implemented-with-insecure-scheme', modifier: -20, scored: true };
  if (script.includes("'unsafe-eval'")) return { test: 'content-security-policy', result: 'csp-implemented-with-unsafe-eval', modifier: -10, scored: true };
  if (style.includes("'unsafe-inline'") || broad(style)) {
    return { test: 'content-security-policy', result: 'csp-implemented-with-unsafe-inline-in-style-src-only', modifier: 0, scored: true };
  }
  const defaultNone = (policy.get('default-src') ?? []).map((s) => s.toLowerCase()).join(' ') === "'none'";
  return defaultNone
    ? { test: 'content-security-policy', result: 'csp-implemented-with-no-unsafe-default-src-none', modifier: 10, scored: true }
    : { test: 'content-security-policy', result: 'csp-implemented-with-no-unsafe', modifier: 5, scored: true };
}

function cookiesTest(headers: HeaderValues): Modifier {
  const cookies = headers['set-cookie'] ?? [];
  if (cookies.length === 0) return { test: 'cookies', result: 'cookies-not-found', modifier: 0, scored: true };
  const secure = cookies.every((c) => /;\s*secure\b/i.test(c));
  const httpOnly = cookies.every((c) => /;\s*httponly\b/i.test(c));
  const sameSite = cookies.every((c) => /;\s*samesite=(strict|lax)\b/i.test(c));
  if (!secure) return { test: 'cookies', result: 'cookies-without-secure-flag', modifier: -20, scored: true };
  if (!httpOnly) return { test: 'cookies', result: 'cookies-session-without-httponly-flag', modifier: -30, scored: true };
  return sameSite
    ? { test: 'cookies', result: 'cookies-secure-with-httponly-sessions-and-samesite', modifier: 5, scored: true }
    : { test: 'cookies', result: 'cookies-secure-with-httponly-sessions', modifier: 0, scored: true };
}

function corsTest(headers: HeaderValues): Modifier {
  const acao = value(headers, 'access-control-allow-origin');
  if (acao === undefined) return { test: 'cross-origin-resource-sharing', result: 'cross-origin-resource-sharing-not-implemented', modifier: 0, scored: true };
  if (acao.trim() === '*') return { test: 'cross-origin-resource-sharing', result: 'cross-origin-resource-sharing-implemented-with-public-access', modifier: 0, scored: true };
  return { test: 'cross-origin-resource-sharing', result: 'cross-origin-resource-sharing-implemented-with-restricted-access', modifier: 0, scored: true };
}

function referrerTest(headers: HeaderValues): Modifier {
  const raw = value(headers, 'referrer-policy');
  if (raw === undefined) return { test: 'referrer-policy', result: 'referrer-policy-not-implemented', modifier: 0, scored: true };
  // The last recognised token wins, as in browsers.
  const tokens = raw.split(',').map((t) => t.trim().toLowerCase()).filter(Boolean);
  const policy = tokens[tokens.length - 1] ?? '';
  if (['no-referrer', 'same-origin', 'strict-origin', 'strict-origin-when-cross-origin'].includes(policy)) {
    return { test: 'referrer-policy', result: 'referrer-policy-private', modifier: 5, scored: true };
  }
  if (policy === 'no-referrer-when-downgrade') return { test: 'referrer-policy', result: 'referrer-policy-no-referrer-when-downgrade', modifier: 0, scored: true };
  if (['origin', 'origin-when-cross-origin', 'unsafe-url'].includes(policy)) return { test: 'referrer-policy', result: 'referrer-policy-unsafe', modifier: -5, scored: true };
  return { test: 'referrer-policy', result: 'referrer-policy-header-invalid', modifier: -5, scored: true };
}

function nosniffTest(headers: HeaderValues): Modifier {
  const raw = value(headers, 'x-content-type-options');
  if (raw === undefined) return { test: 'x-content-type-options', result: 'x-content-type-options-not-implemented', modifier: -5, scored: true };
  return raw.trim().toLowerCase() === 'nosniff'
    ? { test: 'x-content-type-options', result: 'x-content-type-options-nosniff', modifier: 0, scored: true }
    : { test: 'x-content-type-options', result: 'x-content-type-options-header-invalid', modifier: -5, scored: true };
}

function framingTest(headers: HeaderValues): Modifier {
  const policy = parsePolicies(headers['content-security-policy'] ?? [])[0];
  const ancestors = policy?.get('frame-ancestors');
  if (ancestors && !ancestors.some((s) => s === '*' || classifySource(s) === 'scheme')) {
    return { test: 'x-frame-options', result: 'x-frame-options-implemented-via-csp', modifier: 5, scored: true };
  }
  const xfo = value(headers, 'x-frame-options')?.trim().toLowerCase();
  if (xfo === undefined) return { test: 'x-frame-options', result: 'x-frame-options-not-implemented', modifier: -20, scored: true };
  if (xfo === 'deny' || xfo === 'sameorigin') return { test: 'x-frame-options', result: 'x-frame-options-sameorigin-or-deny', modifier: 0, scored: true };
  if (xfo.startsWith('allow-from ')) return { test: 'x-frame-options', result: 'x-frame-options-allow-from-origin', modifier: 0, scored: true };
  return { test: 'x-frame-options', result: 'x-frame-options-header-invalid', modifier: -20, scored: true };
}

function corpTest(headers: HeaderValues): Modifier {
  const raw = value(headers, 'cross-origin-resource-policy')?.trim().toLowerCase();
  if (raw === undefined) return { test: 'cross-origin-resource-policy', result: 'corp-not-implemented', modifier: 0, scored: true };
  if (raw === 'same-origin' || raw === 'same-site' || raw === 'cross-origin') {
    return { test: 'cross-origin-resource-policy', result: `corp-implemented-with-${raw}`, modifier: 0, scored: true };
  }
  return { test: 'cross-origin-resource-policy', result: 'corp-header-invalid', modifier: -5, scored: true };
}

function sriTest(input: ObservatoryInput): Modifier {
  const external = input.scripts.filter((s) => s.src && new URL(s.src, input.pageOrigin).origin !== input.pageOrigin);
  if (input.scripts.length === 0) return { test: 'subresource-integrity', result: 'sri-not-implemented-but-no-scripts-loaded', modifier: 0, scored: true };
  if (external.length === 0) {
    const all = input.scripts.filter((s) => s.src).every((s) => s.integrity) && input.scripts.some((s) => s.src);
    return all
      ? { test: 'subresource-integrity', result: 'sri-implemented-and-all-scripts-loaded-securely', modifier: 5, scored: true }
      : { test: 'subresource-integrity', result: 'sri-not-implemented-but-all-scripts-loaded-from-secure-origin', modifier: 0, scored: true };
  }
  const secure = external.every((s) => (s.src ?? '').startsWith('https://'));
  const integrity = external.every((s) => s.integrity);
  if (integrity) return secure
    ? { test: 'subresource-integrity', result: 'sri-implemented-and-external-scripts-loaded-securely', modifier: 5, scored: true }
    : { test: 'subresource-integrity', result: 'sri-implemented-but-external-scripts-not-loaded-securely', modifier: -20, scored: true };
  return secure
    ? { test: 'subresource-integrity', result: 'sri-not-implemented-but-external-scripts-loaded-securely', modifier: -5, scored: true }
    : { test: 'subresource-integrity', result: 'sri-not-implemented-and-external-scripts-not-loaded-securely', modifier: -50, scored: true };
}

function transportTests(input: ObservatoryInput): Modifier[] {
  if (!input.https) {
    const note = 'not scored: the target is plain HTTP (TLS, HSTS and the HTTP→HTTPS redirect belong to the deployment in front of it)';
    return [
      { test: 'strict-transport-security', result: 'hsts-not-implemented-no-https', modifier: -20, scored: false, note },
      { test: 'redirection', result: 'redirection-missing', modifier: -20, scored: false, note },
    ];
  }
  const hsts = value(input.headers, 'strict-transport-security');
  const maxAge = Number(/max-age=(\d+)/i.exec(hsts ?? '')?.[1] ?? NaN);
  const hstsResult: Modifier =
    hsts === undefined
      ? { test: 'strict-transport-security', result: 'hsts-not-implemented', modifier: -20, scored: true }
      : Number.isNaN(maxAge)
        ? { test: 'strict-transport-security', result: 'hsts-header-invalid', modifier: -20, scored: true }
        : maxAge >= 15_768_000
          ? { test: 'strict-transport-security', result: 'hsts-implemented-max-age-at-least-six-months', modifier: 0, scored: true }
          : { test: 'strict-transport-security', result: 'hsts-implemented-max-age-less-than-six-months', modifier: -10, scored: true };
  const location = input.httpRedirectLocation;
  const redirect: Modifier =
    location === undefined || location === null
      ? { test: 'redirection', result: 'redirection-missing', modifier: -20, scored: true }
      : location.startsWith('https://')
        ? new URL(location).host === new URL(input.pageOrigin).host
          ? { test: 'redirection', result: 'redirection-to-https', modifier: 0, scored: true }
          : { test: 'redirection', result: 'redirection-off-host-from-http', modifier: -5, scored: true }
        : { test: 'redirection', result: 'redirection-not-to-https', modifier: -20, scored: true };
  return [hstsResult, redirect];
}

export function observatoryScore(input: ObservatoryInput): ObservatoryScore {
  const modifiers = [
    cspTest(input.headers),
    cookiesTest(input.headers),
    corsTest(input.headers),
    referrerTest(input.headers),
    sriTest(input),
    nosniffTest(input.headers),
    framingTest(input.headers),
    corpTest(input.headers),
    ...transportTests(input),
  ];
  const scored = modifiers.filter((m) => m.scored);
  const penalties = 100 + scored.filter((m) => m.modifier < 0).reduce((sum, m) => sum + m.modifier, 0);
  const bonuses = scored.filter((m) => m.modifier > 0).reduce((sum, m) => sum + m.modifier, 0);
  const score = Math.max(0, penalties >= 90 ? penalties + bonuses : penalties);
  return { score, grade: gradeFor(score), modifiers };
}
