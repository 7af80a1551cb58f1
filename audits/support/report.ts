/**
 * The two reports: a JSON attestation (target, time, browser version, every
 * request, every check with its evidence, verdict) and a Markdown report for
 * people.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AuditResult } from './run-audit.ts';

const MAX_EVIDENCE_LINES = 40;

/** Stated in every report (and on /verify/): what a run of the site, however thorough, does not show. */
export const LIMITS: readonly string[] = [
  'A dynamic audit sees only what the site does during this run. Code that leaks only under conditions no automated run meets (a date, a number of visits, a file name, a locale, a slow machine, a random draw, a user agent, a flag sent by some other page) would pass it. The audit drives every input format, every output format, three ways of adding files, several batches, "Keep metadata" and every download path, but it cannot try every condition.',
  'That gap is covered by the manifest check, not by this run: `imglio-audit verify` compares every file the deployment serves with the build manifest of a published, reviewable source commit (`/.well-known/imglio/manifest.json`). Code that is not in the reviewed source cannot be served without failing that check, whatever it is waiting for.',
  'The storage allow-list reads every area after every flow and watches every write a page makes; a worker that writes to IndexedDB, Cache Storage or the origin private file system and removes it again before the next read-back is seen only by the DevTools protocol\'s list events (IndexedDB, Cache Storage), not for the file system.',
  'A bare JPEG XL codestream has no container, so no metadata can be in it, but where it ends is known only to a decoder: bytes after it are not detected.',
];

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

export function renderMarkdown(result: AuditResult): string {
  const lines: string[] = [];
  const failed = result.checks.filter((c) => c.status === 'fail');
  const incomplete = result.checks.filter((c) => c.status === 'incomplete');
  lines.push(`# Imglio privacy audit: ${result.verdict === 'pass' ? 'PASS' : result.verdict === 'incomplete' ? 'INCOMPLETE' : 'FAIL'}`, '');
  lines.push(`- Target: ${result.target.url} (${result.target.description})`);
  lines.push(`- Time: ${result.startedAt} → ${result.finishedAt}`);
  lines.push(`- Build manifest: ${result.manifest.sha256 ? `sha256 \`${result.manifest.sha256}\` (${result.manifest.url}), commit ${result.manifest.commit}${result.manifest.dirty ? ' (dirty)' : ''}` : `none (${result.manifest.url}: ${result.manifest.problem ?? 'not served'})`}`);
  lines.push(`- Browser: ${result.browserVersion}, behind the audit's recording proxy`);
  lines.push(`- Scope: ${result.scope === 'full' ? 'full (every tool, a canary of every input format in three batches: file chooser, drop, paste; every output format; keep metadata; every download parsed)' : 'focused (every page watched; one tool driven with a JPEG and a PNG canary in its default format, both downloads parsed)'}`);
  lines.push(`- Canaries: ${result.canaries.map((c) => `${c.fileName} (${c.bytes} bytes)`).join(', ')}; metadata texts ${result.canaries.map((c) => c.metadataText).join(', ')}`);
  lines.push(`- Requests seen over the whole run (red team included): ${result.requests.browser.length} by the browser, ${result.requests.proxy.length} by the proxy, and ${result.requests.backgroundSetAside.length} of Chromium's own background requests set aside`);
  lines.push(`- HTTP Observatory: **${result.observatory.grade}** (${result.observatory.score})`);
  const witness = result.packetWitness;
  lines.push(`- Packet witness: ${witness['available'] ? `the browser ran in its own network namespace (${String(witness['namespace'])}), every packet captured` : `**missing** (${String(witness['reason'])}): UDP, DNS and connections bypassing the proxy were not observed, so the verdict cannot be "pass"`}`);
  lines.push(`- Verdict: **${result.verdict}**${failed.length ? ` — failed: ${failed.map((c) => c.id).join(', ')}` : ''}${incomplete.length ? ` — incomplete: ${incomplete.map((c) => c.id).join(', ')}` : ''}`, '');
  lines.push('## Checks', '', '| Check | Result | Summary |', '| --- | --- | --- |');
  for (const c of result.checks) lines.push(`| ${cell(c.title)} (\`${c.id}\`) | ${c.status === 'pass' ? 'pass' : c.status === 'incomplete' ? '**incomplete**' : '**FAIL**'} | ${cell(c.summary)} |`);
  lines.push('', '## Tools', '', '| Tool | Status | What was done |', '| --- | --- | --- |');
  for (const t of result.tools) lines.push(`| ${t.slug} | ${t.status === 'available' ? (t.problems.length ? '**failed**' : 'driven') : 'not available yet'} | ${cell([...t.steps, ...t.problems].join('; '))} |`);
  lines.push('', '## Flows exercised', '');
  lines.push(`Input formats given to every tool as canaries: ${result.canaries.map((c) => c.format).join(', ')}${result.canaries.some((c) => c.seeded) ? ` (${result.canaries.filter((c) => c.seeded).map((c) => c.format).join(' and ')} from fixed seed files, unique only by name: nothing the audit depends on can write them)` : ''}.`, '');
  lines.push('| Tool | Flows | Outputs parsed | ZIPs parsed |', '| --- | --- | --- | --- |');
  for (const t of result.tools) {
    if (t.status !== 'available') continue;
    lines.push(`| ${t.slug} | ${cell(t.flows.join('; ') || 'not driven')} | ${t.outputs.length} | ${t.zips.length} |`);
  }
  for (const t of result.offline) if (t.status === 'available') lines.push(`| ${t.slug} (offline) | ${cell(t.flows.join('; ') || 'not driven')} | ${t.outputs.length} | ${t.zips.length} |`);
  lines.push('', '## What this audit cannot prove', '');
  for (const line of LIMITS) lines.push(`- ${line}`);
  lines.push('', '## HTTP Observatory modifiers', '', '| Test | Result | Modifier |', '| --- | --- | --- |');
  for (const m of result.observatory.modifiers) lines.push(`| ${m.test} | ${m.result} | ${m.scored ? (m.modifier > 0 ? `+${m.modifier}` : m.modifier) : `(${m.modifier}) ${m.note}`} |`);
  lines.push('', '## Evidence', '');
  for (const c of result.checks) {
    if (c.evidence.length === 0) continue;
    lines.push(`### ${c.id} (${c.status})`, '');
    for (const item of c.evidence.slice(0, MAX_EVIDENCE_LINES)) lines.push(`- ${cell(typeof item === 'string' ? item : JSON.stringify(item))}`);
    if (c.evidence.length > MAX_EVIDENCE_LINES) lines.push(`- … ${c.evidence.length - MAX_EVIDENCE_LINES} more in the JSON attestation`);
    lines.push('');
  }
  lines.push('## How to read this', '');
  lines.push('- Two independent witnesses: the browser\'s own events (every page, frame, dedicated and nested worker; WebSocket frames) and a recording proxy Chromium must use for every address, loopback included. Chromium\'s own background requests are set aside by origin, only when no page sent them.');
  lines.push('- "After load" means after the load event and 500 ms without network activity; from then on, while files are added and processed and while offline, the only requests allowed are first-use fetches of the site\'s own code: GET, no body, same origin, no query string or fragment, a path under /_astro/ ending in .js, and the exact URL in the code inventory crawled before any file was added (pages, scripts, their static and dynamic imports and worker URLs). The tools load their codecs lazily by design; these fetches name a fixed program file and carry nothing from the images (and the canary search covers them too). Everything else after load fails.');
  lines.push('- "Download all" uses the File System Access save picker where a browser has one; it fires no download event and cannot be driven headless, so the audit removes `window.showSaveFilePicker` before any page script runs and exercises the `<a download>` path every browser has. Every ZIP is parsed byte for byte (one entry per result link, the result names, no comment, only documented extra fields, nothing outside its records), and every entry and the single download are parsed as images and held to the allow-list of their format.');
  lines.push('- The runtime trap runs in every page and frame. It does not reach workers, and need not: RTCPeerConnection, sendBeacon, <a ping> and link hints exist only in documents; what a worker can use goes through the network stack, where both witnesses see it, and every worker script is in the static scan.');
  lines.push('- The packet witness: where the audit runs as root with iproute2 and tcpdump, Chromium runs inside a network namespace of its own whose only interface (besides its own loopback) is a veth to the host, with no route but to the recording proxy on the host end; tcpdump captures every packet on every interface of that namespace, and anything but TCP between the browser and the proxy port (UDP, QUIC, STUN/TURN, DNS, ICMP, TCP to anything else) fails. Without it the verdict is "incomplete", never "pass".');
  lines.push('- CSP violations inside workers are not observable from outside; a blocked attempt in a worker shows up only if it gets through (then both witnesses see it). The worker red team observes them from inside the worker.');
  lines.push('');
  lines.push('## Requests seen by the proxy', '', '| # | Phase | Method | URL | Status |', '| --- | --- | --- | --- | --- |');
  for (const r of result.requests.proxy) lines.push(`| ${r['seq']} | ${cell(String(r['phase']))} | ${r['method']} | ${cell(String(r['url']))} | ${r['status'] ?? ''} |`);
  lines.push('');
  return lines.join('\n');
}

