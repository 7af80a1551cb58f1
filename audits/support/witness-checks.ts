/**
 * The checks of the packet witness and the load-time and navigation
 * allow-lists (issue 9 item 4), as entries of the checks table in
 * checks.ts. Each fails closed: evidence that was not recorded makes the
 * check "incomplete", never "pass".
 */
import type { WitnessPolicy } from '../lib/pcap.ts';
import type { CheckDefinition, Derived, Sighting } from './checks.ts';
import type { LoadAllowList } from './load-allow-list.ts';
import { navigationProblems, type NavigationEvent, type PageHistory } from './navigation.ts';
import type { IsolationProbe } from './netns.ts';
import type { CaptureSummary } from './packet-capture.ts';

export type PacketEvidence =
  | {
    readonly available: true;
    /** The namespace's name, and what was set up. */
    readonly name: string;
    readonly netns: string;
    readonly policy: WitnessPolicy;
    readonly isolation: readonly IsolationProbe[];
    readonly capture: CaptureSummary;
    /** The audit phase that was active at a time (ms since the epoch). */
    readonly phaseAt: (time: number) => string;
  }
  | { readonly available: false; readonly reason: string };

export interface WitnessEvidence {
  /** The packet witness; absent means it was not run. */
  readonly packets?: PacketEvidence;
  readonly loadAllowList?: LoadAllowList;
  readonly navigation?: { readonly events: readonly NavigationEvent[]; readonly pages: readonly PageHistory[]; readonly expectedUrls: readonly string[] };
}

const isLoadPhase = (phase: string) => phase.startsWith('load ') || phase === 'storage read-back';

const describe = (s: Sighting) => `[${s.witness}, ${s.phase}] ${s.method} ${s.url.length > 200 ? `${s.url.slice(0, 200)}…` : s.url} (${s.note}${s.body.length ? `, body ${s.body.length} bytes` : ''})`;

/**
 * The page a load phase belongs to: "load /x/ (before offline)" → the list entry for /x/; the storage
 * read-back loads the site's home page (`site`: origin and path prefix).
 */
function pageOfPhase(phase: string, list: LoadAllowList, origin: string, site: string): string | undefined {
  const path = phase === 'storage read-back' ? new URL(site).pathname : /^load (\S+)/.exec(phase)?.[1];
  if (!path) return undefined;
  return Object.keys(list.pages).find((url) => new URL(url).pathname === path) ?? `${origin}${path}`;
}

