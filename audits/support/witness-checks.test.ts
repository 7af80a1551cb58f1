import { describe, expect, it } from 'vitest';
import { BrowserRecorder, type BrowserRequest } from './browser-recorder.ts';
import { evaluateChecks, type Check, type Evidence } from './checks.ts';
import type { CaptureSummary } from './packet-capture.ts';
import type { PacketEvidence } from './witness-checks.ts';

const ORIGIN = 'http://127.0.0.1:8080';
const POLICY = { browserAddress: '10.213.1.2', proxyAddress: '10.213.1.1', proxyPort: 41000 };

function request(phase: string, url: string, method = 'GET'): BrowserRequest {
  return { seq: 0, time: 0, phase, initiator: 'page', method, url, resourceType: 'script', headers: {}, body: null };
}

function capture(change: Partial<CaptureSummary> = {}): CaptureSummary {
  return { file: 'x.pcap', bytes: 1000, packets: 12, linkType: 276, byProtocol: { TCP: 12 }, disallowed: [], hostMulticast: [], allowed: { flows: 2, packets: 12, bytes: 1000 }, tcpdumpReport: '12 packets captured', problems: [], ...change };
}

const witness = (c: CaptureSummary = capture()): PacketEvidence => ({
  available: true, name: 'imglio-audit-1-1', netns: 'test namespace', policy: POLICY, phaseAt: () => 'load /',
  isolation: [{ what: 'TCP 127.0.0.1:8080 (a host loopback service)', expected: 'refused', outcome: 'ECONNREFUSED', ok: true }], capture: c,
});

function evidence(requests: BrowserRequest[], extra: Partial<Evidence> = {}): Evidence {
  const recorder = new BrowserRecorder(() => 'test');
  recorder.requests.push(...requests);
  return {
    origin: ORIGIN, needles: [], recorder, proxy: [], trap: [],
    code: { how: 'test', pages: [`${ORIGIN}/`], scripts: [], hits: [], inventory: [], inventoryNote: 'test' },
    tools: [], offline: [], storage: [], storageEvents: [], storageNotes: [], storageReadBacks: 1, preferences: [], cookies: [], probes: [], refusals: [], observatory: { score: 120, grade: 'A+', modifiers: [] },
    redTeam: [], redTeamMarker: 'm', declaredIcons: [`${ORIGIN}/favicon.ico`],
    packets: witness(),
    loadAllowList: { pages: { [`${ORIGIN}/`]: [{ url: `${ORIGIN}/`, why: 'the page itself' }, { url: `${ORIGIN}/_astro/a.js`, why: '<script src>' }] }, everyPage: [], source: 'test', notInManifest: [], prefetchProblems: [] },
    navigation: { events: [], pages: [], expectedUrls: [`${ORIGIN}/`] },
    ...extra,
  };
}

const check = (e: Evidence, id: Check['id']) => evaluateChecks(e).checks.find((c) => c.id === id);

describe('packet-witness', () => {
  it('passes a capture of proxied TCP only and lists the counts and the isolation probes', () => {
    const result = check(evidence([]), 'packet-witness');
    expect(result?.status).toBe('pass');
    expect(result?.summary).toContain('12 packet(s) captured in namespace imglio-audit-1-1 on every interface (TCP 12)');
    expect(result?.evidence).toContain('isolation before the capture: TCP 127.0.0.1:8080 (a host loopback service): ECONNREFUSED (expected refused)');
  });

  it('fails on any other flow, on capture problems and on a failed isolation probe', () => {
    const flow = { protocol: 'UDP/STUN', src: '127.0.0.1', dst: '127.0.0.1:3478', packets: 3, bytes: 200, firstTime: 0, lastTime: 0, details: new Set(['STUN message type 0x0001']) };
    const leaky = witness(capture({ disallowed: [flow], problems: ['tcpdump: 4 packet(s) dropped by the kernel: the capture is incomplete'] }));
    const result = check(evidence([], { packets: { ...leaky, isolation: [{ what: 'TCP 127.0.0.1:8080', expected: 'refused', outcome: 'connected', ok: false }] } as PacketEvidence }), 'packet-witness');
    expect(result?.status).toBe('fail');
    expect(result?.evidence.slice(0, 3)).toEqual([
      'namespace isolation: TCP 127.0.0.1:8080 should be refused, was connected',
      'capture: tcpdump: 4 packet(s) dropped by the kernel: the capture is incomplete',
      'UDP/STUN 127.0.0.1 → 127.0.0.1:3478: 3 packet(s), 200 bytes, first during "load /" (STUN message type 0x0001)',
    ]);
  });

  it('is incomplete, never pass, when the witness was missing or not run', () => {
    const missing = check(evidence([], { packets: { available: false, reason: 'the audit is not running as root' } }), 'packet-witness');
    expect(missing?.status).toBe('incomplete');
    expect(missing?.summary).toMatch(/^the packet witness was missing: the audit is not running as root/);
    const { packets: _unused, ...withoutPackets } = evidence([]);
    expect(check(withoutPackets, 'packet-witness')?.status).toBe('incomplete');
  });
});

describe('load-allow-list', () => {
  it("allows while loading only that page's files, the idle prefetch list and declared icons", () => {
    const ok = evidence([request('load /', `${ORIGIN}/`), request('load /', `${ORIGIN}/_astro/a.js`), request('load /', `${ORIGIN}/favicon.ico`), request('after-load /', `${ORIGIN}/_astro/b.js`)]);
    expect(check(ok, 'load-allow-list')?.status).toBe('pass');
    const extra = check(evidence([request('load /', `${ORIGIN}/_astro/b.js`), request('storage read-back', `${ORIGIN}/_astro/a.js?x`), request('load /', `${ORIGIN}/_astro/a.js`, 'POST')]), 'load-allow-list');
    expect(extra?.status).toBe('fail');
    expect(extra?.evidence.slice(0, 3)).toEqual([
      `[browser, load /] GET ${ORIGIN}/_astro/b.js (page, script): not in the load-time allow-list of ${ORIGIN}/`,
      `[browser, storage read-back] GET ${ORIGIN}/_astro/a.js?x (page, script): not in the load-time allow-list of ${ORIGIN}/`,
      `[browser, load /] POST ${ORIGIN}/_astro/a.js (page, script): not in the load-time allow-list of ${ORIGIN}/`,
    ]);
    const prefetch = evidence([request('load /', `${ORIGIN}/_astro/b.js`)]);
    const list = prefetch.loadAllowList as NonNullable<Evidence['loadAllowList']>;
    expect(check({ ...prefetch, loadAllowList: { ...list, everyPage: [{ url: `${ORIGIN}/_astro/b.js`, why: 'prefetch' }] } }, 'load-allow-list')?.status).toBe('pass');
    // A page whose declared prefetch list is not the manifest's fails, whatever it requested.
    expect(check({ ...prefetch, loadAllowList: { ...list, prefetchProblems: ['/ declares a prefetch list of 2 file(s) that is not the manifest\'s 3 in the same order'] } }, 'load-allow-list')?.evidence[0]).toMatch(/not the manifest's 3 in the same order/);
  });

  it('is incomplete without a list', () => {
    const { loadAllowList: _unused, ...without } = evidence([]);
    expect(check(without, 'load-allow-list')?.status).toBe('incomplete');
  });
});
