import { describe, expect, it } from 'vitest';
import { main, parseArgs, UsageError } from './cli.ts';

describe('imglio-audit command line', () => {
  it('parses run and verify with their options', () => {
    expect(parseArgs(['run', 'https://host.example', '--out', 'r', '--scope=focused'])).toEqual({ command: 'run', url: 'https://host.example/', options: { out: 'r', scope: 'focused' } });
    expect(parseArgs(['verify', 'http://127.0.0.1:8080/x?y#z', '--expect', 'abc123', '--repo', '/src'])).toEqual({ command: 'verify', url: 'http://127.0.0.1:8080/x/', options: { expect: 'abc123', repo: '/src' } });
    expect(parseArgs(['https://host.example/', '--out', 'r'])).toEqual({ command: 'run', url: 'https://host.example/', options: { out: 'r' } });
    expect(parseArgs(['run', 'https://127.0.0.1:8443/', '--ca-cert', 'tls.crt']).options).toEqual({ 'ca-cert': 'tls.crt' });
    expect(parseArgs(['verify', 'https://127.0.0.1:8443/', '--ca-cert=ca.pem']).options).toEqual({ 'ca-cert': 'ca.pem' });
    expect(parseArgs(['--help']).command).toBe('help');
    expect(parseArgs([]).command).toBe('help');
  });

  it('refuses what it does not understand, with a specific message', () => {
    expect(() => parseArgs(['scan', 'https://h/'])).toThrow(new UsageError('unknown command "scan"; expected run or verify'));
    expect(() => parseArgs(['run'])).toThrow('run: give exactly one <url> (got 0)');
    expect(() => parseArgs(['run', 'https://h/', '--expect', 'x'])).toThrow('run: unknown option --expect');
    expect(() => parseArgs(['verify', 'https://h/', '--out'])).toThrow('verify: --out needs a value');
    expect(() => parseArgs(['run', 'ftp://h/'])).toThrow('the URL must be http:// or https://, got ftp:');
    expect(() => parseArgs(['run', 'https://h/', '--scope', 'half'])).toThrow('run: --scope is full or focused');
  });

  it('prints the usage with exit code 0 for --help and 2 for a usage error', async () => {
    const out: string[] = [];
    expect(await main(['--help'], (t) => out.push(t), (t) => out.push(t))).toBe(0);
    expect(out[0]).toMatch(/imglio-audit run <url> \[--out <dir>\]/);
    expect(out[0]).toMatch(/imglio-audit verify <url> \[--expect <manifest\.json\|commit>\]/);
    expect(await main(['verify'], (t) => out.push(t), (t) => out.push(t))).toBe(2);
    expect(out[1]).toMatch(/^imglio-audit: verify: give exactly one <url>/);
  });
});