export const WITNESS_CHECKS: readonly CheckDefinition[] = [
  {
    id: 'packet-witness',
    title: 'Packet witness: every packet at the browser\'s network namespace, of every protocol, is TCP between the browser and the recording proxy',
    evaluate: (evidence) => {
      const packets = evidence.packets;
      if (!packets) return { problems: [], pass: '', fail: () => '', incomplete: 'the packet witness was not run' };
      if (!packets.available) {
        return { problems: [], pass: '', fail: () => '', incomplete: `the packet witness was missing: ${packets.reason}. Without it UDP (WebRTC, STUN/TURN, QUIC), DNS and connections that bypass the proxy are not observed`, extra: [packets.reason] };
      }
      const { capture, policy } = packets;
      const problems: string[] = [
        ...packets.isolation.filter((p) => !p.ok).map((p) => `namespace isolation: ${p.what} should be ${p.expected}, was ${p.outcome}`),
        ...capture.problems.map((p) => `capture: ${p}`),
        ...capture.disallowed.map((f) => `${f.protocol} ${f.src} → ${f.dst}: ${f.packets} packet(s), ${f.bytes} bytes, first during "${packets.phaseAt(f.firstTime)}"${f.details.size ? ` (${[...f.details].join('; ')})` : ''}`),
      ];
      const counts = Object.entries(capture.byProtocol).map(([label, n]) => `${label} ${n}`).join(', ') || 'none';
      return {
        problems,
        pass: `${capture.packets} packet(s) captured in namespace ${packets.name} on every interface (${counts}): all TCP between ${policy.browserAddress} and the proxy ${policy.proxyAddress}:${policy.proxyPort} (${capture.allowed.flows} connection(s)), or ARP between the two`,
        fail: (n) => `${n} problem(s): traffic other than TCP to the recording proxy left the browser`,
        extra: [
          `set-up: ${packets.netns}`,
          ...packets.isolation.map((p) => `isolation before the capture: ${p.what}: ${p.outcome} (expected ${p.expected})`),
          `packets by protocol: ${counts}`,
          ...capture.hostMulticast.map((f) => `set aside, sent by the host itself (not the browser) to a multicast group on its end of the veth: ${f.protocol} ${f.src} → ${f.dst}, ${f.packets} packet(s)`),
          `tcpdump: ${capture.tcpdumpReport || 'no report'}; link type ${capture.linkType}; ${capture.bytes} bytes`,
        ],
      };
    },
  },
  {
    id: 'load-allow-list',
    title: 'While a page loads, it fetches only its own files (the page, its styles, scripts and their static imports, island scripts, images, icons, manifest), nothing else',
    evaluate: (evidence, derived: Derived) => {
      const list = evidence.loadAllowList;
      if (!list) return { problems: [], pass: '', fail: () => '', incomplete: 'the load-time allow-list was not built' };
      const icons = new Set(evidence.declaredIcons);
      const every = new Set(list.everyPage.map((f) => f.url));
      const loading = derived.audited.filter((s) => isLoadPhase(s.phase));
      const problems: string[] = [...list.prefetchProblems];
      let allowed = 0;
      for (const s of loading) {
        const page = pageOfPhase(s.phase, list, evidence.origin, evidence.site ?? `${evidence.origin}/`);
        const files = new Set((page ? list.pages[page] ?? [] : []).map((f) => f.url));
        const plain = (s.method === 'GET' || s.method === 'HEAD') && s.body.length === 0;
        const ok = (s.method === 'CONNECT' && s.url === derived.tunnel) || (plain && (files.has(s.url) || every.has(s.url) || icons.has(s.url)));
        if (ok) allowed += 1;
        else problems.push(`${describe(s)}: not in the load-time allow-list of ${page ?? 'any page'}`);
      }
      return {
        problems,
        pass: `${allowed} request(s) while ${Object.keys(list.pages).length} page(s) loaded, each for a file on that page's list`,
        fail: (n) => `${n} request(s) while a page loaded for something not on its list`,
        extra: [
          `allow-list ${list.source}`,
          ...list.notInManifest.map((url) => `referred to by a page but not in the build manifest, so never allowed: ${url}`),
          ...Object.entries(list.pages).map(([page, files]) => `${new URL(page).pathname}: ${files.map((f) => new URL(f.url).pathname).join(', ')}`),
          ...(list.everyPage.length ? [`every page (idle prefetch): ${list.everyPage.map((f) => new URL(f.url).pathname).join(', ')}`] : []),
        ],
      };
    },
  },
  {
    id: 'url-history',
    title: 'The page\'s URL and history entries never change beyond the audit\'s own navigation (no pushState, replaceState, hash or other navigation)',
    evaluate: (evidence) => {
      const navigation = evidence.navigation;
      if (!navigation) return { problems: [], pass: '', fail: () => '', incomplete: 'the page URL and history were not recorded' };
      const problems = navigationProblems(navigation, new Set(navigation.expectedUrls));
      const snapshots = navigation.events.filter((e) => e.source === 'snapshot').length;
      return {
        problems,
        pass: `${navigation.pages.length} page(s): each navigated once, by the audit; ${snapshots} reading(s) of location.href and history.length unchanged; no pushState, replaceState, hashchange or popstate`,
        fail: (n) => `${n} change(s) of a page's URL or history not made by the audit`,
        extra: navigation.pages.map((p) => `page ${p.page}: ${p.gotoUrl ?? 'never navigated'} [${p.gotoPhase ?? ''}], history.length after load ${p.baseline ?? '?'}`),
      };
    },
  },
];

