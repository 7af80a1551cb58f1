import { describe, expect, it } from 'vitest';
import { canaryNeedles } from '../lib/canary-forms.ts';
import { documentedPreferences } from '../lib/preferences.ts';
import { BrowserRecorder, type BrowserRequest } from './browser-recorder.ts';
import { evaluateChecks, type CheckId, type Evidence } from './checks.ts';
import type { ProxyEntry } from './proxy.ts';
import type { RedTeamResult } from './red-team.ts';
import type { StorageEvent, StoredItem } from './storage.ts';

const ORIGIN = 'http://127.0.0.1:8080';
const MARKER = 'redteam-1';
const CHUNK = `${ORIGIN}/_astro/avif_enc-Ab12.js`;
const CSP = "default-src 'none'; script-src 'self'; worker-src 'self'; connect-src 'none'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
const GOOD_HEADERS = {
  'content-security-policy': [CSP],
  'cross-origin-opener-policy': ['same-origin'],
  'cross-origin-embedder-policy': ['require-corp'],
  'cross-origin-resource-policy': ['same-origin'],
  'x-content-type-options': ['nosniff'],
  'referrer-policy': ['no-referrer'],
  'permissions-policy': ['camera=(), microphone=(), geolocation=(), display-capture=(), payment=(), usb=(), serial=(), hid=(), browsing-topics=()'],
};
const canary = { fileName: 'imglio-canary-abc-png.png', bytes: Buffer.alloc(2000, 7).map((_, i) => (i * 131) % 251), metadataText: 'IMGLIO-AUDIT-CANARY-abc-PNG' };

function browserRequest(phase: string, method: string, url: string, body: Buffer | null = null): BrowserRequest {
  return { seq: 0, time: 0, phase, initiator: 'page', method, url, resourceType: 'fetch', headers: {}, body };
}

function proxyEntry(phase: string, method: string, url: string, body = Buffer.alloc(0)): ProxyEntry {
  return { seq: 0, time: 0, phase, kind: method === 'CONNECT' ? 'connect' : 'http', method, url, requestHeaders: {}, body, bodyBytes: body.length, status: 200 };
}

function redTeam(from: 'page' | 'worker', blocked = true): RedTeamResult {
  const url = `${ORIGIN}/__audit_leak__/${from}-fetch-${MARKER}`;
  return {
    from,
    ran: true,
    note: 'test',
    attempts: [{ channel: `fetch POST ${ORIGIN}`, outcome: blocked ? 'threw TypeError: Failed to fetch' : 'status 405' }],
    violations: blocked ? [{ directive: 'connect-src', blockedURI: url }] : [],
    crossOriginIsolated: true,
  };
}

function evidence(change: (e: { recorder: BrowserRecorder; proxy: ProxyEntry[]; redTeam: RedTeamResult[] }) => void = () => undefined, more: Partial<Evidence> = {}): Evidence {
  const recorder = new BrowserRecorder(() => 'test');
  recorder.requests.push(browserRequest('load /', 'GET', `${ORIGIN}/`));
  const proxy = [proxyEntry('load /', 'GET', `${ORIGIN}/`), proxyEntry('load /', 'CONNECT', 'accounts.google.com:443')];
  const redTeamResults = [redTeam('page'), redTeam('worker')];
  change({ recorder, proxy, redTeam: redTeamResults });
  return {
    origin: ORIGIN,
    needles: canaryNeedles([canary]),
    recorder,
    proxy,
    trap: [],
    code: { how: 'test', pages: [`${ORIGIN}/`], scripts: [CHUNK], hits: [], inventory: [CHUNK], inventoryNote: 'test inventory' },
    tools: [{ slug: 'convert', status: 'coming-soon', steps: [], problems: [], formats: [], alerts: [], flows: [], outputs: [], zips: [] }],
    offline: [],
    storage: [{ where: 'localStorage', key: 'imglio-theme', value: 'dark', binary: false }],
    storageEvents: [{ witness: 'init script', where: 'localStorage', api: 'setItem', key: 'imglio-theme', value: 'dark', valueLength: 4, page: `${ORIGIN}/`, phase: 'after-load /' }],
    storageNotes: [],
    storageReadBacks: 1,
    preferences: documentedPreferences(['convert']),
    cookies: [],
    probes: [{ label: 'GET /', method: 'GET', url: `${ORIGIN}/`, status: 200, headers: GOOD_HEADERS, body: '' }],
    refusals: [{ label: 'POST /', method: 'POST', url: `${ORIGIN}/`, status: 405, headers: GOOD_HEADERS, body: '', refused: true, expected: '4xx' }],
    observatory: { score: 120, grade: 'A+', modifiers: [] },
    redTeam: redTeamResults,
    redTeamMarker: MARKER,
    declaredIcons: [`${ORIGIN}/favicon.svg`, `${ORIGIN}/favicon.ico`],
    ...more,
  };
}

