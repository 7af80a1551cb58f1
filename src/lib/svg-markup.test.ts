import { describe, expect, it } from 'vitest';
import { decodeAttributeValue, markupTokens } from './svg-markup.ts';

describe('markupTokens', () => {
  it('reads a > inside a quoted attribute as part of the value', () => {
    const [token] = [...markupTokens('<svg data-x="a>b" width=\'20\' height="10"><g/></svg>')];
    expect(token).toMatchObject({ kind: 'start', name: 'svg', selfClosing: false });
    if (token?.kind !== 'start') throw new Error('no start tag');
    expect(Object.fromEntries(token.attributes)).toEqual({ 'data-x': 'a>b', width: '20', height: '10' });
  });

  it('skips comments, processing instructions, CDATA and a DOCTYPE with an internal subset', () => {
    const kinds = [...markupTokens('<?xml version="1.0"?><!-- a > b --><!DOCTYPE svg [<!ENTITY e "x>y"> <!-- ] -->]><svg><![CDATA[<no>]]></svg>')].map((token) => token.kind);
    expect(kinds).toEqual(['pi', 'comment', 'doctype', 'start', 'cdata', 'end']);
  });

  it('stops with a reason at malformed markup, and every step moves forward', () => {
    expect([...markupTokens('<svg width="10')].at(-1)).toMatchObject({ kind: 'malformed', reason: expect.stringContaining('width') });
    expect([...markupTokens('<!-- never closed')].at(-1)).toMatchObject({ kind: 'malformed' });
    expect([...markupTokens('< svg>')].at(-1)).toMatchObject({ kind: 'malformed' });
    expect([...markupTokens('<svg width=10>')].at(-1)).toMatchObject({ kind: 'malformed', reason: expect.stringContaining('not quoted') });
    // Binary never reaches a message.
    expect([...markupTokens('<\u00c5\u008b\u00a0 b\u00f6v=1>')].at(-1)).toMatchObject({ kind: 'malformed', reason: 'an attribute of a tag is not quoted' });
  });

  it('honours the token bound', () => {
    expect([...markupTokens('<a/>'.repeat(100), 10)]).toHaveLength(10);
  });
});

describe('decodeAttributeValue', () => {
  it('resolves predefined and numeric references only', () => {
    expect(decodeAttributeValue('#a&#49;&amp;&lt;&#x32;&custom;')).toBe('#a1&<2&custom;');
  });
});
