/**
 * The tool list as the deployment itself publishes it: the tool cards of its
 * home page (`<article class="tool-card">` with a link to `/<slug>/` and a
 * "Coming soon" badge on tools that are not available yet). The audit takes
 * its tools from here, not from the site's source. Pure: no Node, no DOM.
 */
export interface PublishedTool {
  readonly slug: string;
  readonly title: string;
  readonly status: 'available' | 'coming-soon';
}

const entities: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'", apos: "'" };
const text = (html: string) => html.replace(/<[^>]*>/g, '').replace(/&(amp|lt|gt|quot|#39|apos);/g, (_, e: string) => entities[e] ?? '').replace(/\s+/g, ' ').trim();

export function toolsFromHomePage(html: string, homeUrl: string): PublishedTool[] {
  const home = new URL(homeUrl);
  const tools: PublishedTool[] = [];
  for (const card of html.matchAll(/<article\b[^>]*\bclass\s*=\s*["'][^"']*\btool-card\b[^"']*["'][^>]*>([\s\S]*?)<\/article>/gi)) {
    const body = card[1] ?? '';
    const link = /<a\b[^>]*\shref\s*=\s*["']([^"']+)["'][^>]*>([\s\S]*?)<\/a>/i.exec(body);
    if (!link) continue;
    const url = new URL(link[1] ?? '', home);
    if (url.origin !== home.origin || !url.pathname.startsWith(home.pathname)) continue;
    const slug = url.pathname.slice(home.pathname.length).replace(/\/$/, '');
    if (!/^[a-z][a-z0-9-]*$/.test(slug) || tools.some((t) => t.slug === slug)) continue;
    const comingSoon = /class\s*=\s*["'][^"']*\bbadge\b[^"']*["'][^>]*>\s*Coming soon/i.test(body);
    tools.push({ slug, title: text(link[2] ?? ''), status: comingSoon ? 'coming-soon' : 'available' });
  }
  return tools;
}
