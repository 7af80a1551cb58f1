import { describe, expect, it } from 'vitest';
import { stripSvgMetadata } from './svg-metadata.ts';

describe('stripSvgMetadata', () => {
  it('removes metadata, comments and editor attributes, and keeps the drawing', () => {
    const svg = '<svg xmlns="http://www.w3.org/2000/svg" inkscape:version="1.3 (Jane\'s laptop)"><!-- author: Jane --><metadata><rdf:RDF><dc:creator>Jane</dc:creator></rdf:RDF></metadata><sodipodi:namedview id="v" pagecolor="#fff"/><rect width="4" height="4" inkscape:label="Jane"/></svg>';
    const stripped = stripSvgMetadata(svg);
    expect(stripped).not.toMatch(/Jane/);
    expect(stripped).toBe('<svg xmlns="http://www.w3.org/2000/svg"><rect width="4" height="4"/></svg>');
  });
});
