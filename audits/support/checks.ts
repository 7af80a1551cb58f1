/**
 * Turns what was recorded into checks: each has an id, a pass/fail status,
 * a one-line summary and the evidence behind it.
 */
import { isBrowserBackgroundHost } from '../lib/background-traffic.ts';
import { findCanaries, imageSignatures, type Needle } from '../lib/canary-forms.ts';
import { envelopeProblems, fromRawHeaders } from '../lib/header-policy.ts';
import type { ObservatoryScore } from '../lib/observatory.ts';
import type { BrowserRecorder } from './browser-recorder.ts';
import type { ToolRun } from './drive-tools.ts';
import type { ProxyEntry } from './proxy.ts';
import type { RedTeamResult } from './red-team.ts';
import type { ShippedCode } from './scanner.ts';
import type { ProbeResponse } from './server-probes.ts';
import type { StoredItem } from './storage.ts';
import type { TrapRecord } from './trap.ts';

export type CheckId =
  | 'third-party-requests'
  | 'quiet-after-load'
  | 'get-only-empty-body'
  | 'canary-in-traffic'
  | 'data-in-urls'
  | 'websockets'
  | 'recorders-agree'
  | 'runtime-trap'
  | 'csp-violations'
  | 'static-scan'
  | 'tools'
  | 'offline'
  | 'storage'
  | 'cookies'
  | 'headers'
  | 'observatory'
  | 'server-refusals'
  | 'red-team-page'
  | 'red-team-worker'
  | 'page-errors';

export interface Check {
  readonly id: CheckId;
  readonly title: string;
  readonly status: 'pass' | 'fail';
  readonly summary: string;
  readonly evidence: unknown[];
}

export interface Evidence {
  readonly origin: string;
  readonly needles: readonly Needle[];
  readonly recorder: BrowserRecorder;
  readonly proxy: readonly ProxyEntry[];
  readonly trap: readonly TrapRecord[];
  readonly code: ShippedCode;
  readonly tools: readonly ToolRun[];
  readonly offline: readonly ToolRun[];
  readonly storage: readonly StoredItem[];
  readonly cookies: ReadonlyArray<{ name: string; value: string; domain: string }>;
  readonly probes: readonly ProbeResponse[];
  readonly refusals: ReadonlyArray<ProbeResponse & { refused: boolean; expected: string }>;
  readonly observatory: ObservatoryScore;
  readonly redTeam: readonly RedTeamResult[];
  readonly redTeamMarker: string;
  /** Icon URLs the pages declared at load (plus /favicon.ico), which Chromium may fetch by itself later. */
  readonly declaredIcons: readonly string[];
}

const isNetworkUrl = (url: string): boolean => /^(https?|wss?):/i.test(url);
/** Parses a recorded URL; a request that was not an absolute URL (sent straight to the proxy) parses as nothing. */
const parsed = (url: string): URL | null => {
  try {
    return new URL(url);
  } catch {
    return null;
  }
};
const isRedTeam = (phase: string): boolean => phase.startsWith('red-team');
const isAfterLoad = (phase: string): boolean => phase.startsWith('after-load') || phase.startsWith('offline');

/** One request as either witness saw it, in a common shape. */
interface Sighting {
  readonly witness: 'browser' | 'proxy';
  readonly phase: string;
  readonly method: string;
  readonly url: string;
  readonly headers: Record<string, string>;
  readonly body: Buffer;
  readonly note: string;
}

function sightings(evidence: Evidence): { site: Sighting[]; background: ProxyEntry[] } {
  const browserKeys = new Set(evidence.recorder.requests.map((r) => `${r.method} ${r.url}`));
  const site: Sighting[] = [];
  for (const r of evidence.recorder.requests) {
    if (!isNetworkUrl(r.url)) continue;
    site.push({ witness: 'browser', phase: r.phase, method: r.method, url: r.url, headers: r.headers, body: r.body ?? Buffer.alloc(0), note: `${r.initiator}, ${r.resourceType}${r.failure ? `, failed: ${r.failure}` : ''}` });
  }
  const background: ProxyEntry[] = [];
  for (const e of evidence.proxy) {
    if (isBrowserBackgroundHost(e.url) && !browserKeys.has(`${e.method} ${e.url}`)) {
      background.push(e);
      continue;
    }
    site.push({ witness: 'proxy', phase: e.phase, method: e.method, url: e.url, headers: e.requestHeaders, body: e.body, note: `${e.kind}${e.status ? ` → ${e.status}` : ''}` });
  }
  return { site, background };
}

