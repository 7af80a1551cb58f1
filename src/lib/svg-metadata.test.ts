import { describe, expect, it } from 'vitest';
import { stripSvgMetadata, stripSvgMetadataBytes } from './svg-metadata.ts';

describe('stripSvgMetadata', () => {
  it('removes metadata, comments and editor attributes, and keeps the drawing', () => {
    const svg = '<svg xmlns="http://www.w3.org/2000/svg" inkscape:version="1.3 (Jane\'s laptop)"><!-- author: Jane --><metadata><rdf:RDF><dc:creator>Jane</dc:creator></rdf:RDF></metadata><sodipodi:namedview id="v" pagecolor="#fff"/><rect width="4" height="4" inkscape:label="Jane"/></svg>';
    const stripped = stripSvgMetadata(svg);
    expect(stripped).not.toMatch(/Jane/);
    expect(stripped).toBe('<svg xmlns="http://www.w3.org/2000/svg"><rect width="4" height="4"/></svg>');
  });

  it('is not fooled by ">" in attribute values or comment-like text in CDATA', () => {
    const svg = '<svg><sodipodi:namedview note="a > b"><inkscape:grid/></sodipodi:namedview><style><![CDATA[ a::after { content: "<!-- x -->" } ]]></style><rect inkscape:label="x>y" width="1"/><metadata note="/>">Jane</metadata></svg>';
    expect(stripSvgMetadata(svg)).toBe('<svg><style><![CDATA[ a::after { content: "<!-- x -->" } ]]></style><rect width="1"/></svg>');
  });

  it('reads UTF-16 and writes UTF-8', () => {
    const utf16 = Buffer.from('\ufeff<?xml version="1.0" encoding="UTF-16"?><svg><!-- c --><rect/></svg>', 'utf16le');
    expect(new TextDecoder().decode(stripSvgMetadataBytes(new Uint8Array(utf16)))).toBe('<?xml version="1.0"?><svg><rect/></svg>');
  });
});
