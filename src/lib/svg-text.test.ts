import { describe, expect, it } from 'vitest';
import { decodeSvgText, svgEncoding, svgPrologText } from './svg-text.ts';

const svg = '<svg xmlns="http://www.w3.org/2000/svg" width="3" height="2"/>';
const utf16be = (text: string): Uint8Array => {
  const le = new Uint8Array(Buffer.from(text, 'utf16le'));
  for (let i = 0; i + 1 < le.length; i += 2) [le[i], le[i + 1]] = [le[i + 1] ?? 0, le[i] ?? 0];
  return le;
};

describe('SVG text', () => {
  it('decodes UTF-16 LE and BE, with a BOM or recognised from "<"', () => {
    const le = new Uint8Array(Buffer.from(`\ufeff${svg}`, 'utf16le'));
    expect(svgEncoding(le)).toBe('utf-16le');
    expect(decodeSvgText(le)).toBe(svg);
    expect(svgEncoding(utf16be(`\ufeff${svg}`))).toBe('utf-16be');
    expect(decodeSvgText(utf16be(`\ufeff${svg}`))).toBe(svg);
    expect(decodeSvgText(new Uint8Array(Buffer.from(svg, 'utf16le')))).toBe(svg);
    expect(decodeSvgText(utf16be(svg))).toBe(svg);
  });

  it('drops a UTF-8 BOM, and refuses at once what cannot be markup', () => {
    expect(decodeSvgText(new Uint8Array([0xef, 0xbb, 0xbf, ...Buffer.from(svg)]))).toBe(svg);
    expect(svgPrologText(new Uint8Array([0x89, 0x50, 0x4e, 0x47]))).toBeNull();
    expect(svgPrologText(new Uint8Array(Buffer.from('  \n hello')))).toBeNull();
  });
});
