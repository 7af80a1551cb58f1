/**
 * The human summary of the build manifest shown on /verify/. The build writes
 * it into the page before the manifest is computed (the page is one of the
 * files the manifest lists, so it shows everything except the manifest's own
 * hash). Everything in it comes from the build, so it is as reproducible as
 * the rest of the site.
 *
 * Pure module.
 */
import { MANIFEST_PATH } from './build-manifest.ts';
import { toPageRelative } from './relative-urls.ts';

/** The page the summary is on; its link to the manifest is page-relative, like every URL of the build. */
export const SUMMARY_PAGE = '/verify/';

/** Where the summary goes: the verify page's Markdown carries this element. */
export const SUMMARY_PLACEHOLDER = '<div data-build-summary></div>';

export interface BuildSummary {
  readonly commit: string;
  readonly dirty: boolean;
  readonly version: string;
  readonly sourceDateEpoch: number;
  readonly csp: string;
  /** Files the manifest lists (every file of the site but the manifest, .gz copies counted with their originals). */
  readonly fileCount: number;
  readonly wasm: ReadonlyArray<{ readonly sha256: string; readonly size: number; readonly source: string }>;
}

export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

export function renderBuildSummary(summary: BuildSummary): string {
  const date = new Date(summary.sourceDateEpoch * 1000).toISOString().replace('.000Z', 'Z');
  const commit =
    summary.commit === 'unknown'
      ? 'unknown (built without git: nothing ties this build to a commit)'
      : `<code>${escapeHtml(summary.commit)}</code>${summary.dirty ? ' with uncommitted changes (not reproducible from the commit alone)' : ''}`;
  const byHash = [...summary.wasm].sort((a, b) => (a.sha256 < b.sha256 ? -1 : a.sha256 > b.sha256 ? 1 : 0));
  const modules = byHash
    .map((entry) => `<li><code>${escapeHtml(entry.source)}</code> (${entry.size} bytes)<br><code>${escapeHtml(entry.sha256)}</code></li>`)
    .join('\n');
  return [
    '<div class="build-summary">',
    '<dl>',
    `<dt>Source commit</dt><dd>${commit}</dd>`,
    `<dt>Version</dt><dd>${escapeHtml(summary.version)}</dd>`,
    `<dt>Source date</dt><dd><time datetime="${date}">${date}</time> (<code>SOURCE_DATE_EPOCH=${summary.sourceDateEpoch}</code>, the commit date)</dd>`,
    `<dt>Files</dt><dd>${summary.fileCount}, each with its size and SHA-256 (and of its gzip copy) in the manifest</dd>`,
    `<dt>Content-Security-Policy</dt><dd><code>${escapeHtml(summary.csp)}</code></dd>`,
    `<dt>Build manifest</dt><dd><a href="${toPageRelative(MANIFEST_PATH, SUMMARY_PAGE)}">${MANIFEST_PATH}</a></dd>`,
    '</dl>',
    `<p>WebAssembly modules (${byHash.length}), by the SHA-256 of the exact bytes handed to <code>WebAssembly.compile</code> or <code>WebAssembly.validate</code>:</p>`,
    `<ul class="wasm-list">\n${modules}\n</ul>`,
    '</div>',
  ].join('\n');
}

/** The placeholder as written in Markdown, or as the Markdown renderer serialises it. */
const PLACEHOLDER_PATTERN = /<div data-build-summary(?:="")?><\/div>/g;

/** The page with its placeholder replaced; refuses a page without exactly one. */
export function injectBuildSummary(html: string, summary: BuildSummary): string {
  const found = html.match(PLACEHOLDER_PATTERN) ?? [];
  if (found.length !== 1) throw new Error(`The verify page must contain ${SUMMARY_PLACEHOLDER} exactly once (found ${found.length})`);
  return html.replace(PLACEHOLDER_PATTERN, () => renderBuildSummary(summary));
}
