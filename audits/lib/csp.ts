/**
 * Content-Security-Policy parsing for the audit, written from the CSP Level 3
 * specification and independent of the site's own policy module, so a bug
 * there cannot hide here. Pure: no Node, no DOM.
 */

export type Policy = Map<string, string[]>;

/** Parses one serialized policy. The first occurrence of a directive wins (as browsers do). */
export function parsePolicy(serialized: string): Policy {
  const policy: Policy = new Map();
  for (const part of serialized.split(';')) {
    const [name, ...sources] = part.trim().split(/[\t\n\f\r ]+/).filter(Boolean);
    if (!name) continue;
    const key = name.toLowerCase();
    if (!policy.has(key)) policy.set(key, sources);
  }
  return policy;
}

/**
 * A header may carry several policies (repeated headers, or a comma-joined
 * list). Browsers enforce all of them, so a request is allowed only if every
 * policy allows it.
 */
export function parsePolicies(headerValues: readonly string[]): Policy[] {
  return headerValues
    .flatMap((value) => value.split(','))
    .map((value) => value.trim())
    .filter(Boolean)
    .map(parsePolicy);
}

/** Fallback chains from CSP3 §6.8.3 ("Get the effective directive for request"). */
const FALLBACKS: Record<string, readonly string[]> = {
  'script-src-elem': ['script-src-elem', 'script-src', 'default-src'],
  'script-src-attr': ['script-src-attr', 'script-src', 'default-src'],
  'style-src-elem': ['style-src-elem', 'style-src', 'default-src'],
  'style-src-attr': ['style-src-attr', 'style-src', 'default-src'],
  'worker-src': ['worker-src', 'child-src', 'script-src', 'default-src'],
  'frame-src': ['frame-src', 'child-src', 'default-src'],
  'child-src': ['child-src', 'default-src'],
  'script-src': ['script-src', 'default-src'],
  'style-src': ['style-src', 'default-src'],
  'connect-src': ['connect-src', 'default-src'],
  'img-src': ['img-src', 'default-src'],
  'media-src': ['media-src', 'default-src'],
  'font-src': ['font-src', 'default-src'],
  'object-src': ['object-src', 'default-src'],
  'manifest-src': ['manifest-src', 'default-src'],
};

/** Directives that never fall back to default-src. */
const NO_FALLBACK = new Set(['base-uri', 'form-action', 'frame-ancestors', 'sandbox', 'report-uri', 'report-to']);

/**
 * The source list that governs `directive` in one policy, after fallback;
 * `undefined` means nothing restricts it.
 */
export function effectiveSources(policy: Policy, directive: string): string[] | undefined {
  if (NO_FALLBACK.has(directive)) return policy.get(directive);
  for (const name of FALLBACKS[directive] ?? [directive, 'default-src']) {
    const sources = policy.get(name);
    if (sources) return sources;
  }
  return undefined;
}

/** True if the source list matches nothing at all. */
export function allowsNothing(sources: readonly string[] | undefined): boolean {
  if (!sources) return false;
  const meaningful = sources.map((s) => s.toLowerCase()).filter((s) => s !== "'report-sample'");
  return meaningful.length === 0 || (meaningful.length === 1 && meaningful[0] === "'none'");
}

const KEYWORDS = new Set(["'self'", "'none'", "'unsafe-inline'", "'unsafe-eval'", "'unsafe-hashes'", "'strict-dynamic'", "'wasm-unsafe-eval'", "'report-sample'", "'inline-speculation-rules'"]);
const HASH = /^'sha(256|384|512)-[A-Za-z0-9+/_-]+={0,2}'$/;

export type SourceKind = 'keyword' | 'hash' | 'nonce' | 'scheme' | 'host' | 'wildcard' | 'invalid';

export function classifySource(source: string): SourceKind {
  const lower = source.toLowerCase();
  if (KEYWORDS.has(lower)) return 'keyword';
  if (HASH.test(source)) return 'hash';
  if (lower.startsWith("'nonce-")) return 'nonce';
  if (lower === '*') return 'wildcard';
  if (/^[a-z][a-z0-9+.-]*:$/.test(lower)) return 'scheme';
  if (/^([a-z][a-z0-9+.-]*:\/\/)?(\*\.)?[a-z0-9.-]+(:(\d+|\*))?(\/.*)?$/.test(lower) || lower.startsWith('*.')) return 'host';
  return 'invalid';
}

/** All policies together allow nothing for `directive` (any one 'none' suffices). */
export function anyPolicyAllowsNothing(policies: readonly Policy[], directive: string): boolean {
  return policies.some((policy) => allowsNothing(effectiveSources(policy, directive)));
}
