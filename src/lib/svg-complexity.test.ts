import { describe, expect, it } from 'vitest';
import { assessSvg, SVG_LIMITS } from './svg-complexity.ts';

const NS = 'xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"';

/** The issue's 2 KB file: 8 levels of ten <use> each, 10^8 rectangles. */
function useBomb(levels = 8, fanOut = 10, attribute = 'href'): string {
  let defs = '<rect id="l0" width="1" height="1"/>';
  for (let level = 1; level <= levels; level += 1) defs += `<g id="l${level}">${`<use ${attribute}="#l${level - 1}"/>`.repeat(fanOut)}</g>`;
  return `<svg ${NS} width="100" height="100"><defs>${defs}</defs><use ${attribute}="#l${levels}"/></svg>`;
}

describe('assessSvg', () => {
  it('refuses a <use> bomb with a specific reason, for href and xlink:href', () => {
    for (const attribute of ['href', 'xlink:href']) {
      const result = assessSvg(useBomb(8, 10, attribute));
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.reason).toMatch(/would draw about 2\d\d,\d{3},\d{3} elements \(limit 250,000\), a "use bomb"/);
    }
    expect(useBomb().length).toBeLessThan(2048);
  });

  it('accepts a drawing that reuses symbols moderately, and estimates what it draws', () => {
    const result = assessSvg(useBomb(3, 10));
    expect(result).toMatchObject({ ok: true, hasText: false, foreignObjects: 0 });
    if (result.ok) expect(result.drawn).toBeGreaterThan(1000);
  });

  it('counts url(#…) references to patterns and masks, and skips loops', () => {
    let patterns = '<pattern id="p0" width="1" height="1"><rect width="1" height="1"/></pattern>';
    for (let i = 1; i <= 12; i += 1) patterns += `<pattern id="p${i}" width="1" height="1">${`<rect width="1" height="1" fill="url(#p${i - 1})"/>`.repeat(8)}</pattern>`;
    expect(assessSvg(`<svg ${NS}><defs>${patterns}</defs><rect width="9" height="9" style="fill: url('#p12')"/></svg>`)).toMatchObject({ ok: false });
    const loop = `<svg ${NS}><g id="a"><use href="#b"/></g><g id="b"><use href="#a"/></g><use href="#a"/></svg>`;
    expect(assessSvg(loop)).toMatchObject({ ok: true });
  });

  it('counts a marker once per vertex', () => {
    const path = (vertices: number) => `M0 0${' l1 1'.repeat(vertices)}`;
    const svg = (vertices: number) => `<svg ${NS}><marker id="m"><rect width="1" height="1"/></marker><path marker-mid="url(#m)" d="${path(vertices)}"/></svg>`;
    expect(assessSvg(svg(1000))).toMatchObject({ ok: true });
    expect(assessSvg(svg(100_000))).toMatchObject({ ok: false, problem: 'complex' });
  });

  it('looks into data: SVG images', () => {
    const inner = Buffer.from(useBomb()).toString('base64');
    const result = assessSvg(`<svg ${NS} width="10" height="10"><image width="10" height="10" href="data:image/svg+xml;base64,${inner}"/></svg>`);
    expect(result).toMatchObject({ ok: false, reason: expect.stringContaining('an SVG image inside it is refused') });
    const plain = encodeURIComponent(`<svg ${NS}><text>hi</text></svg>`);
    expect(assessSvg(`<svg ${NS}><image href="data:image/svg+xml,${plain}"/></svg>`)).toMatchObject({ ok: true, hasText: true });
    // A broken embedded image is left undrawn by the renderer; it does not make the file invalid.
    expect(assessSvg(`<svg ${NS}><image href="data:image/svg+xml,${encodeURIComponent('<svg><g')}"/></svg>`)).toMatchObject({ ok: true });
  });

  it('refuses nested entity declarations (billion laughs) but allows plain ones', () => {
    const laughs = `<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY a "lol"><!ENTITY b "&a;&a;&a;&a;">]><svg ${NS}><text>&b;</text></svg>`;
    expect(assessSvg(laughs)).toMatchObject({ ok: false, reason: expect.stringContaining('entity') });
    const quadratic = `<!DOCTYPE svg [<!ENTITY a "${'x'.repeat(10_000)}">]><svg ${NS}><desc>${'&a;'.repeat(200)}</desc></svg>`;
    expect(assessSvg(quadratic)).toMatchObject({ ok: false, problem: 'complex', reason: 'its entities would expand to 2,000,000 characters (limit 1,048,576)' });
    let hidden = '<!DOCTYPE svg [<!ENTITY e0 "<rect id=\'l0\' width=\'1\' height=\'1\'/>">';
    for (let level = 1; level <= 8; level += 1) hidden += `<!ENTITY e${level} "<g id='l${level}'>${`<use href='#l${level - 1}'/>`.repeat(10)}</g>">`;
    hidden += `]><svg ${NS}><defs>${Array.from({ length: 9 }, (_, level) => `&e${level};`).join('')}</defs><use href="#l8"/></svg>`;
    expect(assessSvg(hidden)).toMatchObject({ ok: false, problem: 'complex', reason: expect.stringContaining('use bomb') });
    const illustrator = `<!DOCTYPE svg [<!ENTITY ns_svg "http://www.w3.org/2000/svg">]><svg xmlns="&ns_svg;"><rect/></svg>`;
    expect(assessSvg(illustrator)).toMatchObject({ ok: true });
  });

  it('reports text and foreignObject for the notes', () => {
    const diagram = `<svg ${NS}><rect/><foreignObject width="9" height="9"><div xmlns="http://www.w3.org/1999/xhtml">Label</div></foreignObject><text>t</text></svg>`;
    expect(assessSvg(diagram)).toMatchObject({ ok: true, hasText: true, foreignObjects: 1 });
  });

  it('bounds elements, filter primitives, depth and size', () => {
    const limits = { ...SVG_LIMITS, maxElements: 50, maxFilterPrimitives: 3, maxDepth: 8, maxChars: 10_000 };
    expect(assessSvg(`<svg ${NS}>${'<rect/>'.repeat(60)}</svg>`, limits)).toMatchObject({ ok: false, reason: expect.stringContaining('50 elements') });
    expect(assessSvg(`<svg ${NS}><filter id="f">${'<feGaussianBlur stdDeviation="9"/>'.repeat(4)}</filter></svg>`, limits)).toMatchObject({ ok: false, reason: expect.stringContaining('filter primitives') });
    expect(assessSvg(`<svg ${NS}>${'<g>'.repeat(9)}${'</g>'.repeat(9)}</svg>`, limits)).toMatchObject({ ok: false, reason: expect.stringContaining('nest') });
    expect(assessSvg(`<svg ${NS}>${' '.repeat(10_001)}</svg>`, limits)).toMatchObject({ ok: false, reason: expect.stringContaining('characters') });
  });

  it('refuses a filter region many times its element (resvg filters the whole region), and allows usual ones', () => {
    const filtered = (filter: string): string => `<svg ${NS} width="4000" height="4000">${filter}<feGaussianBlur stdDeviation="9"/></filter><rect width="40" height="40" filter="url(#f)"/></svg>`;
    expect(assessSvg(filtered('<filter id="f" x="-10" y="-10" width="20" height="20">'))).toMatchObject({ ok: false, problem: 'complex', reason: expect.stringContaining('about 20 times the size of the element') });
    expect(assessSvg(filtered('<filter id="f" width="2000%">'))).toMatchObject({ ok: false, reason: expect.stringContaining('filter') });
    for (const usual of ['<filter id="f">', '<filter id="f" x="-50%" y="-50%" width="200%" height="200%">', '<filter id="f" width="3.5" height="1">', '<filter id="f" filterUnits="userSpaceOnUse" width="4000" height="4000">']) {
      expect(assessSvg(filtered(usual)), usual).toMatchObject({ ok: true });
    }
  });

  it('refuses malformed and cut-short XML with the tokenizer\'s reason', () => {
    expect(assessSvg(`<svg ${NS}><rect width="1`)).toMatchObject({ ok: false, problem: 'malformed', reason: expect.stringContaining('not well-formed') });
    expect(assessSvg(`<svg ${NS}><g><rect/>`)).toMatchObject({ ok: false, problem: 'malformed', reason: expect.stringContaining('cut short') });
    const polyglot = `<svg ${NS}><rect/></svg>\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR<\xc5\x8b\xa0 b\xf6v\xe2=\x01`;
    expect(assessSvg(polyglot)).toEqual({ ok: false, problem: 'malformed', reason: 'it has data after the end of its root <svg> element' });
    expect(assessSvg(`<svg ${NS}/><!-- trailing comment -->\n`)).toMatchObject({ ok: true });
    expect(assessSvg(`<svg ${NS}>${'<rect/>'.repeat(9)}</svg>`, { ...SVG_LIMITS, maxElements: 5 })).toMatchObject({ ok: false, problem: 'complex' });
  });
});
