/**
 * The header properties every Imglio response must have, stated as
 * properties (what the browser will enforce), not as a copy of the site's
 * own header strings. Pure: no Node, no DOM.
 */
import { anyPolicyAllowsNothing, classifySource, effectiveSources, parsePolicies, type Policy } from './csp.ts';

/** Header name (lower case) → every value received for it. */
export type HeaderValues = Record<string, string[]>;

/** Builds HeaderValues from Node's rawHeaders ([name, value, name, value, …]). */
export function fromRawHeaders(raw: readonly string[]): HeaderValues {
  const headers: HeaderValues = {};
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = (raw[i] ?? '').toLowerCase();
    (headers[name] ??= []).push(raw[i + 1] ?? '');
  }
  return headers;
}

/**
 * Features whose denial the policy requires (each must be `feature=()`).
 * Only features Chromium recognises: it warns in the console about unknown
 * ones (e.g. `bluetooth`), so the site does not send those.
 */
export const REQUIRED_DENIED_FEATURES = ['camera', 'microphone', 'geolocation', 'display-capture', 'payment', 'usb', 'serial', 'hid', 'browsing-topics'] as const;

const single = (headers: HeaderValues, name: string): string | undefined => {
  const values = headers[name];
  return values && values.length > 0 ? values.join(', ') : undefined;
};

/** Sources that may appear at all: nothing that names another origin or a broad scheme. */
function foreignSources(policy: Policy): string[] {
  const problems: string[] = [];
  for (const [directive, sources] of policy) {
    for (const source of sources) {
      const kind = classifySource(source);
      const lower = source.toLowerCase();
      if (kind === 'wildcard' || kind === 'host') problems.push(`${directive} allows ${source}`);
      if (kind === 'scheme' && !['blob:', 'data:'].includes(lower)) problems.push(`${directive} allows the scheme ${source}`);
      if (kind === 'scheme' && ['script-src', 'script-src-elem', 'worker-src', 'default-src', 'object-src'].includes(directive)) {
        problems.push(`${directive} allows ${source} (code from a URL the page made itself)`);
      }
      if (kind === 'nonce') problems.push(`${directive} uses a nonce (${source}); a static site has no per-response nonce to keep secret`);
      if (kind === 'invalid') problems.push(`${directive} has an unparseable source ${source}`);
    }
  }
  return problems;
}

/** The HTTP Observatory's floor for HSTS: six months. */
export const HSTS_MIN_MAX_AGE = 15_768_000;

/**
 * Every problem with one response's headers. An empty list means the
 * response meets the policy. Over HTTPS (`https`), every response must also
 * carry one Strict-Transport-Security header of at least six months, so no
 * page, script or error can be the one a downgrade attack starts from; over
 * plain HTTP browsers ignore HSTS, so it is not judged.
 */
export function envelopeProblems(headers: HeaderValues, options: { https?: boolean } = {}): string[] {
  const problems: string[] = [];
  if (options.https) {
    const hsts = headers['strict-transport-security'] ?? [];
    const maxAge = Number(/^\s*max-age=(\d+)\s*(;|$)/i.exec(hsts[0] ?? '')?.[1] ?? NaN);
    if (hsts.length === 0) problems.push('no Strict-Transport-Security header over HTTPS');
    else if (hsts.length > 1) problems.push(`Strict-Transport-Security sent ${hsts.length} times`);
    else if (!(maxAge >= HSTS_MIN_MAX_AGE)) problems.push(`Strict-Transport-Security "${hsts[0]}" must have max-age of at least ${HSTS_MIN_MAX_AGE} (six months)`);
  }
  const cspValues = headers['content-security-policy'] ?? [];
  if (cspValues.length === 0) {
    problems.push('no Content-Security-Policy header');
  } else {
    const policies = parsePolicies(cspValues);
    const mustAllowNothing = ['default-src', 'connect-src', 'object-src', 'frame-src', 'base-uri', 'form-action', 'frame-ancestors'];
    for (const directive of mustAllowNothing) {
      if (!policies.some((policy) => policy.has(directive) || !['base-uri', 'form-action', 'frame-ancestors', 'default-src'].includes(directive))) {
        problems.push(`CSP has no ${directive} directive`);
        continue;
      }
      if (!anyPolicyAllowsNothing(policies, directive)) {
        const shown = policies.map((p) => effectiveSources(p, directive)?.join(' ') ?? '(unrestricted)').join(' | ');
        problems.push(`CSP ${directive} must be 'none', is ${shown}`);
      }
    }
    // A weaker additional policy does not loosen a strict one, so look at the strictest for these.
    const strict = policies.filter((p) => allowsNothingFor(p, 'connect-src'));
    const judged = strict.length > 0 ? strict : policies;
    for (const policy of judged) {
      for (const [directive, sources] of policy) {
        for (const source of sources) {
          const lower = source.toLowerCase();
          if (lower === "'unsafe-inline'" || lower === "'unsafe-eval'" || lower === "'unsafe-hashes'") problems.push(`CSP ${directive} allows ${source}`);
        }
      }
      problems.push(...foreignSources(policy).map((p) => `CSP ${p}`));
      const workers = effectiveSources(policy, 'worker-src');
      if (!workers) problems.push('CSP leaves worker-src unrestricted');
      else if (workers.some((s) => !["'self'", "'none'"].includes(s.toLowerCase()))) problems.push(`CSP worker-src must be 'self' or 'none', is ${workers.join(' ')}`);
    }
  }

  const expectExact = (name: string, wanted: string[]): void => {
    const value = single(headers, name);
    if (value === undefined) problems.push(`no ${name} header`);
    else if (!wanted.includes(value.trim().toLowerCase())) problems.push(`${name} is "${value}", must be ${wanted.join(' or ')}`);
  };
  expectExact('cross-origin-opener-policy', ['same-origin']);
  expectExact('cross-origin-embedder-policy', ['require-corp']);
  expectExact('cross-origin-resource-policy', ['same-origin']);
  expectExact('x-content-type-options', ['nosniff']);
  expectExact('referrer-policy', ['no-referrer']);

  const permissions = single(headers, 'permissions-policy');
  if (permissions === undefined) {
    problems.push('no Permissions-Policy header');
  } else {
    const denied = new Set(
      permissions
        .split(',')
        .map((entry) => entry.trim().toLowerCase().replace(/\s+/g, ''))
        .filter((entry) => entry.endsWith('=()'))
        .map((entry) => entry.slice(0, -3)),
    );
    for (const feature of REQUIRED_DENIED_FEATURES) {
      if (!denied.has(feature)) problems.push(`Permissions-Policy does not deny ${feature}`);
    }
  }
  if (headers['set-cookie']?.length) problems.push(`Set-Cookie sent: ${headers['set-cookie'].join(' | ')}`);
  const acao = single(headers, 'access-control-allow-origin');
  if (acao !== undefined) problems.push(`Access-Control-Allow-Origin "${acao}" shares responses with other origins`);
  return problems;
}

function allowsNothingFor(policy: Policy, directive: string): boolean {
  return anyPolicyAllowsNothing([policy], directive);
}
