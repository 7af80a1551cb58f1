import { describe, expect, it } from 'vitest';
import { allowsNothing, anyPolicyAllowsNothing, classifySource, effectiveSources, parsePolicies, parsePolicy } from './csp.ts';

describe('CSP parsing', () => {
  it('keeps the first occurrence of a directive and lower-cases names', () => {
    const policy = parsePolicy("Default-Src 'none'; connect-src 'none'; connect-src *");
    expect(policy.get('default-src')).toEqual(["'none'"]);
    expect(policy.get('connect-src')).toEqual(["'none'"]);
  });

  it('falls back to default-src, except for directives that never do', () => {
    const policy = parsePolicy("default-src 'none'; script-src 'self'");
    expect(effectiveSources(policy, 'connect-src')).toEqual(["'none'"]);
    expect(effectiveSources(policy, 'worker-src')).toEqual(["'self'"]);
    expect(effectiveSources(policy, 'form-action')).toBeUndefined();
    expect(effectiveSources(policy, 'frame-ancestors')).toBeUndefined();
  });

  it("sees that connect-src * re-opens what default-src 'none' closed", () => {
    const policy = parsePolicy("default-src 'none'; connect-src *");
    expect(allowsNothing(effectiveSources(policy, 'connect-src'))).toBe(false);
  });

  it('treats several policies as all enforced: one that closes a directive is enough', () => {
    const policies = parsePolicies(["default-src *", "connect-src 'none'"]);
    expect(anyPolicyAllowsNothing(policies, 'connect-src')).toBe(true);
    expect(anyPolicyAllowsNothing(parsePolicies(['default-src *']), 'connect-src')).toBe(false);
    expect(anyPolicyAllowsNothing(parsePolicies([]), 'connect-src')).toBe(false);
  });

  it('classifies sources', () => {
    expect(classifySource("'self'")).toBe('keyword');
    expect(classifySource("'sha256-DsNuCZFK9mPltYl1wZHP+JKCxYZe4r1dKvL674WsMwA='")).toBe('hash');
    expect(classifySource("'nonce-abc'")).toBe('nonce');
    expect(classifySource('*')).toBe('wildcard');
    expect(classifySource('https:')).toBe('scheme');
    expect(classifySource('blob:')).toBe('scheme');
    expect(classifySource('https://cdn.example.com')).toBe('host');
    expect(classifySource('*.example.com')).toBe('host');
    expect(classifySource('example.com:443')).toBe('host');
  });
});