const brief = (s: Sighting) => `[${s.witness}, ${s.phase}] ${s.method} ${s.url.length > 200 ? `${s.url.slice(0, 200)}…` : s.url} (${s.note}${s.body.length ? `, body ${s.body.length} bytes` : ''})`;

function check(id: CheckId, title: string, problems: unknown[], passSummary: string, failSummary: (n: number) => string, extra: unknown[] = []): Check {
  return problems.length === 0
    ? { id, title, status: 'pass', summary: passSummary, evidence: extra }
    : { id, title, status: 'fail', summary: failSummary(problems.length), evidence: [...problems, ...extra] };
}

export function evaluateChecks(evidence: Evidence): { checks: Check[]; backgroundTraffic: ProxyEntry[] } {
  const { site, background } = sightings(evidence);
  const audited = site.filter((s) => !isRedTeam(s.phase));
  const checks: Check[] = [];
  const targetHost = new URL(evidence.origin).host;

  const foreign = audited.filter((s) => {
    if (s.method === 'CONNECT') return s.url !== `${new URL(evidence.origin).hostname}:${new URL(evidence.origin).port || 443}`;
    return parsed(s.url)?.host !== targetHost;
  });
  checks.push(check('third-party-requests', 'No request to any other origin, ever', foreign.map(brief),
    `all ${audited.length} sightings (${audited.filter((s) => s.witness === 'browser').length} by the browser, ${audited.filter((s) => s.witness === 'proxy').length} by the proxy) went to ${evidence.origin}`,
    (n) => `${n} request(s) to another origin`));

  const icons = new Set(evidence.declaredIcons);
  const isIconFetch = (s: Sighting) => s.method === 'GET' && s.body.length === 0 && icons.has(s.url);
  // The tools load their engine and codecs on first use (a documented trade-off: small pages, codecs only when
  // needed). Such a fetch is allowed after load only if it is a plain GET of a script under /_astro/ whose exact
  // URL is in the code inventory crawled before any file was added: nothing about the files can ride on it.
  const inventory = new Set(evidence.code.inventory);
  const isCodeChunkFetch = (s: Sighting) => {
    const url = parsed(s.url);
    return s.method === 'GET' && s.body.length === 0 && url !== null && url.origin === evidence.origin
      && !s.url.includes('?') && !s.url.includes('#') && url.pathname.startsWith('/_astro/') && url.pathname.endsWith('.js')
      && inventory.has(s.url);
  };
  const afterLoad = audited.filter((s) => isAfterLoad(s.phase));
  const chunkPhases = new Set(afterLoad.filter(isCodeChunkFetch).map((s) => s.phase));
  // Over HTTPS the proxy sees a chunk fetch only as a tunnel to the target itself, opened in the same phase.
  const isTunnelForChunks = (s: Sighting) => s.method === 'CONNECT' && s.url === `${new URL(evidence.origin).hostname}:${new URL(evidence.origin).port || 443}` && chunkPhases.has(s.phase);
  const allowed = (s: Sighting) => isIconFetch(s) || isCodeChunkFetch(s) || isTunnelForChunks(s);
  const late = afterLoad.filter((s) => !allowed(s));
  const chunkFetches = afterLoad.filter(isCodeChunkFetch);
  checks.push(check('quiet-after-load',
    'After load, no request but first-use GETs of the site\'s own code chunks (same origin, /_astro/*.js, no query, no body, in the code inventory built before any file was added)',
    late.map(brief),
    `while files were added and processed, and while offline, the only requests were ${chunkFetches.length} fetch(es) of ${new Set(chunkFetches.map((s) => s.url)).size} static code chunk(s) from the inventory of ${inventory.size} script(s)${afterLoad.some(isIconFetch) ? ' and the declared icon' : ''}`,
    (n) => `${n} request(s) after load that are not inventoried code chunks`,
    [
      evidence.code.inventoryNote,
      ...afterLoad.filter(isCodeChunkFetch).map((s) => `allowed: static code chunk fetched on first use (in the inventory, no query, no body), ${brief(s)}`),
      ...afterLoad.filter(isTunnelForChunks).map((s) => `allowed: tunnel to the target itself for those chunk fetches, ${brief(s)}`),
      ...afterLoad.filter(isIconFetch).map((s) => `allowed: Chromium's own fetch of the icon the page declared at load, ${brief(s)}`),
    ]));

  const writes = audited.filter((s) => !['GET', 'HEAD'].includes(s.method) || s.body.length > 0);
  checks.push(check('get-only-empty-body', 'Every request is GET or HEAD with an empty body', writes.map(brief),
    'every request was GET or HEAD without a body', (n) => `${n} request(s) with another method or a body`));

  const canaryHits: string[] = [];
  for (const s of site) {
    const hits = [
      ...findCanaries(s.url, evidence.needles).map((h) => ({ ...h, where: 'URL' })),
      ...findCanaries(Object.entries(s.headers).map(([k, v]) => `${k}: ${v}`).join('\n'), evidence.needles).map((h) => ({ ...h, where: 'headers' })),
      ...findCanaries(s.body, evidence.needles).map((h) => ({ ...h, where: 'body' })),
    ];
    for (const hit of hits) canaryHits.push(`${hit.form} of ${hit.fileName} in the ${hit.where}${hit.decoded ? ' (percent-encoded)' : ''} of ${brief(s)}`);
  }
  for (const socket of evidence.recorder.sockets) {
    for (const frame of socket.frames) {
      for (const hit of findCanaries(frame.payload, evidence.needles)) canaryHits.push(`${hit.form} of ${hit.fileName} in a WebSocket frame ${frame.direction} on ${socket.url}`);
    }
  }
  checks.push(check('canary-in-traffic', 'No form of the canary in any URL, header, body or WebSocket frame', canaryHits,
    `searched ${site.length} sightings and ${evidence.recorder.sockets.length} WebSocket(s) for ${evidence.needles.length} canary needles (raw bytes, base64, base64url, hex, SHA-256, file names, EXIF/XMP text, decoded pixel runs)`,
    (n) => `the canary appeared ${n} time(s)`));

  const dataUrls = audited.filter((s) => {
    if (s.method === 'CONNECT') return false;
    return (parsed(s.url)?.search.length ?? 0) > 32 || s.url.length > 1024;
  });
  checks.push(check('data-in-urls', 'No data carried in URLs (long query strings)', dataUrls.map(brief),
    'no request carried a query string longer than 32 characters', (n) => `${n} request(s) carried data in the URL`));

  const sockets = [
    ...evidence.recorder.sockets.filter((s) => !isRedTeam(s.phase)).map((s) => `WebSocket ${s.url} (${s.frames.length} frame(s))`),
    ...audited.filter((s) => /websocket/i.test(s.headers['upgrade'] ?? '')).map((s) => `upgrade request ${brief(s)}`),
  ];
  checks.push(check('websockets', 'No WebSocket', sockets, 'no WebSocket was opened', (n) => `${n} WebSocket sighting(s)`));

  const browserKeys = new Set(evidence.recorder.requests.map((r) => `${r.method} ${r.url}`));
  // Chromium fetches /favicon.ico by itself for pages that name no icon, and does not report it to Playwright.
  const isFaviconProbe = (s: Sighting) => s.method === 'GET' && s.body.length === 0 && parsed(s.url)?.pathname === '/favicon.ico' && !parsed(s.url)?.search;
  const unreported = audited.filter((s) => s.witness === 'proxy' && s.method !== 'CONNECT' && !browserKeys.has(`${s.method} ${s.url}`));
  const proxyOnly = unreported.filter((s) => !isFaviconProbe(s));
  const proxyKeys = new Set(evidence.proxy.map((e) => `${e.method} ${e.url}`));
  const browserOnly = audited.filter((s) => s.witness === 'browser' && !proxyKeys.has(`${s.method} ${s.url}`)).length;
  checks.push(check('recorders-agree', 'Both witnesses agree: nothing reached the proxy that the browser did not report', proxyOnly.map(brief),
    `every one of the proxy's ${audited.filter((s) => s.witness === 'proxy').length} site requests was also reported by the browser (${browserOnly} browser-reported request(s) never reached the network: memory cache or blocked)`,
    (n) => `${n} request(s) reached the proxy unreported by the browser`,
    [
      `set aside as Chromium's own background traffic (by origin, none sent by a page): ${background.map((e) => `${e.method} ${e.url}`).join(', ') || 'none'}`,
      ...unreported.filter(isFaviconProbe).map((s) => `Chromium's own favicon request, unreported by the browser events and still subject to every other check: ${brief(s)}`),
    ]));

  const trapped = evidence.trap.filter((t) => t.api !== 'Worker' && t.api !== 'csp-violation');
  checks.push(check('runtime-trap', 'Runtime trap: no RTCPeerConnection, sendBeacon, <a ping>, prefetch hint, WebSocket or EventSource', trapped.map((t) => `${t.api} on ${t.page} [${t.phase}]: ${t.detail}`),
    `no trapped API was called (workers started: ${evidence.trap.filter((t) => t.api === 'Worker').map((t) => t.detail).join(', ') || 'none'})`,
    (n) => `${n} call(s) to trapped APIs`));

  const violations = evidence.trap.filter((t) => t.api === 'csp-violation');
  checks.push(check('csp-violations', 'The site never attempts anything its own policy blocks', violations.map((t) => `${t.page} [${t.phase}]: ${t.detail}`),
    'no CSP violation on any audited page', (n) => `${n} CSP violation(s): the code tried something the policy stopped`));

  checks.push(check('static-scan', 'Static scan: no RTCPeerConnection, sendBeacon, <a ping>, rel=prefetch|preconnect|dns-prefetch in the shipped code', evidence.code.hits.map((h) => `${h.api} in ${h.file}:${h.line}: …${h.excerpt}…`),
    `${evidence.code.pages.length} page(s) and ${evidence.code.scripts.length} script(s) scanned (${evidence.code.how})`, (n) => `${n} use(s) found`));

  const toolProblems = evidence.tools.flatMap((t) => t.problems.map((p) => `${t.slug}: ${p}`));
  checks.push(check('tools', 'Every tool in the registry was driven through its whole flow', toolProblems,
    evidence.tools.map((t) => `${t.slug}: ${t.status === 'available' ? `done (${t.formats.length} format(s))` : 'not available yet (page audited: load, headers, network)'}`).join('; '),
    (n) => `${n} tool problem(s)`, evidence.tools.map((t) => ({ slug: t.slug, status: t.status, steps: t.steps, alerts: t.alerts }))));

  const offlineProblems = [
    ...evidence.offline.flatMap((t) => t.problems.map((p) => `${t.slug} offline: ${p}`)),
    ...evidence.recorder.pageErrors.filter((e) => e.phase.startsWith('offline')).map((e) => `${e.page}: ${e.error}`),
  ];
  checks.push(check('offline', 'The tools keep working with the network cut after load', offlineProblems,
    evidence.offline.map((t) => `${t.slug}: ${t.status === 'available' ? t.steps.join(', ') : 'not available yet (page stayed up offline)'}`).join('; ') || 'no tool pages',
    (n) => `${n} problem(s) offline`));

  const storageProblems: string[] = [];
  for (const item of evidence.storage) {
    const bytes = Buffer.from(item.value, item.binary ? 'latin1' : 'utf8');
    const hits = findCanaries(bytes, evidence.needles).map((h) => `${h.form} of ${h.fileName}`);
    const signatures = imageSignatures(item.binary ? item.value : item.value);
    if (hits.length || signatures.length) storageProblems.push(`${item.where} "${item.key}" (${bytes.length} bytes) holds ${[...hits, ...signatures].join(', ')}`);
  }
  checks.push(check('storage', 'No image data in localStorage, sessionStorage, IndexedDB, Cache Storage or OPFS', storageProblems,
    `${evidence.storage.length} stored item(s), none with image data`, (n) => `${n} stored item(s) hold image data`,
    evidence.storage.map((i) => `${i.where} "${i.key}": ${i.value.length} ${i.binary ? 'bytes' : 'characters'}`)));

  const cookieProblems = [
    ...evidence.cookies.map((c) => `cookie ${c.name}=${c.value.slice(0, 80)} (${c.domain})`),
    ...evidence.storage.filter((i) => i.where === 'document.cookie').map((i) => `document.cookie: ${i.value.slice(0, 200)}`),
    ...evidence.proxy.filter((e) => e.responseHeaders?.['set-cookie'] && !isBrowserBackgroundHost(e.url)).map((e) => `Set-Cookie on ${e.url}: ${e.responseHeaders?.['set-cookie']}`),
    ...evidence.probes.filter((p) => p.headers['set-cookie']?.length).map((p) => `Set-Cookie on ${p.label}: ${p.headers['set-cookie']?.join(' | ')}`),
  ];
  checks.push(check('cookies', 'No cookies', cookieProblems, 'context.cookies() is empty, document.cookie is empty, no Set-Cookie on any response', (n) => `${n} cookie sighting(s)`));

  const headerProblems: string[] = [];
  const headerChecked = new Set<string>();
  for (const p of evidence.probes) {
    headerChecked.add(p.label);
    for (const problem of envelopeProblems(p.headers)) headerProblems.push(`${p.label} (${p.status}): ${problem}`);
  }
  for (const r of evidence.refusals) for (const problem of envelopeProblems(r.headers)) headerProblems.push(`${r.label} (${r.status}): ${problem}`);
  for (const e of evidence.proxy) {
    if (!e.responseRawHeaders || e.kind !== 'http' || parsed(e.url)?.host !== targetHost) continue;
    const label = `${e.method} ${e.url} via the browser (${e.status})`;
    for (const problem of envelopeProblems(fromRawHeaders(e.responseRawHeaders))) headerProblems.push(`${label}: ${problem}`);
    headerChecked.add(label);
  }
  checks.push(check('headers', 'Every response (HTML, JS, worker scripts, 404, 405, 413) meets the header policy', [...new Set(headerProblems)],
    `${headerChecked.size + evidence.refusals.length} responses checked: CSP (default-src, connect-src, object-src, frame-src, base-uri, form-action, frame-ancestors all 'none'; no unsafe-inline/eval/hashes, no other origins, worker-src 'self'), COOP, COEP, CORP, nosniff, no-referrer, Permissions-Policy, no Set-Cookie, no CORS`,
    (n) => `${n} header problem(s)`));

  const negative = evidence.observatory.modifiers.filter((m) => m.scored && m.modifier < 0);
  checks.push(check('observatory', 'HTTP Observatory score (published modifiers)', negative.map((m) => `${m.test}: ${m.result} (${m.modifier})`),
    `score ${evidence.observatory.score}, grade ${evidence.observatory.grade}`, () => `score ${evidence.observatory.score}, grade ${evidence.observatory.grade}, with penalties`,
    evidence.observatory.modifiers.map((m) => `${m.test}: ${m.result} ${m.modifier >= 0 ? '+' : ''}${m.modifier}${m.scored ? '' : ` (${m.note})`}`)));

  checks.push(check('server-refusals', 'The server refuses POST/PUT/DELETE/OPTIONS/PATCH and a 2 KB body', evidence.refusals.filter((r) => !r.refused).map((r) => `${r.label}: ${r.status}, expected ${r.expected}`),
    evidence.refusals.map((r) => `${r.label} → ${r.status}`).join(', '), (n) => `${n} request(s) not refused`));

  const redTeamSightings = site.filter((s) => isRedTeam(s.phase) && s.url.includes(evidence.redTeamMarker) && !s.note.includes('failed'));
  for (const result of evidence.redTeam) {
    const id: CheckId = result.from === 'page' ? 'red-team-page' : 'red-team-worker';
    const problems: string[] = [];
    if (!result.ran) problems.push(`did not run: ${result.note}`);
    for (const attempt of result.attempts) {
      if (/^(status|open|loaded)/.test(attempt.outcome)) problems.push(`${attempt.channel} succeeded: ${attempt.outcome}`);
      const key = /^fetch/.test(attempt.channel) ? 'fetch' : /^XHR/.test(attempt.channel) ? 'xhr' : /^WebSocket/.test(attempt.channel) ? 'websocket' : /^EventSource/.test(attempt.channel) ? 'eventsource' : /^sendBeacon/.test(attempt.channel) ? 'beacon' : /^dynamic import/.test(attempt.channel) ? 'import' : /^image/.test(attempt.channel) ? 'image' : /^form/.test(attempt.channel) ? 'form' : 'blob';
      const base = attempt.channel.split(' ').pop() ?? '';
      const prefix = key === 'websocket' ? base.replace(/^http/, 'ws') : base;
      const seen = key === 'blob'
        ? result.violations.some((v) => v.directive === 'worker-src' && v.blockedURI.startsWith('blob'))
        : result.violations.some((v) => v.blockedURI.startsWith(prefix) && v.blockedURI.includes(key === 'websocket' ? `-${key}` : `-${key}-${evidence.redTeamMarker}`));
      if (!seen) problems.push(`${attempt.channel}: no CSP violation observed (outcome: ${attempt.outcome})`);
    }
    if (result.crossOriginIsolated === false) problems.push('not cross-origin isolated');
    const leaked = redTeamSightings.filter((s) => s.url.includes(`/${result.from}-`));
    problems.push(...leaked.map((s) => `seen leaving: ${brief(s)}`));
    checks.push(check(id, `Red team from ${result.from === 'page' ? 'the page' : 'a worker'}: every way out is blocked`, problems,
      `${result.attempts.length} attempts, all blocked with a CSP violation, nothing seen by either witness (${result.note})`, (n) => `${n} red-team problem(s)`,
      result.attempts.map((a) => `${a.channel}: ${a.outcome}`)));
  }

  const errors = evidence.recorder.pageErrors.filter((e) => !isRedTeam(e.phase)).map((e) => `${e.page} [${e.phase}]: ${e.error}`);
  checks.push(check('page-errors', 'No uncaught errors on the audited pages', errors, 'no uncaught error', (n) => `${n} uncaught error(s)`));

  return { checks, backgroundTraffic: background };
}
