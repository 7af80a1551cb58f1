/**
 * The load-time allow-list's raw material: which same-origin files a page
 * makes the browser load by itself while it loads. From the HTML: its
 * stylesheets, scripts (src, module preloads, Astro island component and
 * renderer URLs), images and icons, the web app manifest; from each script,
 * its static imports (not dynamic ones: those load on use, after load, and
 * are the code inventory's business); from each stylesheet, its @imports
 * and url()s. Links to other pages (<a href>) are navigations, not loads.
 */

export interface PageFile {
  readonly url: string;
  /** Why it is on the list: what refers to it, and how. */
  readonly why: string;
}

function sameOrigin(raw: string, base: URL): string | null {
  const value = raw.trim();
  if (!value || /^(data|blob|mailto|javascript|about):/i.test(value) || value.startsWith('#')) return null;
  try {
    const url = new URL(value, base);
    if (url.origin !== base.origin) return null;
    url.hash = '';
    return url.href;
  } catch {
    return null;
  }
}

const attribute = (tag: string, name: string): string | null => {
  const match = new RegExp(`\\s${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)'|([^\\s>]+))`, 'i').exec(tag);
  return match ? (match[1] ?? match[2] ?? match[3] ?? '') : null;
};

const LOADING_RELS = /\b(stylesheet|icon|apple-touch-icon|mask-icon|manifest|modulepreload|preload)\b/i;

/** Files the HTML itself makes the browser load (not following scripts or styles). */
export function htmlLoads(pageUrl: string, html: string): PageFile[] {
  const base = new URL(pageUrl);
  const found: PageFile[] = [];
  const add = (raw: string | null, why: string) => {
    const url = raw === null ? null : sameOrigin(raw, base);
    if (url) found.push({ url, why });
  };
  // Comments never load anything.
  const markup = html.replace(/<!--[\s\S]*?-->/g, '');
  for (const match of markup.matchAll(/<link\b[^>]*>/gi)) {
    const tag = match[0];
    const rel = attribute(tag, 'rel') ?? '';
    if (LOADING_RELS.test(rel)) add(attribute(tag, 'href'), `<link rel="${rel}">`);
  }
  for (const match of markup.matchAll(/<script\b[^>]*>/gi)) add(attribute(match[0], 'src'), '<script src>');
  for (const match of markup.matchAll(/<(img|source|video|audio|input|track|embed)\b[^>]*>/gi)) {
    const tag = match[0];
    add(attribute(tag, 'src'), `<${match[1]} src>`);
    add(attribute(tag, 'poster'), `<${match[1]} poster>`);
    for (const candidate of (attribute(tag, 'srcset') ?? '').split(',')) add(candidate.trim().split(/\s+/)[0] ?? '', `<${match[1]} srcset>`);
  }
  for (const match of markup.matchAll(/<astro-island\b[^>]*>/gi)) {
    for (const name of ['component-url', 'renderer-url', 'before-hydration-url']) add(attribute(match[0], name), `<astro-island ${name}>`);
  }
  for (const match of markup.matchAll(/<style\b[^>]*>([\s\S]*?)<\/style>/gi)) {
    for (const ref of cssLoads(pageUrl, match[1] ?? '')) found.push({ url: ref.url, why: `inline <style> ${ref.why}` });
  }
  return found;
}

/** A script's static imports (`import … from "x"`, `import "x"`, `export … from "x"`), not `import("x")`. */
export function staticImports(scriptUrl: string, code: string): PageFile[] {
  const base = new URL(scriptUrl);
  const found: PageFile[] = [];
  const patterns = [
    /(?:^|[;\n}\s])import\s*(?:[\w$]+\s*,?\s*)?(?:\*\s*as\s*[\w$]+|\{[^}]*\})?\s*(?:from\s*)?["']([^"']+)["']/g,
    /(?:^|[;\n}\s])export\s*(?:\*(?:\s*as\s*[\w$]+)?|\{[^}]*\})\s*from\s*["']([^"']+)["']/g,
  ];
  for (const pattern of patterns) {
    for (const match of code.matchAll(pattern)) {
      const url = sameOrigin(match[1] ?? '', base);
      if (url) found.push({ url, why: `static import in ${base.pathname}` });
    }
  }
  return found;
}

/** A stylesheet's @imports and url()s. */
export function cssLoads(cssUrl: string, css: string): PageFile[] {
  const base = new URL(cssUrl);
  const found: PageFile[] = [];
  const text = css.replace(/\/\*[\s\S]*?\*\//g, '');
  for (const match of text.matchAll(/@import\s+(?:url\(\s*)?["']?([^"')\s;]+)/gi)) {
    const url = sameOrigin(match[1] ?? '', base);
    if (url) found.push({ url, why: `@import in ${base.pathname}` });
  }
  for (const match of text.matchAll(/url\(\s*(?:"([^"]*)"|'([^']*)'|([^)\s]*))\s*\)/gi)) {
    const url = sameOrigin(match[1] ?? match[2] ?? match[3] ?? '', base);
    if (url) found.push({ url, why: `url() in ${base.pathname}` });
  }
  return found;
}

/** The id of the JSON block in which the build writes a page's idle prefetch list (src/integrations/prefetch-list.ts). */
export const PREFETCH_LIST_ID = 'imglio-prefetch-order';

/**
 * The idle prefetch list a page declares (`<script type="application/json" id="imglio-prefetch-order">`),
 * in order, as absolute URLs; null when the page declares none or the block is not a list of strings.
 */
export function declaredPrefetch(pageUrl: string, html: string): string[] | null {
  const block = new RegExp(`<script\\b[^>]*\\bid\\s*=\\s*["']?${PREFETCH_LIST_ID}["']?[^>]*>([\\s\\S]*?)</script>`, 'i').exec(html);
  if (!block) return null;
  let list: unknown;
  try {
    list = JSON.parse(block[1] ?? '');
  } catch {
    return null;
  }
  if (!Array.isArray(list) || !list.every((entry) => typeof entry === 'string')) return null;
  return (list as string[]).map((entry) => new URL(entry, pageUrl).href);
}
