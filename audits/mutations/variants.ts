/**
 * Deliberately leaky variants of the real build. Each names the audit
 * checks that must fail because of it, with the evidence that must show why.
 */
import type { CheckId } from '../support/checks.ts';

export interface Expectation {
  readonly check: CheckId;
  /** Some evidence line of that check must match. */
  readonly evidence: RegExp;
}

export interface Variant {
  readonly name: string;
  readonly leak: string;
  /** Leak scripts (from leaks/) added to every page, in order, after common.js. */
  readonly scripts?: readonly string[];
  /** Extra files copied from leaks/ into /_astro/. */
  readonly files?: readonly string[];
  /** Rewrites the generated headers include. */
  readonly headers?: (conf: string) => string;
  /** Rewrites the rendered site locations (nginx-site.conf.in); `noCsp` is an include with every header but the CSP. */
  readonly nginx?: (conf: string, noCsp: string) => string;
  readonly expect: readonly Expectation[];
  /** Checks the variant is shaped to get past: they must still pass, so the failure above is the one that caught it. */
  readonly evades?: readonly CheckId[];
}

/** Puts `block` before the /_astro/ location of the rendered site locations. */
function beforeAssets(conf: string, block: string): string {
  const at = conf.indexOf('location /_astro/ {');
  if (at < 0) throw new Error('nginx.conf has no "location /_astro/" block; update the mutation suite');
  return `${conf.slice(0, at)}${block}\n        ${conf.slice(at)}`;
}

/** A worker's upload of the file: both witnesses (browser and proxy) must have seen it. */
const WORKER_UPLOAD: readonly Expectation[] = [
  { check: 'get-only-empty-body', evidence: /^\[browser, after-load [^\]]*\] POST http:\/\/127\.0\.0\.1:\d+\/upload/ },
  { check: 'get-only-empty-body', evidence: /^\[proxy, after-load [^\]]*\] POST http:\/\/127\.0\.0\.1:\d+\/upload/ },
  { check: 'canary-in-traffic', evidence: /raw bytes of imglio-canary-.* in the body/ },
];

