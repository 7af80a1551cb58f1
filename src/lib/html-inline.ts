/**
 * Finds the inline code in built HTML that a hash-based CSP must allow, and
 * markup that such a CSP blocks. Works on Astro's generated HTML, which is
 * well-formed; this is not a general HTML parser.
 */

export interface InlineCode {
  scripts: string[];
  styles: string[];
}

const SCRIPT = /<script\b([^>]*)>([\s\S]*?)<\/script\s*>/gi;
const STYLE = /<style\b[^>]*>([\s\S]*?)<\/style\s*>/gi;
const TAG = /<[a-zA-Z][^>]*>/g;

/** Non-executable script types (data blocks) need no hash. */
const DATA_SCRIPT_TYPE = /\btype\s*=\s*["']?(application\/(ld\+)?json|text\/plain)/i;

function stripInlineCode(html: string): string {
  return html.replace(SCRIPT, '<script></script>').replace(STYLE, '<style></style>');
}

export function findInlineCode(html: string): InlineCode {
  const scripts: string[] = [];
  const styles: string[] = [];
  for (const match of html.matchAll(SCRIPT)) {
    const attributes = match[1] ?? '';
    const body = match[2] ?? '';
    if (/\bsrc\s*=/i.test(attributes) || DATA_SCRIPT_TYPE.test(attributes)) continue;
    scripts.push(body);
  }
  for (const match of html.matchAll(STYLE)) styles.push(match[1] ?? '');
  return { scripts, styles };
}

/** style="…" attributes, on*="…" handlers and javascript: URLs are blocked by the policy. */
export function findCspBlockedMarkup(html: string): string[] {
  const problems: string[] = [];
  for (const match of stripInlineCode(html).matchAll(TAG)) {
    const tag = match[0];
    if (/\sstyle\s*=/i.test(tag)) problems.push(`inline style attribute in ${tag.slice(0, 80)}`);
    if (/\son[a-z]+\s*=/i.test(tag)) problems.push(`inline event handler in ${tag.slice(0, 80)}`);
    if (/=\s*["']?\s*javascript:/i.test(tag)) problems.push(`javascript: URL in ${tag.slice(0, 80)}`);
  }
  return problems;
}
