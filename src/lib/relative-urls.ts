/**
 * Page-relative URLs, so one build works at `/` and under any path prefix
 * (`/tools/imglio/`) without rebuilding. Astro writes root-absolute URLs
 * ("/_astro/x.js", "/compress/"); each page is served at a known depth below
 * the site root, so "/x" becomes "../x" on /compress/ and "./x" on /.
 *
 * The 404 page is the exception: it is served at any depth, so it links only
 * through NOT_FOUND_LINK_SEGMENT, which the server resolves from anywhere
 * (nginx.conf's site locations, scripts/serve.mjs).
 *
 * Pure: strings in, strings out.
 */

/** "_imglio/<page>" relative to any URL of the site redirects to <site root><page> (see the 404 page). */
export const NOT_FOUND_LINK_SEGMENT = '_imglio/';

/** Attributes that hold one URL; Astro writes them double-quoted. */
const URL_ATTRIBUTES = ['href', 'src', 'component-url', 'renderer-url', 'before-hydration-url', 'poster', 'action'] as const;
const ROOT_ABSOLUTE_ATTRIBUTE = new RegExp(`(\\s(?:${URL_ATTRIBUTES.join('|')})=")(/(?!/)[^"]*)"`, 'g');
const ANY_ROOT_ABSOLUTE = new RegExp(`\\s(?:${URL_ATTRIBUTES.join('|')}|srcset)\\s*=\\s*["']?/(?!/)`, 'i');

/** The URL path a built HTML file is served at: "/index.html" → "/", "/a/index.html" → "/a/", "/404.html" → "/404.html". */
export function servedPathOf(htmlFile: string): string {
  return htmlFile.endsWith('/index.html') ? htmlFile.slice(0, -'index.html'.length) : htmlFile;
}

/** From the directory of `servedPath` up to the site root: "./" at the root, "../" per directory level. */
export function upToRoot(servedPath: string): string {
  if (!servedPath.startsWith('/')) throw new Error(`servedPath must start with "/": ${servedPath}`);
  const depth = servedPath.slice(1).split('/').length - 1;
  return depth === 0 ? './' : '../'.repeat(depth);
}

/** A root-absolute URL ("/_astro/x.js?v#h") as seen from a page served at `servedPath`. */
export function toPageRelative(url: string, servedPath: string): string {
  if (!url.startsWith('/') || url.startsWith('//')) throw new Error(`not a root-absolute URL: ${url}`);
  return `${upToRoot(servedPath)}${url.slice(1)}`;
}

/** Rewrites every root-absolute URL attribute of a page; protocol-relative, absolute, data: and # URLs stay. */
export function relativizeAttributes(html: string, servedPath: string): string {
  return html.replace(ROOT_ABSOLUTE_ATTRIBUTE, (_match, start: string, url: string) => `${start}${toPageRelative(url, servedPath)}"`);
}

/**
 * Rewrites the root-absolute entries of a JSON list data block
 * (`<script type="application/json" id="…">[…]</script>`); "<" stays escaped.
 */
export function relativizeJsonList(html: string, id: string, servedPath: string): string {
  const block = new RegExp(`(<script type="application/json" id="${id}">)([\\s\\S]*?)(</script>)`);
  return html.replace(block, (_match, open: string, json: string, close: string) => {
    const list: unknown = JSON.parse(json);
    if (!Array.isArray(list)) throw new Error(`#${id} is not a JSON list`);
    const relative = list.map((entry: unknown) => (typeof entry === 'string' && entry.startsWith('/') && !entry.startsWith('//') ? toPageRelative(entry, servedPath) : entry));
    return `${open}${JSON.stringify(relative).replace(/</g, '\\u003c')}${close}`;
  });
}

/** Whether markup still names a root-absolute URL in an attribute (which would break under a prefix). */
export function hasRootAbsoluteUrl(html: string): boolean {
  return ANY_ROOT_ABSOLUTE.test(html.replace(/<!--[\s\S]*?-->/g, ''));
}

/**
 * What the 404 page may refer to, since it is served at any depth: nothing it
 * loads (no src, no stylesheet or module link), and links only to "#…" or
 * through NOT_FOUND_LINK_SEGMENT. Returns the offending URLs.
 */
export function notFoundPageProblems(html: string): string[] {
  const problems: string[] = [];
  const markup = html.replace(/<!--[\s\S]*?-->/g, '');
  for (const match of markup.matchAll(/\s(src|srcset|component-url|renderer-url|before-hydration-url|poster|action)\s*=\s*["']([^"']*)["']/gi)) {
    problems.push(`${match[1]}="${match[2]}" (the 404 page may load nothing)`);
  }
  for (const match of markup.matchAll(/<link\b[^>]*\bhref\s*=\s*["']([^"']*)["'][^>]*>/gi)) {
    if (!(match[1] ?? '').startsWith('data:')) problems.push(`<link href="${match[1]}"> (the 404 page may load nothing)`);
  }
  for (const match of markup.matchAll(/<a\b[^>]*\bhref\s*=\s*["']([^"']*)["']/gi)) {
    const href = match[1] ?? '';
    if (!href.startsWith('#') && !href.startsWith(NOT_FOUND_LINK_SEGMENT)) problems.push(`<a href="${href}"> (use "${NOT_FOUND_LINK_SEGMENT}<page>")`);
  }
  return problems;
}
