import { describe, expect, it } from 'vitest';
import { findSvgRoot, svgDeclaredSize, svgRootOf } from './svg-root.ts';

const size = (tag: string) => {
  const root = findSvgRoot(tag);
  if (root.kind !== 'svg') throw new Error(`not svg: ${JSON.stringify(root)}`);
  return svgDeclaredSize(root.attributes);
};

describe('findSvgRoot', () => {
  it('finds the root after a long comment and a DOCTYPE', () => {
    const text = `<?xml version="1.0"?>\n<!-- ${'x'.repeat(200_000)} -->\n<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">\n<svg width="8" height="4"/>`;
    expect(findSvgRoot(text)).toMatchObject({ kind: 'svg' });
    expect(svgRootOf(new Uint8Array(Buffer.from(text)))).toMatchObject({ kind: 'svg' });
  });

  it('accepts a prefixed root and names what else it found', () => {
    expect(findSvgRoot('<svg:svg xmlns:svg="http://www.w3.org/2000/svg" svg:width="5" height="6"/>')).toMatchObject({ kind: 'svg' });
    expect(size('<svg:svg xmlns:svg="http://www.w3.org/2000/svg" svg:width="5" height="6"/>')).toEqual({ width: 5, height: 6 });
    expect(findSvgRoot('<html><svg/></html>')).toEqual({ kind: 'other', name: 'html' });
    expect(findSvgRoot('hello <svg/>')).toMatchObject({ kind: 'other', reason: expect.stringContaining('text') });
    expect(svgRootOf(new Uint8Array([0, 1, 2, 3]))).toEqual({ kind: 'none' });
  });

  it('reads UTF-16 files', () => {
    expect(svgRootOf(new Uint8Array(Buffer.from('\ufeff<svg width="7" height="9"/>', 'utf16le')))).toMatchObject({ kind: 'svg' });
  });
});

describe('svgDeclaredSize', () => {
  it('is not fooled by a > inside an attribute value', () => {
    expect(size('<svg aria-label="a > b" data-note=\'x>y\' width="120" height="80"><rect/></svg>')).toEqual({ width: 120, height: 80 });
  });

  it('uses units, the viewBox and the CSS default', () => {
    expect(size('<svg width="2in" height="96pt">')).toEqual({ width: 192, height: 128 });
    expect(size('<svg viewBox="0 0 640 480">')).toEqual({ width: 640, height: 480 });
    expect(size('<svg width="100%" height="100%" viewBox="0,0,64,32">')).toEqual({ width: 64, height: 32 });
    expect(size('<svg width="200" viewBox="0 0 100 50">')).toEqual({ width: 200, height: 100 });
    expect(size('<svg>')).toEqual({ width: 300, height: 150 });
    expect(size('<svg width="0" height="10">')).toEqual({ width: 0, height: 10 });
    expect(size('<svg width="1e400" height="1e400">')).toEqual({ unusable: 'its declared size (width="1e400" height="1e400" viewBox="") is not a usable number' });
    expect(size('<svg viewBox="0 0 1e400 5">')).toEqual({ width: 300, height: 150 });
  });
});
