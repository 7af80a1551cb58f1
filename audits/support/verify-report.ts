/**
 * The verification's two reports, in the audit's formats (report.ts): a JSON
 * attestation (target, time, the manifest's SHA-256, every check with its
 * evidence, every request, the verdict) and a Markdown report for people.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { VerifyResult } from './verify.ts';

const MAX_EVIDENCE_LINES = 60;

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

export function renderVerifyMarkdown(result: VerifyResult): string {
  const failed = result.checks.filter((c) => c.status === 'fail');
  const lines: string[] = [];
  lines.push(`# Imglio deployment verification: ${result.verdict === 'pass' ? 'PASS' : 'FAIL'}`, '');
  lines.push(`- Target: ${result.target.url} (${result.target.description})`);
  lines.push(`- Time: ${result.startedAt} → ${result.finishedAt}`);
  lines.push(`- Served manifest: ${result.manifest.url} — ${result.manifest.sha256 ? `sha256 \`${result.manifest.sha256}\`, commit ${result.manifest.commit}${result.manifest.dirty ? ' (dirty)' : ''}, version ${result.manifest.version}` : 'none'}`);
  lines.push(`- Compared with: ${result.reference.source}${result.reference.sha256 ? ` (sha256 \`${result.reference.sha256}\`)` : ''}`);
  lines.push(`- Requests: ${result.requests.length} (every file plain and with Accept-Encoding: gzip, every route, every linked URL, a 404 and a 405 probe)`);
  lines.push(`- Verdict: **${result.verdict}**${failed.length ? ` — failed: ${failed.map((c) => c.id).join(', ')}` : ''}`, '');
  lines.push('## Checks', '', '| Check | Result | Summary |', '| --- | --- | --- |');
  for (const c of result.checks) lines.push(`| ${cell(c.title)} (\`${c.id}\`) | ${c.status === 'pass' ? 'pass' : '**FAIL**'} | ${cell(c.summary)} |`);
  lines.push('', '## Evidence', '');
  for (const c of result.checks) {
    if (c.evidence.length === 0) continue;
    lines.push(`### ${c.id} (${c.status})`, '');
    for (const item of c.evidence.slice(0, MAX_EVIDENCE_LINES)) lines.push(`- ${cell(item)}`);
    if (c.evidence.length > MAX_EVIDENCE_LINES) lines.push(`- … ${c.evidence.length - MAX_EVIDENCE_LINES} more in the JSON attestation`);
    lines.push('');
  }
  lines.push('## How to read this', '');
  lines.push('- Every file the manifest lists is downloaded twice: without Accept-Encoding (the body must have the listed SHA-256) and with `Accept-Encoding: gzip` (a pre-compressed body must be the listed `.gz`; a body the server compressed on the fly is decompressed and must be the file).');
  lines.push('- The site is crawled from the home page and every page of the manifest, following links, scripts, imports, dynamic imports and worker URLs; every URL found in a page, script or style that the server answers with 200 must be a file or route of the manifest.');
  lines.push('- Headers are compared by response class (html: pages and other files outside /_astro/; astro: /_astro/*; worker: worker scripts; notFound: 404; methodNotAllowed: 405): each header the manifest lists must be sent once with exactly its value, and any other header except transport headers (Content-Type, Content-Length, Content-Encoding, Date, ETag, Last-Modified, Vary, Server, Accept-Ranges, Connection, Keep-Alive, Transfer-Encoding) fails.');
  lines.push('- Without `--expect`, the deployment is compared with its own manifest, which it could have edited; `--expect <manifest.json|commit>` compares it with a clean build instead.');
  lines.push('');
  return lines.join('\n');
}

export function verifyAttestation(result: VerifyResult): Record<string, unknown> {
  return {
    kind: 'imglio-deployment-verification-attestation',
    version: 1,
    target: result.target,
    startedAt: result.startedAt,
    finishedAt: result.finishedAt,
    verdict: result.verdict,
    manifest: result.manifest,
    reference: result.reference,
    checks: result.checks,
    requests: result.requests,
  };
}

/** Writes `<name>.json` and `<name>.md` into `dir`; returns their paths. */
export function writeVerifyReports(result: VerifyResult, dir: string, name: string): { json: string; markdown: string } {
  mkdirSync(dir, { recursive: true });
  const json = join(dir, `${name}.json`);
  const markdown = join(dir, `${name}.md`);
  writeFileSync(json, `${JSON.stringify(verifyAttestation(result), null, 2)}\n`);
  writeFileSync(markdown, renderVerifyMarkdown(result));
  return { json, markdown };
}
