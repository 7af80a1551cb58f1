import { describe, expect, it } from 'vitest';
import { svgRenderSize } from './svg-render-size.ts';

const icon = { width: 24, height: 32 };
const resize = (extra: object) => ({ resize: { fit: 'contain' as const, method: 'lanczos3' as const, allowEnlarge: true, ...extra } });

describe('svgRenderSize', () => {
  it('renders at the intrinsic size unless the job enlarges', () => {
    expect(svgRenderSize(icon, undefined)).toEqual(icon);
    expect(svgRenderSize(icon, resize({ width: 12 }))).toEqual(icon);
    expect(svgRenderSize(icon, resize({ width: 240, allowEnlarge: false }))).toEqual(icon);
  });

  it('renders directly at the enlarged size, whatever the fit or rotation', () => {
    expect(svgRenderSize(icon, resize({ width: 240 }))).toEqual({ width: 240, height: 320 });
    expect(svgRenderSize(icon, resize({ percent: 250 }))).toEqual({ width: 60, height: 80 });
    expect(svgRenderSize(icon, resize({ width: 100, height: 100, fit: 'cover' }))).toEqual({ width: 100, height: 133 });
    expect(svgRenderSize(icon, { rotate: 90, ...resize({ width: 320 }) })).toEqual({ width: 240, height: 320 });
  });

  it('keeps the intrinsic scale when a crop refers to it', () => {
    expect(svgRenderSize(icon, { crop: { x: 0, y: 0, width: 10, height: 10 }, ...resize({ width: 100 }) })).toEqual(icon);
  });
});
