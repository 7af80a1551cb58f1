/**
 * Turns what was recorded into checks. The checks are one table, CHECKS:
 * each entry has an id, a title and an `evaluate` that reads the evidence
 * (and the sightings derived from it once) and returns its problems, a pass
 * summary and supporting evidence. A new check is one entry.
 */
import { isBrowserBackgroundHost } from '../lib/background-traffic.ts';
import { findCanaries, imageSignatures, type Needle } from '../lib/canary-forms.ts';
import { envelopeProblems, fromRawHeaders } from '../lib/header-policy.ts';
import type { ObservatoryScore } from '../lib/observatory.ts';
import { webStorageProblems, type PreferenceKey } from '../lib/preferences.ts';
import type { BrowserRecorder } from './browser-recorder.ts';
import type { ToolRun } from './drive-tools.ts';
import type { ProxyEntry } from './proxy.ts';
import { redTeamProblems, type RedTeamResult } from './red-team.ts';
import type { ShippedCode } from './scanner.ts';
import type { ProbeResponse } from './server-probes.ts';
import type { StorageArea, StorageEvent, StoredItem } from './storage.ts';
import type { TrapRecord } from './trap.ts';
import { WITNESS_CHECKS, type WitnessEvidence } from './witness-checks.ts';

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
  | 'outputs'
  | 'zip-archives'
  | 'offline'
  | 'storage'
  | 'indexeddb'
  | 'cache-storage'
  | 'opfs'
  | 'storage-buckets'
  | 'service-workers'
  | 'cookies'
  | 'headers'
  | 'observatory'
  | 'server-refusals'
  | 'red-team-page'
  | 'red-team-worker'
  | 'page-errors'
  // packet witness and load-time/navigation allow-lists (witness-checks.ts)
  | 'packet-witness'
  | 'load-allow-list'
  | 'url-history';

export interface Check {
  readonly id: CheckId;
  readonly title: string;
  /** 'incomplete': a witness the check needs was missing, so it proves nothing (never counted as a pass). */
  readonly status: 'pass' | 'fail' | 'incomplete';
  readonly summary: string;
  readonly evidence: unknown[];
}

