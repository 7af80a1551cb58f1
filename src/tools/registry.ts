/**
 * The list of tools. Adding a tool means adding its folder and one line here;
 * pages, navigation, the home page and the privacy audit all read this list.
 */
import type { ToolMeta } from './types.ts';
import { compress } from './compress/meta.ts';
import { convert } from './convert/meta.ts';
import { resize } from './resize/meta.ts';
import { metadata } from './metadata/meta.ts';
import { edit } from './edit/meta.ts';

const SLUG = /^[a-z][a-z0-9-]*$/;

/** Paths owned by other pages; a tool slug must not shadow them. */
export const RESERVED_SLUGS = ['privacy', 'terms', 'verify', 'licenses', '404', '_astro'] as const;

export function validateRegistry(list: readonly ToolMeta[]): readonly ToolMeta[] {
  const seen = new Set<string>();
  for (const tool of list) {
    if (!SLUG.test(tool.slug)) throw new Error(`Tool slug "${tool.slug}" must be lower-case letters, digits and dashes`);
    if ((RESERVED_SLUGS as readonly string[]).includes(tool.slug)) throw new Error(`Tool slug "${tool.slug}" is reserved`);
    if (seen.has(tool.slug)) throw new Error(`Tool slug "${tool.slug}" is declared twice`);
    if (!tool.title.trim() || !tool.description.trim()) throw new Error(`Tool "${tool.slug}" needs a title and a description`);
    if (tool.accepts.length === 0) throw new Error(`Tool "${tool.slug}" must accept at least one input format`);
    if (tool.status === 'available' && !tool.island) throw new Error(`Available tool "${tool.slug}" needs an island configuration`);
    seen.add(tool.slug);
  }
  return list;
}

export const tools: readonly ToolMeta[] = validateRegistry([compress, convert, resize, edit, metadata]);

export function findTool(slug: string): ToolMeta | undefined {
  return tools.find((tool) => tool.slug === slug);
}
