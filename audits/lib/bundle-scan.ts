/**
 * Static scan of shipped code for channels that escape CSP or the network
 * recorders (WebRTC sends UDP that no proxy sees; beacons, pings and
 * prefetch hints are sent by the browser on the page's behalf), plus the
 * reference extraction used to crawl a remote deployment. Pure.
 */

export interface ScanHit {
  readonly api: string;
  readonly file: string;
  readonly line: number;
  readonly excerpt: string;
}

interface Rule {
  readonly api: string;
  readonly pattern: RegExp;
  readonly in: 'js' | 'html' | 'both';
}

const RULES: readonly Rule[] = [
  { api: 'RTCPeerConnection', pattern: /\b(?:webkit|moz)?RTCPeerConnection\b|\bRTCDataChannel\b|\bRTCIceTransport\b/g, in: 'both' },
  { api: 'sendBeacon', pattern: /\bsendBeacon\b/g, in: 'both' },
  { api: '<a ping>', pattern: /<(?:a|area)\b[^>]*\sping\s*=/gi, in: 'html' },
  { api: '<a ping>', pattern: /\.ping\s*=(?!=)|setAttribute\(\s*["'`]ping["'`]|[{,]\s*ping\s*:/g, in: 'js' },
  { api: 'rel=prefetch|preconnect|dns-prefetch|prerender', pattern: /<link\b[^>]*\brel\s*=\s*["']?[^"'>]*\b(?:prefetch|preconnect|dns-prefetch|prerender)\b/gi, in: 'html' },
  { api: 'rel=prefetch|preconnect|dns-prefetch|prerender', pattern: /["'`](?:prefetch|preconnect|dns-prefetch|prerender)["'`]/g, in: 'js' },
  { api: 'speculation rules', pattern: /<script\b[^>]*speculationrules/gi, in: 'html' },
  { api: 'speculation rules', pattern: /["'`]speculationrules["'`]/g, in: 'js' },
];

export function isHtml(path: string): boolean {
  return /\.html?$/i.test(path) || path.endsWith('/');
}

/** Every use of a listed API in one file's text. */
export function scanText(file: string, text: string): ScanHit[] {
  if (!isHtml(file)) return scanWith(file, text, 'js');
  // In a page, prose may name these APIs (the verify page does); only markup and inline code count.
  const markup = text.replace(/(<script\b[^>]*>)([\s\S]*?)(<\/script>)/gi, (_all, open: string, code: string, close: string) => `${open}${' '.repeat(code.length)}${close}`);
  const hits = scanWith(file, markup, 'html');
  for (const match of text.matchAll(/<script\b[^>]*>([\s\S]*?)<\/script>/gi)) {
    const offset = (match.index ?? 0) + match[0].indexOf('>') + 1;
    const padded = `${text.slice(0, offset).replace(/[^\n]/g, ' ')}${match[1] ?? ''}`;
    hits.push(...scanWith(file, padded, 'js'));
  }
  return hits;
}

function scanWith(file: string, text: string, kind: 'js' | 'html'): ScanHit[] {
  const hits: ScanHit[] = [];
  for (const rule of RULES) {
    if (rule.in !== 'both' && rule.in !== kind) continue;
    if (rule.in === 'both' && kind === 'html') continue;
    for (const match of text.matchAll(rule.pattern)) {
      const index = match.index ?? 0;
      const line = text.slice(0, index).split('\n').length;
      const excerpt = text.slice(Math.max(0, index - 40), index + match[0].length + 40).replace(/\s+/g, ' ');
      hits.push({ api: rule.api, file, line, excerpt });
    }
  }
  return hits;
}

/**
 * Same-origin URLs a file refers to (pages, scripts, styles, workers,
 * dynamic imports), resolved against the file's own URL.
 */
export function references(fileUrl: string, text: string): string[] {
  const base = new URL(fileUrl);
  const found = new Set<string>();
  const add = (raw: string) => {
    if (!raw || raw.startsWith('data:') || raw.startsWith('blob:') || raw.startsWith('#') || raw.startsWith('mailto:') || raw.startsWith('javascript:')) return;
    try {
      const url = new URL(raw, base);
      if (url.origin !== base.origin) return;
      url.hash = '';
      found.add(url.href);
    } catch {
      // not a URL
    }
  };
  if (isHtml(base.pathname)) {
    for (const match of text.matchAll(/\s(?:src|href|component-url|renderer-url|before-hydration-url|data-src)\s*=\s*["']([^"']+)["']/gi)) add(match[1] ?? '');
    for (const match of text.matchAll(/<script\b[^>]*>([\s\S]*?)<\/script>/gi)) for (const ref of jsReferences(match[1] ?? '')) add(ref);
  } else {
    for (const ref of jsReferences(text)) add(ref);
    // Vite's preload list (__vite__mapDeps) names chunks relative to the chunk ("./x.js", with a relative
    // base) or to the site root ("_astro/x.js"); the site root is the parent of the chunk's /_astro/ folder,
    // so a site under a path prefix resolves too.
    const siteRoot = /\/_astro\/[^/]*$/.test(base.pathname) ? new URL('../', base) : new URL('/', base);
    for (const list of text.matchAll(/\bm\.f\s*=\s*\[([^\]]*)\]/g)) {
      for (const item of (list[1] ?? '').matchAll(/["'`]([\w\-./]+\.m?js)["'`]/g)) {
        const entry = item[1] ?? '';
        add(new URL(entry, entry.startsWith('./') || entry.startsWith('../') ? base : siteRoot).href);
      }
    }
  }
  return [...found];
}

function jsReferences(code: string): string[] {
  const refs: string[] = [];
  const patterns = [
    /\bimport\s*(?:[\w$*{}\s,]+from\s*)?["'`]([^"'`]+)["'`]/g,
    /\bimport\(\s*["'`]([^"'`]+)["'`]\s*\)/g,
    /new\s+URL\(\s*["'`]([^"'`]+)["'`]\s*,\s*import\.meta\.url/g,
    /\bimportScripts\(\s*["'`]([^"'`]+)["'`]/g,
    /["'`]((?:\.{1,2}\/|\/)[\w\-./]+\.(?:m?js|css|html|json|webmanifest|svg))["'`]/g,
  ];
  for (const pattern of patterns) for (const match of code.matchAll(pattern)) refs.push(match[1] ?? '');
  return refs;
}