export interface Evidence extends WitnessEvidence {
  readonly origin: string;
  /** Where the site is: the origin and its path prefix ("http://h/tools/imglio/"); the origin's root when absent. */
  readonly site?: string;
  readonly needles: readonly Needle[];
  readonly recorder: BrowserRecorder;
  readonly proxy: readonly ProxyEntry[];
  readonly trap: readonly TrapRecord[];
  readonly code: ShippedCode;
  readonly tools: readonly ToolRun[];
  readonly offline: readonly ToolRun[];
  readonly storage: readonly StoredItem[];
  /** Writes seen as they happened and list changes the DevTools protocol reported. */
  readonly storageEvents: readonly StorageEvent[];
  /** What a read-back could not read, and the origin's usage. */
  readonly storageNotes: readonly string[];
  readonly storageReadBacks: number;
  /** The documented preference keys: the only things allowed in any storage area. */
  readonly preferences: readonly PreferenceKey[];
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
export interface Sighting {
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

/** What the evidence says once, shared by every check. */
export interface Derived {
  readonly site: readonly Sighting[];
  readonly background: readonly ProxyEntry[];
  /** Site sightings outside the red team. */
  readonly audited: readonly Sighting[];
  readonly targetHost: string;
  /** host:port of the target as a CONNECT tunnel names it. */
  readonly tunnel: string;
  /** An https target: the proxy sees the browser's requests to it only as CONNECT tunnels of TLS bytes. */
  readonly https: boolean;
}

/** What a check's `evaluate` returns: no problems means pass. */
export interface Outcome {
  readonly problems: readonly unknown[];
  readonly pass: string;
  readonly fail: (problems: number) => string;
  /** Supporting evidence, listed after the problems either way. */
  readonly extra?: readonly unknown[];
  /** Set when the evidence the check needs was not recorded: with no problems, the check is 'incomplete'. */
  readonly incomplete?: string;
}

export interface CheckDefinition {
  readonly id: CheckId;
  readonly title: string;
  readonly evaluate: (evidence: Evidence, derived: Derived) => Outcome;
}

function derive(evidence: Evidence): Derived {
  const { site, background } = sightings(evidence);
  const origin = new URL(evidence.origin);
  return {
    site,
    background,
    audited: site.filter((s) => !isRedTeam(s.phase)),
    targetHost: origin.host,
    tunnel: `${origin.hostname}:${origin.port || 443}`,
    https: origin.protocol === 'https:',
  };
}

const afterLoad = (d: Derived) => d.audited.filter((s) => isAfterLoad(s.phase));

/** Chromium fetches a page's icon by itself; allowed after load only for icons the pages declared. */
const iconFetch = (evidence: Evidence) => {
  const icons = new Set(evidence.declaredIcons);
  return (s: Sighting) => s.method === 'GET' && s.body.length === 0 && icons.has(s.url);
};

/**
 * The tools load their engine and codecs on first use (a documented trade-off: small pages, codecs only when
 * needed). Such a fetch is allowed after load only if it is a plain GET of a script under /_astro/ whose exact
 * URL is in the code inventory crawled before any file was added: nothing about the files can ride on it.
 */
const codeChunkFetch = (evidence: Evidence) => {
  const inventory = new Set(evidence.code.inventory);
  // The site's code folder, under the site's path prefix if it has one.
  const codeFolder = `${evidence.site ?? `${evidence.origin}/`}_astro/`;
  return (s: Sighting) => {
    const url = parsed(s.url);
    return s.method === 'GET' && s.body.length === 0 && url !== null && url.origin === evidence.origin
      && !s.url.includes('?') && !s.url.includes('#') && s.url.startsWith(codeFolder) && url.pathname.endsWith('.js')
      && inventory.has(s.url);
  };
};

function redTeamCheck(from: RedTeamResult['from']): CheckDefinition {
  return {
    id: from === 'page' ? 'red-team-page' : 'red-team-worker',
    title: `Red team from ${from === 'page' ? 'the page' : 'a worker'}: every way out is blocked`,
    evaluate: (evidence, d) => {
      const result = evidence.redTeam.find((r) => r.from === from);
      if (!result) return { problems: [`the ${from} red team did not run`], pass: '', fail: (n) => `${n} red-team problem(s)` };
      const problems = redTeamProblems(result, evidence.redTeamMarker);
      const leaked = d.site.filter((s) => isRedTeam(s.phase) && s.url.includes(evidence.redTeamMarker) && !s.note.includes('failed') && s.url.includes(`/${result.from}-`));
      problems.push(...leaked.map((s) => `seen leaving: ${brief(s)}`));
      return {
        problems,
        pass: `${result.attempts.length} attempts, all blocked with a CSP violation, nothing seen by either witness (${result.note})`,
        fail: (n) => `${n} red-team problem(s)`,
        extra: result.attempts.map((a) => `${a.channel}: ${a.outcome}`),
      };
    },
  };
}

/** A storage area that must stay empty: anything found in it or any write to it fails, with the evidence. */
function storageAreaCheck(id: CheckId, where: StorageArea, title: string): CheckDefinition {
  return {
    id,
    title,
    evaluate: (evidence) => {
      const found = evidence.storage.filter((i) => i.where === where);
      const written = evidence.storageEvents.filter((e) => e.where === where);
      const canaries = (item: StoredItem) => {
        const hits = [...new Set(findCanaries(Buffer.from(item.value, item.binary ? 'latin1' : 'utf8'), evidence.needles).map((h) => `${h.form} of ${h.fileName}`))];
        return hits.length ? `; holds ${hits.join(', ')}` : '';
      };
      return {
        problems: [
          ...found.map((i) => `${where} "${i.key}"${i.value ? ` (${i.value.length} ${i.binary ? 'bytes' : 'characters'})` : ''} found after a flow${canaries(i)}`),
          ...written.map((e) => `${e.api} "${e.key}"${e.value ? ` ${e.value.slice(0, 80)}` : ''} on ${e.page} [${e.phase}], seen by the ${e.witness}`),
        ],
        pass: `nothing found after ${evidence.storageReadBacks} read-back(s) and no write seen${where === 'Storage Buckets' && evidence.storageNotes.some((n) => n.startsWith('Storage Buckets:')) ? ' (this browser has no navigator.storageBuckets)' : ''}`,
        fail: (n) => `${n} ${where} finding(s): nothing may be stored there`,
        extra: evidence.storageNotes.filter((n) => n.startsWith(where) || n.startsWith('DevTools')).slice(0, 5),
      };
    },
  };
}

export const CHECKS: readonly CheckDefinition[] = [
  {
    id: 'third-party-requests',
    title: 'No request to any other origin, ever',
    evaluate: (evidence, d) => {
      const foreign = d.audited.filter((s) => (s.method === 'CONNECT' ? s.url !== d.tunnel : parsed(s.url)?.host !== d.targetHost));
      return {
        problems: foreign.map(brief),
        pass: `all ${d.audited.length} sightings (${d.audited.filter((s) => s.witness === 'browser').length} by the browser, ${d.audited.filter((s) => s.witness === 'proxy').length} by the proxy) went to ${evidence.origin}`,
        fail: (n) => `${n} request(s) to another origin`,
      };
    },
  },
  {
    id: 'quiet-after-load',
    title: 'After a page has loaded and its prefetch of the remaining code is over, nothing reaches the network: the proxy sees zero requests; the browser may only re-read inventoried /_astro/*.js code from its own cache (new workers)',
    evaluate: (evidence, d) => {
      const isIconFetch = iconFetch(evidence);
      const isCodeChunk = codeChunkFetch(evidence);
      const late = afterLoad(d);
      // A worker started later (or a pthread helper) loads its scripts again: the browser reports that request,
      // but its HTTP cache answers it. A request that left the browser would pass the proxy, the only way out.
      const isCacheRead = (s: Sighting) => s.witness === 'browser' && isCodeChunk(s) && !late.some((p) => p.witness === 'proxy' && p.url === s.url && p.phase === s.phase);
      const iconPhases = new Set(late.filter(isIconFetch).map((s) => s.phase));
      // Over HTTPS the proxy sees Chromium's icon fetch only as a tunnel to the target itself, opened in the same phase.
      const isTunnelForIcon = (s: Sighting) => s.method === 'CONNECT' && s.url === d.tunnel && iconPhases.has(s.phase);
      const allowed = (s: Sighting) => isIconFetch(s) || isCacheRead(s) || isTunnelForIcon(s);
      const cacheReads = late.filter(isCacheRead);
      const reachedNetwork = late.filter((s) => s.witness === 'proxy' && !isIconFetch(s) && !isTunnelForIcon(s));
      return {
        problems: late.filter((s) => !allowed(s)).map(brief),
        pass: `after the prefetch, zero requests reached the network while files were added and processed and while offline; the browser re-read ${cacheReads.length} time(s) ${new Set(cacheReads.map((s) => s.url)).size} inventoried script(s) from its cache for new workers${late.some(isIconFetch) ? ', and fetched the declared icon' : ''}`,
        fail: (n) => `${n} request(s) after the prefetch (${reachedNetwork.length} reached the network)`,
        extra: [
          evidence.code.inventoryNote,
          ...cacheReads.map((s) => `allowed: cache read of inventoried code by a new worker (the proxy saw no such request), ${brief(s)}`),
          ...late.filter(isTunnelForIcon).map((s) => `allowed: tunnel to the target itself for the icon fetch, ${brief(s)}`),
          ...late.filter(isIconFetch).map((s) => `allowed: Chromium's own fetch of the icon the page declared at load, ${brief(s)}`),
        ],
      };
    },
  },
  {
    id: 'get-only-empty-body',
    title: 'Every request is GET or HEAD with an empty body',
    evaluate: (_evidence, d) => ({
      // Over HTTPS a CONNECT to the target itself is the TLS tunnel: its bytes are the encrypted requests the
      // browser reports one by one (judged here too); only the browser's witness can see their methods.
      problems: d.audited.filter((s) => !(d.https && s.method === 'CONNECT' && s.url === d.tunnel) && (!['GET', 'HEAD'].includes(s.method) || s.body.length > 0)).map(brief),
      pass: d.https
        ? `every request was GET or HEAD without a body (${d.audited.filter((s) => s.method === 'CONNECT' && s.url === d.tunnel).length} TLS tunnel(s) to the target: their requests judged as the browser reported them)`
        : 'every request was GET or HEAD without a body',
      fail: (n) => `${n} request(s) with another method or a body`,
    }),
  },
  {
    id: 'canary-in-traffic',
    title: 'No form of the canary in any URL, header, body or WebSocket frame',
    evaluate: (evidence, d) => {
      const hits: string[] = [];
      for (const s of d.site) {
        const found = [
          ...findCanaries(s.url, evidence.needles).map((h) => ({ ...h, where: 'URL' })),
          ...findCanaries(Object.entries(s.headers).map(([k, v]) => `${k}: ${v}`).join('\n'), evidence.needles).map((h) => ({ ...h, where: 'headers' })),
          ...findCanaries(s.body, evidence.needles).map((h) => ({ ...h, where: 'body' })),
        ];
        for (const hit of found) hits.push(`${hit.form} of ${hit.fileName} in the ${hit.where}${hit.decoded ? ' (percent-encoded)' : ''} of ${brief(s)}`);
      }
      for (const socket of evidence.recorder.sockets) {
        for (const frame of socket.frames) {
          for (const hit of findCanaries(frame.payload, evidence.needles)) hits.push(`${hit.form} of ${hit.fileName} in a WebSocket frame ${frame.direction} on ${socket.url}`);
        }
      }
      return {
        problems: hits,
        pass: `searched ${d.site.length} sightings and ${evidence.recorder.sockets.length} WebSocket(s) for ${evidence.needles.length} canary needles (raw bytes, base64, base64url, hex, SHA-256, file names, EXIF/XMP text, decoded pixel runs)`,
        fail: (n) => `the canary appeared ${n} time(s)`,
      };
    },
  },
  {
    id: 'data-in-urls',
    title: 'No data carried in URLs (long query strings)',
    evaluate: (_evidence, d) => ({
      problems: d.audited.filter((s) => s.method !== 'CONNECT' && ((parsed(s.url)?.search.length ?? 0) > 32 || s.url.length > 1024)).map(brief),
      pass: 'no request carried a query string longer than 32 characters',
      fail: (n) => `${n} request(s) carried data in the URL`,
    }),
  },
  {
    id: 'websockets',
    title: 'No WebSocket',
    evaluate: (evidence, d) => ({
      problems: [
        ...evidence.recorder.sockets.filter((s) => !isRedTeam(s.phase)).map((s) => `WebSocket ${s.url} (${s.frames.length} frame(s))`),
        ...d.audited.filter((s) => /websocket/i.test(s.headers['upgrade'] ?? '')).map((s) => `upgrade request ${brief(s)}`),
      ],
      pass: 'no WebSocket was opened',
      fail: (n) => `${n} WebSocket sighting(s)`,
    }),
  },
  {
    id: 'recorders-agree',
    title: 'Both witnesses agree: nothing reached the proxy that the browser did not report',
    evaluate: (evidence, d) => {
      const browserKeys = new Set(evidence.recorder.requests.map((r) => `${r.method} ${r.url}`));
      // Chromium fetches /favicon.ico by itself for pages that name no icon, and does not report it to Playwright.
      const isFaviconProbe = (s: Sighting) => s.method === 'GET' && s.body.length === 0 && parsed(s.url)?.pathname === '/favicon.ico' && !parsed(s.url)?.search;
      const unreported = d.audited.filter((s) => s.witness === 'proxy' && s.method !== 'CONNECT' && !browserKeys.has(`${s.method} ${s.url}`));
      const proxyKeys = new Set(evidence.proxy.map((e) => `${e.method} ${e.url}`));
      const browserOnly = d.audited.filter((s) => s.witness === 'browser' && !proxyKeys.has(`${s.method} ${s.url}`)).length;
      return {
        problems: unreported.filter((s) => !isFaviconProbe(s)).map(brief),
        pass: `every one of the proxy's ${d.audited.filter((s) => s.witness === 'proxy').length} site requests was also reported by the browser (${browserOnly} browser-reported request(s) never reached the network: memory cache or blocked)`,
        fail: (n) => `${n} request(s) reached the proxy unreported by the browser`,
        extra: [
          `set aside as Chromium's own background traffic (by origin, none sent by a page): ${d.background.map((e) => `${e.method} ${e.url}`).join(', ') || 'none'}`,
          ...unreported.filter(isFaviconProbe).map((s) => `Chromium's own favicon request, unreported by the browser events and still subject to every other check: ${brief(s)}`),
        ],
      };
    },
  },
  {
    id: 'runtime-trap',
    title: 'Runtime trap: no RTCPeerConnection, sendBeacon, <a ping>, prefetch hint, WebSocket or EventSource',
    evaluate: (evidence) => ({
      problems: evidence.trap.filter((t) => t.api !== 'Worker' && t.api !== 'csp-violation').map((t) => `${t.api} on ${t.page} [${t.phase}]: ${t.detail}`),
      pass: `no trapped API was called (workers started: ${evidence.trap.filter((t) => t.api === 'Worker').map((t) => t.detail).join(', ') || 'none'})`,
      fail: (n) => `${n} call(s) to trapped APIs`,
    }),
  },
  {
    id: 'csp-violations',
    title: 'The site never attempts anything its own policy blocks',
    evaluate: (evidence) => ({
      problems: evidence.trap.filter((t) => t.api === 'csp-violation').map((t) => `${t.page} [${t.phase}]: ${t.detail}`),
      pass: 'no CSP violation on any audited page',
      fail: (n) => `${n} CSP violation(s): the code tried something the policy stopped`,
    }),
  },
  {
    id: 'static-scan',
    title: 'Static scan: no RTCPeerConnection, sendBeacon, <a ping>, rel=prefetch|preconnect|dns-prefetch in the shipped code',
    evaluate: (evidence) => ({
      problems: evidence.code.hits.map((h) => `${h.api} in ${h.file}:${h.line}: …${h.excerpt}…`),
      pass: `${evidence.code.pages.length} page(s) and ${evidence.code.scripts.length} script(s) scanned (${evidence.code.how})`,
      fail: (n) => `${n} use(s) found`,
    }),
  },
  {
    id: 'tools',
    title: 'Every tool in the registry was driven through its whole flow',
    evaluate: (evidence) => ({
      problems: evidence.tools.flatMap((t) => t.problems.map((p) => `${t.slug}: ${p}`)),
      pass: evidence.tools.map((t) => `${t.slug}: ${t.status === 'available' ? `done (${t.formats.length} format(s))` : 'not available yet (page audited: load, headers, network)'}`).join('; '),
      fail: (n) => `${n} tool problem(s)`,
      extra: evidence.tools.map((t) => ({ slug: t.slug, status: t.status, flows: t.flows, steps: t.steps, alerts: t.alerts })),
    }),
  },
  {
    id: 'outputs',
    title: 'Every downloaded image is a valid file of the chosen format and size holding only what the format needs (strip) or exactly the kept metadata (keep), with nothing after its end',
    evaluate: (evidence) => {
      const outputs = evidence.tools.flatMap((t) => t.outputs.map((o) => ({ tool: t.slug, ...o })));
      const byFormat = new Map<string, number>();
      for (const o of outputs) byFormat.set(o.format ?? 'unknown', (byFormat.get(o.format ?? 'unknown') ?? 0) + 1);
      const driven = evidence.tools.filter((t) => t.status === 'available' && t.flows.length > 0);
      return {
        problems: [
          ...outputs.flatMap((o) => o.problems.map((p) => `${o.tool} [${o.round}] ${o.name} (${o.source}${o.canary ? `, from the ${o.canary} canary` : ''}): ${p} — structures: ${o.structures.join(', ')}`)),
          ...driven.filter((t) => !evidence.tools.some((u) => u.slug === t.slug && u.outputs.length > 0)).map((t) => `${t.slug}: no output was downloaded`),
        ],
        pass: `${outputs.length} output file(s) parsed (${[...byFormat].map(([f, n]) => `${n} ${f}`).join(', ') || 'none'}), every one within the allow-list of its format`,
        fail: (n) => `${n} output problem(s)`,
        extra: outputs.slice(0, 200).map((o) => `${o.tool} [${o.round}] ${o.name}: ${o.format ?? 'unknown'} ${o.bytes} bytes — ${o.structures.join(', ')}`),
      };
    },
  },
  {
    id: 'zip-archives',
    title: 'Every "Download all" ZIP holds exactly one entry per result, with the result names, no comment, no undocumented extra field and no byte outside its records',
    evaluate: (evidence) => {
      const zips = evidence.tools.flatMap((t) => t.zips.map((z) => ({ tool: t.slug, ...z })));
      return {
        problems: zips.flatMap((z) => z.problems.map((p) => `${z.tool} [${z.round}] ZIP of ${z.bytes} bytes: ${p}`)),
        pass: `${zips.length} ZIP(s) parsed byte for byte, ${zips.reduce((n, z) => n + z.entries.length, 0)} entries in all`,
        fail: (n) => `${n} ZIP problem(s)`,
        extra: zips.map((z) => `${z.tool} [${z.round}]: ${z.bytes} bytes, entries ${z.entries.join(', ')}`),
      };
    },
  },
  {
    id: 'offline',
    title: 'The tools keep working with the network cut after load',
    evaluate: (evidence) => ({
      problems: [
        ...evidence.offline.flatMap((t) => t.problems.map((p) => `${t.slug} offline: ${p}`)),
        ...evidence.recorder.pageErrors.filter((e) => e.phase.startsWith('offline')).map((e) => `${e.page}: ${e.error}`),
      ],
      pass: evidence.offline.map((t) => `${t.slug}: ${t.status === 'available' ? t.steps.join(', ') : 'not available yet (page stayed up offline)'}`).join('; ') || 'no tool pages',
      fail: (n) => `${n} problem(s) offline`,
    }),
  },
  {
    id: 'storage',
    title: 'localStorage and sessionStorage hold nothing but the documented preference keys, each within its schema (every write checked too)',
    evaluate: (evidence) => {
      const problems: string[] = [];
      const canaryNote = (text: string) => {
        const hits = [...new Set(findCanaries(Buffer.from(text, 'utf8'), evidence.needles).map((h) => `${h.form} of ${h.fileName}`))];
        const signatures = imageSignatures(text);
        return hits.length || signatures.length ? `; holds ${[...hits, ...signatures].join(', ')}` : '';
      };
      for (const item of evidence.storage) {
        if (item.where !== 'localStorage' && item.where !== 'sessionStorage') continue;
        for (const problem of webStorageProblems(item.where, item.key, item.value, evidence.preferences)) problems.push(`${problem}${canaryNote(item.value)}`);
      }
      // Writes as they happened: a key written and removed again before a read-back is still a finding.
      for (const event of evidence.storageEvents) {
        if (event.where !== 'localStorage' && event.where !== 'sessionStorage') continue;
        if (event.valueLength > event.value.length) {
          problems.push(`${event.where}.setItem("${event.key}", ${event.valueLength} characters) on ${event.page} [${event.phase}]: far longer than any preference${canaryNote(event.value)}`);
          continue;
        }
        for (const problem of webStorageProblems(event.where, event.key, event.value, evidence.preferences)) problems.push(`written by setItem on ${event.page} [${event.phase}]: ${problem}${canaryNote(event.value)}`);
      }
      const webItems = evidence.storage.filter((i) => i.where === 'localStorage' || i.where === 'sessionStorage');
      return {
        problems: [...new Set(problems)],
        pass: `${webItems.length} key(s) found after the flows (${[...new Set(webItems.map((i) => i.key))].join(', ') || 'none'}) and ${evidence.storageEvents.filter((e) => e.api === 'setItem').length} write(s), all documented preferences within their schema`,
        fail: (n) => `${n} key(s) or write(s) outside the allow-list`,
        extra: [
          `allowed: ${evidence.preferences.map((p) => `${p.area} "${p.key}" (${p.what})`).join('; ')}; nothing else`,
          ...webItems.map((i) => `${i.where} "${i.key}": ${i.value.length} characters`),
        ],
      };
    },
  },
  storageAreaCheck('indexeddb', 'IndexedDB', 'No IndexedDB database, ever (none listed after any flow by indexedDB.databases() or the DevTools protocol, none opened or deleted by a page, none listed whenever the DevTools protocol reports a change for the origin, workers included)'),
  storageAreaCheck('cache-storage', 'Cache Storage', 'No Cache Storage cache, ever (caches.keys() and the DevTools protocol after every flow, caches.open/delete by a page, none listed whenever the DevTools protocol reports a change for the origin)'),
  storageAreaCheck('opfs', 'OPFS', 'The origin private file system is empty (walked after every flow; no file or directory created by a page)'),
  storageAreaCheck('storage-buckets', 'Storage Buckets', 'No storage bucket (navigator.storageBuckets.keys() after every flow; none opened by a page)'),
  storageAreaCheck('service-workers', 'service worker', 'No service worker registered or running'),
  {
    id: 'cookies',
    title: 'No cookies',
    evaluate: (evidence) => ({
      problems: [
        ...evidence.cookies.map((c) => `cookie ${c.name}=${c.value.slice(0, 80)} (${c.domain})`),
        ...evidence.storage.filter((i) => i.where === 'document.cookie').map((i) => `document.cookie: ${i.value.slice(0, 200)}`),
        ...evidence.storageEvents.filter((e) => e.where === 'document.cookie').map((e) => `document.cookie written on ${e.page} [${e.phase}]: ${e.value.slice(0, 200)}`),
        ...evidence.proxy.filter((e) => e.responseHeaders?.['set-cookie'] && !isBrowserBackgroundHost(e.url)).map((e) => `Set-Cookie on ${e.url}: ${e.responseHeaders?.['set-cookie']}`),
        ...evidence.probes.filter((p) => p.headers['set-cookie']?.length).map((p) => `Set-Cookie on ${p.label}: ${p.headers['set-cookie']?.join(' | ')}`),
      ],
      pass: 'context.cookies() is empty, document.cookie is empty, no Set-Cookie on any response',
      fail: (n) => `${n} cookie sighting(s)`,
    }),
  },
  {
    id: 'headers',
    title: 'Every response (HTML, JS, worker scripts, 404, 405, 413) meets the header policy',
    evaluate: (evidence, d) => {
      const problems: string[] = [];
      const checked = new Set<string>();
      for (const p of evidence.probes) {
        checked.add(p.label);
        for (const problem of envelopeProblems(p.headers, { https: d.https })) problems.push(`${p.label} (${p.status}): ${problem}`);
      }
      for (const r of evidence.refusals) for (const problem of envelopeProblems(r.headers, { https: d.https })) problems.push(`${r.label} (${r.status}): ${problem}`);
      for (const e of evidence.proxy) {
        if (!e.responseRawHeaders || e.kind !== 'http' || parsed(e.url)?.host !== d.targetHost) continue;
        const label = `${e.method} ${e.url} via the browser (${e.status})`;
        for (const problem of envelopeProblems(fromRawHeaders(e.responseRawHeaders), { https: d.https })) problems.push(`${label}: ${problem}`);
        checked.add(label);
      }
      return {
        problems: [...new Set(problems)],
        pass: `${checked.size + evidence.refusals.length} responses checked${d.https ? ' (over HTTPS, each with HSTS of six months or more)' : ''}: CSP (default-src, connect-src, object-src, frame-src, base-uri, form-action, frame-ancestors all 'none'; no unsafe-inline/eval/hashes, no other origins, worker-src 'self'), COOP, COEP, CORP, nosniff, no-referrer, Permissions-Policy, no Set-Cookie, no CORS`,
        fail: (n) => `${n} header problem(s)`,
      };
    },
  },
  {
    id: 'observatory',
    title: 'HTTP Observatory score (published modifiers)',
    evaluate: (evidence) => ({
      problems: evidence.observatory.modifiers.filter((m) => m.scored && m.modifier < 0).map((m) => `${m.test}: ${m.result} (${m.modifier})`),
      pass: `score ${evidence.observatory.score}, grade ${evidence.observatory.grade}`,
      fail: () => `score ${evidence.observatory.score}, grade ${evidence.observatory.grade}, with penalties`,
      extra: evidence.observatory.modifiers.map((m) => `${m.test}: ${m.result} ${m.modifier >= 0 ? '+' : ''}${m.modifier}${m.scored ? '' : ` (${m.note})`}`),
    }),
  },
  {
    id: 'server-refusals',
    title: 'The server refuses POST/PUT/DELETE/OPTIONS/PATCH and a 2 KB body',
    evaluate: (evidence) => ({
      problems: evidence.refusals.filter((r) => !r.refused).map((r) => `${r.label}: ${r.status}, expected ${r.expected}`),
      pass: evidence.refusals.map((r) => `${r.label} → ${r.status}`).join(', '),
      fail: (n) => `${n} request(s) not refused`,
    }),
  },
  redTeamCheck('page'),
  redTeamCheck('worker'),
  {
    id: 'page-errors',
    title: 'No uncaught errors on the audited pages',
    evaluate: (evidence) => ({
      problems: evidence.recorder.pageErrors.filter((e) => !isRedTeam(e.phase)).map((e) => `${e.page} [${e.phase}]: ${e.error}`),
      pass: 'no uncaught error',
      fail: (n) => `${n} uncaught error(s)`,
    }),
  },
  // The packet witness and the load-time/navigation allow-lists (issue 9 item 4).
  ...WITNESS_CHECKS,
];

/** Runs every check of the table on the evidence, in table order. */
export function evaluateChecks(evidence: Evidence, table: readonly CheckDefinition[] = CHECKS): { checks: Check[]; backgroundTraffic: ProxyEntry[] } {
  const derived = derive(evidence);
  const checks = table.map((definition): Check => {
    const outcome = definition.evaluate(evidence, derived);
    const extra = [...(outcome.extra ?? [])];
    if (outcome.problems.length === 0 && outcome.incomplete !== undefined) {
      return { id: definition.id, title: definition.title, status: 'incomplete', summary: outcome.incomplete, evidence: extra };
    }
    return outcome.problems.length === 0
      ? { id: definition.id, title: definition.title, status: 'pass', summary: outcome.pass, evidence: extra }
      : { id: definition.id, title: definition.title, status: 'fail', summary: outcome.fail(outcome.problems.length), evidence: [...outcome.problems, ...extra] };
  });
  return { checks, backgroundTraffic: [...derived.background] };
}