/** Writes `<name>.json` and `<name>.md` into `dir`; returns their paths. */
export function writeReports(result: AuditResult, dir: string, name: string): { json: string; markdown: string } {
  mkdirSync(dir, { recursive: true });
  const json = join(dir, `${name}.json`);
  const markdown = join(dir, `${name}.md`);
  const attestation = {
    kind: 'imglio-privacy-audit-attestation',
    version: 1,
    target: result.target,
    scope: result.scope,
    startedAt: result.startedAt,
    finishedAt: result.finishedAt,
    manifest: result.manifest,
    browser: result.browserVersion,
    verdict: result.verdict,
    checks: result.checks,
    tools: result.tools,
    offline: result.offline,
    observatory: result.observatory,
    canaries: result.canaries,
    requests: result.requests,
    runtimeTrap: result.trap,
    redTeam: result.redTeam,
    staticScan: { how: result.staticScan.how, pages: result.staticScan.pages, scripts: result.staticScan.scripts, hits: result.staticScan.hits, codeInventory: result.staticScan.inventory, codeInventoryNote: result.staticScan.inventoryNote },
    storage: result.storage,
    storageEvents: result.storageEvents,
    storageNotes: result.storageNotes,
    flows: Object.fromEntries([...result.tools, ...result.offline.map((t) => ({ ...t, slug: `${t.slug} (offline)` }))].map((t) => [t.slug, t.flows])),
    outputs: Object.fromEntries(result.tools.map((t) => [t.slug, { files: t.outputs, zips: t.zips }])),
    limits: LIMITS,
    packetWitness: result.packetWitness,
  };
  writeFileSync(json, `${JSON.stringify(attestation, null, 2)}\n`);
  writeFileSync(markdown, renderMarkdown(result));
  return { json, markdown };
}