export const VARIANTS: readonly Variant[] = [
  {
    name: 'worker-post',
    leak: 'a worker that POSTs the file (its script served without the CSP, so the upload really goes out)',
    scripts: ['worker-post.js'],
    files: ['leak-worker.js'],
    nginx: (conf, noCsp) => beforeAssets(conf, `location = /_astro/leak-worker.js { include ${noCsp}; }`),
    expect: WORKER_UPLOAD,
  },
  {
    name: 'nested-worker-post',
    leak: 'a nested worker (started by a worker) that POSTs the file',
    scripts: ['nested-worker-post.js'],
    files: ['leak-outer-worker.js', 'leak-worker.js'],
    nginx: (conf, noCsp) =>
      beforeAssets(conf, `location = /_astro/leak-worker.js { include ${noCsp}; }\n        location = /_astro/leak-outer-worker.js { include ${noCsp}; }`),
    expect: WORKER_UPLOAD,
  },
  {
    name: 'beacon-thumbnail',
    leak: 'navigator.sendBeacon of a thumbnail of each file',
    scripts: ['beacon-thumbnail.js'],
    expect: [
      { check: 'runtime-trap', evidence: /^sendBeacon .*\/collect with 1\d\d+ characters: data:image\/png/ },
      { check: 'static-scan', evidence: /^sendBeacon in \/_astro\/leak-beacon-thumbnail\.js/ },
    ],
  },
  {
    name: 'img-query',
    leak: 'an <img> to the same origin with the file in its query string',
    scripts: ['img-query.js'],
    expect: [
      { check: 'canary-in-traffic', evidence: /base64 of imglio-canary-.* in the URL \(percent-encoded\).*favicon\.svg\?d=/ },
      { check: 'data-in-urls', evidence: /GET http:\/\/127\.0\.0\.1:\d+\/favicon\.svg\?d=/ },
      { check: 'quiet-after-load', evidence: /after-load .*favicon\.svg\?d=/ },
    ],
  },
  {
    name: 'websocket',
    leak: 'a WebSocket carrying each file',
    scripts: ['websocket.js'],
    expect: [
      { check: 'runtime-trap', evidence: /^WebSocket on .*ws:\/\/127\.0\.0\.1:\d+\/socket/ },
      { check: 'csp-violations', evidence: /connect-src blocked ws:\/\/127\.0\.0\.1:\d+\/socket/ },
    ],
  },
  {
    name: 'csp-connect-star',
    leak: "the CSP weakened to connect-src *",
    headers: (conf) => {
      if (!conf.includes("connect-src 'none'")) throw new Error("the headers include has no connect-src 'none'; update the mutation suite");
      return conf.replace("connect-src 'none'", 'connect-src *');
    },
    expect: [{ check: 'headers', evidence: /GET \/ \(200\): CSP connect-src must be 'none', is \*/ }],
  },
  {
    name: 'csp-html-only',
    leak: 'the CSP sent on HTML but not on JavaScript',
    nginx: (conf, noCsp) => {
      const at = conf.indexOf('location /_astro/ {');
      const include = conf.indexOf('security-headers.conf;', at);
      if (at < 0 || include < 0) throw new Error('nginx.conf layout changed; update the mutation suite');
      const start = conf.lastIndexOf('include ', include);
      return `${conf.slice(0, start)}include ${noCsp};${conf.slice(include + 'security-headers.conf;'.length)}`;
    },
    expect: [{ check: 'headers', evidence: /GET \/_astro\/[\w.-]+\.js \(200\): no Content-Security-Policy header/ }],
  },
  {
    name: 'cookie',
    leak: 'a cookie set by script',
    scripts: ['cookie.js'],
    expect: [{ check: 'cookies', evidence: /cookie imglio_seen=/ }],
  },
  {
    name: 'local-storage',
    leak: 'each image saved into localStorage',
    scripts: ['local-storage.js'],
    expect: [{ check: 'storage', evidence: /localStorage "recent:imglio-canary-[^"]+" .*holds .*base64 of imglio-canary/ }],
  },
  {
    name: 'rtc',
    leak: 'an RTCPeerConnection (UDP, outside CSP and the proxy)',
    scripts: ['rtc.js'],
    expect: [
      { check: 'runtime-trap', evidence: /^RTCPeerConnection on .*stun:127\.0\.0\.1:3478/ },
      { check: 'static-scan', evidence: /^RTCPeerConnection in \/_astro\/leak-rtc\.js/ },
    ],
  },
  {
    name: 'prefetch-hint',
    leak: 'a <link rel=dns-prefetch> to a tracker host',
    scripts: ['prefetch-hint.js'],
    expect: [
      { check: 'runtime-trap', evidence: /^rel=prefetch\|preconnect\|dns-prefetch\|prerender on .*dns-prefetch/ },
      { check: 'static-scan', evidence: /dns-prefetch.* in \/_astro\/leak-prefetch-hint\.js/ },
    ],
  },
  {
    name: 'local-storage-innocuous',
    leak: 'an undocumented localStorage key with an innocuous-looking value',
    scripts: ['local-storage-innocuous.js'],
    expect: [{ check: 'storage', evidence: /localStorage "imglio-session" \(\d+ characters\) is not a documented preference key/ }],
  },
  {
    name: 'preference-out-of-schema',
    leak: 'a documented preference key holding a field outside its schema',
    scripts: ['preference-out-of-schema.js'],
    expect: [{ check: 'storage', evidence: /localStorage "imglio-settings-\w+" holds a value outside its schema: \$\.current: property "recent" is not in the schema/ }],
  },
  {
    name: 'indexeddb-transient',
    leak: 'each file stashed in an IndexedDB database that is deleted at once',
    scripts: ['indexeddb-transient.js'],
    expect: [
      { check: 'indexeddb', evidence: /^indexedDB\.open "imglio-scratch" .*seen by the init script/ },
      { check: 'indexeddb', evidence: /^indexedDB\.deleteDatabase "imglio-scratch"/ },
    ],
  },
  {
    name: 'cache-storage',
    leak: 'each file kept in Cache Storage',
    scripts: ['cache-storage.js'],
    expect: [{ check: 'cache-storage', evidence: /^Cache Storage "imglio-assets-v1 .*\/_astro\/asset-\d+\.bin" \(\d+ bytes\) found after a flow; holds .*raw bytes of imglio-canary/ }],
  },
  {
    name: 'opfs-file',
    leak: 'each file written into the origin private file system',
    scripts: ['opfs-file.js'],
    expect: [
      { check: 'opfs', evidence: /^OPFS "\/thumb-\d+\.bin" \(\d+ bytes\) found after a flow; holds .*raw bytes of imglio-canary/ },
      { check: 'opfs', evidence: /^getFileHandle\(\{ create: true \}\) "\/\/?thumb-\d+\.bin"/ },
    ],
  },
  {
    name: 'jpeg-gps',
    leak: 'a GPS block kept in every "stripped" JPEG',
    scripts: ['output-common.js', 'jpeg-gps.js'],
    expect: [
      { check: 'outputs', evidence: /imglio-canary-\w+-jpg\.jpg \(ZIP entry, from the JPEG canary\): holds APP1 Exif, which a stripped output may not contain/ },
      { check: 'outputs', evidence: /imglio-canary-\w+-jpg\.jpg \(download one, from the JPEG canary\): an EXIF block \(GPS\.0x0000, GPS\.0x0001, GPS\.0x0002\) for an input without an orientation/ },
    ],
  },
  {
    name: 'png-chunk',
    leak: 'an extra tEXt chunk with data in every PNG',
    scripts: ['output-common.js', 'png-chunk.js'],
    expect: [{ check: 'outputs', evidence: /imglio-canary-\w+-png\.png \(ZIP entry, from the PNG canary\): holds tEXt, which a stripped output may not contain/ }],
  },
  {
    name: 'trailing-bytes',
    leak: '16 bytes after the end of every image',
    scripts: ['output-common.js', 'trailing-bytes.js'],
    expect: [
      { check: 'outputs', evidence: /imglio-canary-\w+-jpg\.jpg \(ZIP entry, from the JPEG canary\): 16 byte\(s\) after EOI/ },
      { check: 'outputs', evidence: /imglio-canary-\w+-png\.png \(ZIP entry, from the PNG canary\): 16 byte\(s\) after IEND/ },
    ],
  },
  {
    name: 'zip-comment',
    leak: 'an archive comment in the "Download all" ZIP',
    scripts: ['output-common.js', 'zip-comment.js'],
    expect: [{ check: 'zip-archives', evidence: /ZIP of \d+ bytes: an archive comment of \d+ byte\(s\): "made 20/ }],
  },
  {
    name: 'zip-extra-entry',
    leak: 'an extra entry and an undocumented extra field in the "Download all" ZIP',
    scripts: ['output-common.js', 'zip-extra-entry.js'],
    expect: [
      { check: 'zip-archives', evidence: /ZIP of \d+ bytes: 3 entries for 2 result\(s\); not a result: desktop\.ini/ },
      { check: 'zip-archives', evidence: /ZIP of \d+ bytes: imglio-canary-[\w-]+\.\w+: extra field\(s\) 0x7875 in the central directory/ },
    ],
  },
  // Issue 9 item 4: leaks only the packet witness, the load-time allow-list or the URL/history check catch.
  {
    name: 'rtc-indirect',
    leak: 'an RTCPeerConnection reached indirectly (past the static scan and the runtime trap), STUN to 127.0.0.1 inside the namespace',
    scripts: ['rtc-indirect.js'],
    expect: [{ check: 'packet-witness', evidence: /^UDP\/STUN 127\.0\.0\.1 → 127\.0\.0\.1:3478: \d+ packet\(s\).*STUN message type 0x0001/ }],
    evades: ['static-scan', 'runtime-trap'],
  },
  {
    name: 'dns-lookup',
    leak: 'DNS lookups of host names under .invalid carrying each file name (an ICE server name, reached indirectly)',
    scripts: ['dns-lookup.js'],
    expect: [
      { check: 'packet-witness', evidence: /^UDP\/DNS 10\.213\.\d+\.\d+ → 10\.213\.\d+\.\d+:53: .*query visit\.leak\.imglio-audit\.invalid/ },
      // 696d676c696f2d63616e617279 is "imglio-canary" in hex: the file's name rode on the lookup.
      { check: 'packet-witness', evidence: /query 696d676c696f2d63616e617279[0-9a-f]*\.leak\.imglio-audit\.invalid/ },
    ],
    evades: ['static-scan', 'runtime-trap'],
  },
  {
    name: 'history-url',
    leak: "data written into the page's URL and history: a visit id in location.hash, each file name by history.replaceState",
    scripts: ['history-url.js'],
    expect: [
      { check: 'url-history', evidence: /main frame navigated to http:\/\/127\.0\.0\.1:\d+\/[^ ]*#visit-\w+ \(framenavigated\), not by the audit/ },
      { check: 'url-history', evidence: /history\.replaceState\(\/[^)]*#seen=imglio-canary-/ },
      { check: 'url-history', evidence: /location\.href is http:\/\/127\.0\.0\.1:\d+\/\S*#seen=imglio-canary-\S* before the page was closed/ },
    ],
    // Its leak scripts are extra files at load, which the manifest-backed load-time allow-list also catches.
    evades: ['quiet-after-load', 'canary-in-traffic'],
  },
  // Issue 9 item 1: after the prefetch nothing may reach the network, not even the site's own inventoried code.
  {
    name: 'lazy-worker',
    leak: "the workers left out of the page's prefetch list, so they are fetched when the user adds a file (a timing channel in the site's own code requests)",
    scripts: ['lazy-worker.js'],
    expect: [{ check: 'quiet-after-load', evidence: /^\[proxy, after-load \/[^\]]*\] GET http:\/\/127\.0\.0\.1:\d+\/_astro\/image\.worker-[\w-]+\.js/ }],
    evades: ['third-party-requests', 'get-only-empty-body'],
  },
  {
    name: 'load-extra',
    leak: 'a same-origin file fetched while the page loads that the page does not load itself (a dynamic import at load)',
    scripts: ['load-extra.js'],
    files: ['leak-load-extra-module.js'],
    expect: [
      { check: 'load-allow-list', evidence: /^\[browser, load \/[^\]]*\] GET http:\/\/127\.0\.0\.1:\d+\/_astro\/leak-load-extra-module\.js .*not in the load-time allow-list/ },
      { check: 'load-allow-list', evidence: /^\[proxy, load \/[^\]]*\] GET http:\/\/127\.0\.0\.1:\d+\/_astro\/leak-load-extra-module\.js .*not in the load-time allow-list/ },
    ],
    evades: ['quiet-after-load', 'third-party-requests', 'get-only-empty-body'],
  },
];