const failed = (e: Evidence): CheckId[] => evaluateChecks(e).checks.filter((c) => c.status === 'fail').map((c) => c.id);

describe('evaluateChecks', () => {
  it('passes clean evidence and sets aside only unattributed browser background traffic', () => {
    const result = evaluateChecks(evidence());
    expect(result.checks.filter((c) => c.status === 'fail')).toEqual([]);
    expect(result.backgroundTraffic.map((e) => e.url)).toEqual(['accounts.google.com:443']);
  });

  it('does not set aside a "background" host that a page itself contacted', () => {
    const e = evidence(({ recorder, proxy }) => {
      recorder.requests.push(browserRequest('load /', 'GET', 'https://www.google.com/collect'));
      proxy.push(proxyEntry('load /', 'GET', 'https://www.google.com/collect'));
    });
    expect(failed(e)).toEqual(['third-party-requests']);
  });

  it('fails a request the proxy saw that the browser did not report', () => {
    expect(failed(evidence(({ proxy }) => proxy.push(proxyEntry('load /', 'GET', `${ORIGIN}/hidden.js`))))).toEqual(['recorders-agree']);
  });

  it('fails any request after load, and a POST with the canary in its body', () => {
    const body = Buffer.from(canary.bytes.subarray(300, 700));
    const e = evidence(({ recorder, proxy }) => {
      recorder.requests.push(browserRequest('after-load /', 'POST', `${ORIGIN}/upload`, body));
      proxy.push(proxyEntry('after-load /', 'POST', `${ORIGIN}/upload`, body));
    });
    expect(failed(e)).toEqual(['quiet-after-load', 'get-only-empty-body', 'canary-in-traffic']);
  });

  it("allows only Chromium's late fetch of a declared icon after load", () => {
    const icon = evidence(({ recorder }) => recorder.requests.push(browserRequest('after-load /', 'GET', `${ORIGIN}/favicon.svg`)));
    expect(failed(icon)).toEqual([]);
    const other = evidence(({ recorder }) => recorder.requests.push(browserRequest('after-load /', 'GET', `${ORIGIN}/favicon.svg?x=1`)));
    expect(failed(other)).toEqual(['quiet-after-load']);
  });

  it('allows after the prefetch only cache reads of inventoried /_astro/ code: nothing may reach the network', () => {
    const cacheRead = (method: string, url: string, body: Buffer | null = null) => evidence(({ recorder }) => {
      recorder.requests.push(browserRequest('after-load /compress/', method, url, body));
    });
    const overNetwork = (url: string) => evidence(({ recorder, proxy }) => {
      recorder.requests.push(browserRequest('after-load /compress/', 'GET', url));
      proxy.push(proxyEntry('after-load /compress/', 'GET', url));
    });
    const chunk = evaluateChecks(cacheRead('GET', CHUNK)).checks.find((c) => c.id === 'quiet-after-load');
    expect(chunk?.status).toBe('pass');
    expect(chunk?.evidence.some((e) => typeof e === 'string' && e.startsWith('allowed: cache read of inventoried code by a new worker (the proxy saw no such request), [browser, after-load /compress/] GET'))).toBe(true);
    // The same inventoried chunk fetched over the network after the prefetch fails: zero means zero.
    const fetched = evaluateChecks(overNetwork(CHUNK)).checks.find((c) => c.id === 'quiet-after-load');
    expect(fetched?.status).toBe('fail');
    expect(fetched?.summary).toMatch(/reached the network/);
    // Not in the inventory, a query, a fragment, a body, another method, outside /_astro/, not .js: each fails.
    expect(failed(cacheRead('GET', `${ORIGIN}/_astro/unlisted-X1.js`))).toEqual(['quiet-after-load']);
    expect(failed(cacheRead('GET', `${CHUNK}?d=1`))).toEqual(['quiet-after-load']);
    expect(failed(cacheRead('GET', `${CHUNK}?`))).toEqual(['quiet-after-load']);
    expect(failed(cacheRead('GET', `${CHUNK}#frag`))).toEqual(['quiet-after-load']);
    expect(failed(cacheRead('GET', CHUNK, Buffer.from('x')))).toEqual(['quiet-after-load', 'get-only-empty-body']);
    expect(failed(cacheRead('POST', CHUNK))).toEqual(['quiet-after-load', 'get-only-empty-body']);
    const inRoot = overNetwork(`${ORIGIN}/engine.js`);
    const e = { ...inRoot, code: { ...inRoot.code, inventory: [...inRoot.code.inventory, `${ORIGIN}/engine.js`, `${ORIGIN}/_astro/style.css`] } };
    expect(failed(e)).toEqual(['quiet-after-load']);
    const css = cacheRead('GET', `${ORIGIN}/_astro/style.css`);
    expect(failed({ ...css, code: { ...css.code, inventory: [`${ORIGIN}/_astro/style.css`] } })).toEqual(['quiet-after-load']);
    // Another origin's /_astro/ chunk of the same name is never allowed.
    expect(failed(overNetwork('http://127.0.0.1:9/_astro/avif_enc-Ab12.js'))).toContain('quiet-after-load');
  });

  it('does not crash on a request sent straight to the proxy', () => {
    expect(failed(evidence(({ proxy }) => proxy.push(proxyEntry('load /', 'GET', '/relative'))))).toEqual(['third-party-requests', 'recorders-agree']);
  });

  it('fails a red team attempt that got through without a violation', () => {
    const e = evidence(({ redTeam: results }) => {
      results[1] = redTeam('worker', false);
    });
    const worker = evaluateChecks(e).checks.find((c) => c.id === 'red-team-worker');
    expect(worker?.status).toBe('fail');
    expect(worker?.evidence.slice(0, 2)).toEqual([`fetch POST ${ORIGIN} succeeded: status 405`, `fetch POST ${ORIGIN}: no CSP violation observed (outcome: status 405)`]);
  });

  it('storage by allow-list: an undocumented key, a value outside its schema, a removed key, any database, cache, file, bucket or service worker', () => {
    const item = (where: StoredItem['where'], key: string, value = '') => ({ where, key, value, binary: false });
    const write = (where: StoredItem['where'], api: string, key: string, value = ''): StorageEvent => ({ witness: 'init script', where, api, key, value, valueLength: value.length, page: `${ORIGIN}/`, phase: 'after-load /' });
    expect(failed(evidence(undefined, { storage: [item('localStorage', 'imglio-recent', 'holiday')] }))).toEqual(['storage']);
    expect(failed(evidence(undefined, { storage: [item('localStorage', 'imglio-settings-convert', '{"version":2}')] }))).toEqual(['storage']);
    expect(failed(evidence(undefined, { storage: [item('sessionStorage', 'imglio-theme', 'dark')] }))).toEqual(['storage']);
    expect(failed(evidence(undefined, { storageEvents: [write('localStorage', 'setItem', 'x', 'gone by the read-back')] }))).toEqual(['storage']);
    expect(failed(evidence(undefined, { storageEvents: [write('IndexedDB', 'indexedDB.open', 'stash'), write('IndexedDB', 'indexedDB.deleteDatabase', 'stash')] }))).toEqual(['indexeddb']);
    expect(failed(evidence(undefined, { storage: [item('Cache Storage', 'c (1 entries)')] }))).toEqual(['cache-storage']);
    expect(failed(evidence(undefined, { storage: [item('OPFS', '/a.bin', 'x')] }))).toEqual(['opfs']);
    expect(failed(evidence(undefined, { storage: [item('Storage Buckets', 'b')] }))).toEqual(['storage-buckets']);
    expect(failed(evidence(undefined, { storage: [item('service worker', `${ORIGIN}/`)] }))).toEqual(['service-workers']);
    expect(failed(evidence(undefined, { storageEvents: [write('document.cookie', 'document.cookie =', 'a', 'a=1')] }))).toEqual(['cookies']);
    const storage = evaluateChecks(evidence(undefined, { storage: [item('localStorage', 'recent', 'data:image/png;base64,iVBORw0KGgo')] })).checks.find((c) => c.id === 'storage');
    expect(storage?.evidence[0]).toMatch(/^localStorage "recent" .* is not a documented preference key.*; holds /);
  });

  it('outputs and ZIPs: a finding from the parsers fails its own check, with the evidence', () => {
    const run = {
      slug: 'convert', status: 'available' as const, steps: [], problems: [], formats: ['jpeg'], alerts: [], flows: ['file chooser: JPEG', 'output jpeg'],
      outputs: [{ round: 'jpeg', source: 'ZIP entry' as const, name: 'a.jpg', canary: 'JPEG', format: 'JPEG' as const, bytes: 100, structures: ['SOI', 'APP1 Exif', 'EOI'], problems: ['holds APP1 Exif, which a stripped output may not contain'] }],
      zips: [{ round: 'jpeg', bytes: 300, entries: ['a.jpg'], problems: [] }],
    };
    const outputs = evaluateChecks(evidence(undefined, { tools: [run] })).checks.filter((c) => c.status === 'fail');
    expect(outputs.map((c) => c.id)).toEqual(['outputs']);
    expect(outputs[0]?.evidence[0]).toBe('convert [jpeg] a.jpg (ZIP entry, from the JPEG canary): holds APP1 Exif, which a stripped output may not contain — structures: SOI, APP1 Exif, EOI');
    const zipped = { ...run, outputs: [{ ...run.outputs[0]!, problems: [] }], zips: [{ ...run.zips[0]!, problems: ['an archive comment of 4 byte(s): "made"'] }] };
    expect(failed(evidence(undefined, { tools: [zipped] }))).toEqual(['zip-archives']);
    expect(failed(evidence(undefined, { tools: [{ ...zipped, zips: [], outputs: [] }] }))).toEqual(['outputs']);
  });
});
