/**
 * Astro names each island `<astro-island uid="…">` with a hash that includes
 * the component's absolute file path, so the same commit built in two
 * directories gives different HTML. Nothing reads the uid (Astro's island
 * runtime does not), but it must not vary: each is replaced by a hash of the
 * island's opening tag (chunk URL, props, options: all content-derived),
 * with a suffix when a page has two identical islands.
 *
 * Pure: the hash function is passed in.
 */
const ISLAND_UID = /<astro-island\b([^>]*?)\suid="[^"]*"([^>]*)>/g;

export function stableIslandUids(html: string, hash: (text: string) => string): string {
  const seen = new Map<string, number>();
  return html.replace(ISLAND_UID, (_tag, before: string, after: string) => {
    const base = hash(`<astro-island${before}${after}>`);
    const count = seen.get(base) ?? 0;
    seen.set(base, count + 1);
    return `<astro-island${before} uid="${count === 0 ? base : `${base}-${count}`}"${after}>`;
  });
}
