/**
 * --expect <commit>: a real clone, npm ci and npm run build of a commit of a
 * throwaway git repository whose build writes a manifest (the site's own
 * build is covered by audits/verify.spec.ts). A later commit must not leak
 * into the build of an earlier one.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { expectedFromCommit, gitTopLevel, resolveExpected } from './expected-build.ts';

const manifest = (commit: string) => ({
  schema: 'imglio-build-manifest/1', name: 'imglio', version: '0.1.0', source: { commit, dirty: false, sourceDateEpoch: 1 },
  files: [], routes: {}, headers: { html: {}, astro: {}, worker: {}, notFound: {}, methodNotAllowed: {} }, csp: '', wasm: [],
  inventory: { pages: [], scripts: [], workers: [], prefetch: [] },
});

describe('--expect <commit>', () => {
  const dir = mkdtempSync(join(tmpdir(), 'imglio-expect-test-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('builds the commit in a clean clone and returns its manifest', () => {
    const repo = join(dir, 'repo');
    mkdirSync(repo);
    const git = (...args: string[]) => execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.org', ...args], { cwd: repo, encoding: 'utf8' }).trim();
    git('init', '-q');
    const build = `const fs=require('fs');const c=require('child_process').execSync('git rev-parse HEAD').toString().trim();fs.mkdirSync('dist/.well-known/imglio',{recursive:true});fs.writeFileSync('dist/.well-known/imglio/manifest.json',JSON.stringify(${JSON.stringify(manifest('COMMIT'))}).replace('COMMIT',c)+'\\n')`;
    writeFileSync(join(repo, 'build.cjs'), build);
    writeFileSync(join(repo, 'package.json'), JSON.stringify({ name: 'fixture', version: '0.1.0', private: true, scripts: { build: 'node build.cjs' } }));
    writeFileSync(join(repo, 'package-lock.json'), JSON.stringify({ name: 'fixture', version: '0.1.0', lockfileVersion: 3, requires: true, packages: { '': { name: 'fixture', version: '0.1.0' } } }));
    git('add', '.');
    git('commit', '-qm', 'first');
    const first = git('rev-parse', 'HEAD');
    writeFileSync(join(repo, 'later.txt'), 'x');
    git('add', '.');
    git('commit', '-qm', 'second');
    const lines: string[] = [];
    const built = expectedFromCommit(first.slice(0, 12), repo, { log: (l) => lines.push(l) });
    expect(built.manifest.source.commit).toBe(first);
    expect(built.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(built.source).toBe(`a clean build of commit ${first} (git clone of ${repo}, npm ci, npm run build)`);
    const commands = lines.map((l) => l.split('   ')[0]);
    expect(commands[0]).toMatch(new RegExp(`^\\$ git clone --quiet --no-checkout ${repo} /\\S+/imglio-expect-\\w+/src$`));
    expect(commands.slice(1)).toEqual([`$ git -c advice.detachedHead=false checkout --quiet ${first.slice(0, 12)}`, '$ npm ci --no-audit --no-fund', '$ npm run build']);
    expect(gitTopLevel(repo)).toBe(repo);
    expect(() => resolveExpected('no-such-commit', repo)).toThrow(/git -c advice\.detachedHead=false checkout --quiet no-such-commit failed/);
  }, 120_000); // git clone and npm ci twice, on a shared machine

  it('says what is wrong when the value is neither a file nor in a repository', () => {
    expect(() => resolveExpected('abc123', undefined, tmpdir())).toThrow(/no such manifest file, and .* is not in a git repository to build a commit from \(give --repo <path or URL>\)/);
  });
});
