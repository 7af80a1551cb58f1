import { describe, expect, it } from 'vitest';
import { stableIslandUids } from './island-uid.ts';

const hash = (text: string): string => `h${text.length}`;

describe('stableIslandUids', () => {
  it('replaces the path-dependent uid by one derived from the rest of the tag', () => {
    const a = '<astro-island uid="Z1yjqI4" component-url="/_astro/T.js" props="{}">x</astro-island>';
    const b = '<astro-island uid="1qMsAg" component-url="/_astro/T.js" props="{}">x</astro-island>';
    expect(stableIslandUids(a, hash)).toBe(stableIslandUids(b, hash));
    expect(stableIslandUids(a, hash)).toMatch(/^<astro-island uid="h\d+" component-url="\/_astro\/T\.js" props="\{\}">x<\/astro-island>$/);
  });

  it('keeps two identical islands of one page apart', () => {
    const island = '<astro-island uid="A" props="{}"></astro-island>';
    const out = stableIslandUids(`${island}${island}`, hash);
    expect([...out.matchAll(/uid="([^"]+)"/g)].map((m) => m[1])).toEqual(['h25', 'h25-1']);
  });

  it('leaves other markup alone', () => {
    const html = '<p uid="x">text</p><astro-slot></astro-slot>';
    expect(stableIslandUids(html, hash)).toBe(html);
  });
});
