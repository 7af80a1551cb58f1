import { describe, expect, it } from 'vitest';
import { injectBuildSummary, renderBuildSummary, SUMMARY_PLACEHOLDER, type BuildSummary } from './build-summary.ts';

const summary: BuildSummary = {
  commit: 'a'.repeat(40),
  dirty: false,
  version: '0.1.0',
  sourceDateEpoch: 1764600000,
  csp: "default-src 'none'; img-src 'self' blob: <x>",
  fileCount: 95,
  wasm: [
    { sha256: 'f'.repeat(64), size: 10, source: 'pkg/b.wasm' },
    { sha256: '0'.repeat(64), size: 20, source: 'pkg/a.wasm' },
  ],
};

describe('renderBuildSummary', () => {
  const html = renderBuildSummary(summary);
  it('shows commit, version, date, files, the escaped CSP, the manifest link and every module', () => {
    expect(html).toContain(`<code>${'a'.repeat(40)}</code>`);
    expect(html).toContain('<time datetime="2025-12-01T14:40:00Z">');
    expect(html).toContain('<dd>95, ');
    expect(html).toContain("<code>default-src 'none'; img-src 'self' blob: &lt;x&gt;</code>");
    expect(html).toContain('href="../.well-known/imglio/manifest.json"');
    expect(html.indexOf('pkg/a.wasm')).toBeLessThan(html.indexOf('pkg/b.wasm'));
    expect(html).not.toMatch(/style=|<script/);
  });
  it('says so when the build is dirty or has no commit', () => {
    expect(renderBuildSummary({ ...summary, dirty: true })).toContain('uncommitted changes');
    expect(renderBuildSummary({ ...summary, commit: 'unknown', dirty: true })).toContain('built without git');
  });
  it('is the same for the same build', () => {
    expect(renderBuildSummary({ ...summary, wasm: [...summary.wasm].reverse() })).toBe(html);
  });
});

describe('injectBuildSummary', () => {
  it('replaces the one placeholder and refuses pages without exactly one', () => {
    expect(injectBuildSummary(`<p>a</p>${SUMMARY_PLACEHOLDER}<p>b</p>`, summary)).toMatch(/^<p>a<\/p><div class="build-summary">[\s\S]*<\/div><p>b<\/p>$/);
    expect(injectBuildSummary('<div data-build-summary=""></div>', summary)).toMatch(/^<div class="build-summary">/);
    expect(() => injectBuildSummary('<p>none</p>', summary)).toThrow(/exactly once/);
    expect(() => injectBuildSummary(`${SUMMARY_PLACEHOLDER}${SUMMARY_PLACEHOLDER}`, summary)).toThrow(/exactly once/);
  });
});
