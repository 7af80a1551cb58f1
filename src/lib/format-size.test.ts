import { describe, expect, it } from 'vitest';
import { formatDuration, sizeChange } from './format-size.ts';

describe('sizeChange', () => {
  it('reports a saving as negative', () => {
    const change = sizeChange(1000, 580);
    expect(change).toMatchObject({ percent: -42, direction: 'smaller', text: '−42.0%' });
    expect(change.description).toBe('42.0% smaller than the original');
  });
  it('reports an increase honestly', () => {
    const change = sizeChange(1000, 1120);
    expect(change).toMatchObject({ percent: 12, direction: 'larger', text: '+12.0%' });
    expect(change.description).toMatch(/larger/);
  });
  it('handles equal sizes, tiny changes and a zero original', () => {
    expect(sizeChange(500, 500).direction).toBe('same');
    expect(sizeChange(100_000, 100_010)).toMatchObject({ text: '±0%', direction: 'larger' });
    expect(sizeChange(0, 10).text).toBe('–');
  });
});

describe('formatDuration', () => {
  it('formats remaining time', () => {
    expect(formatDuration(undefined)).toBeUndefined();
    expect(formatDuration(1200)).toBe('under 5 s');
    expect(formatDuration(42_000)).toBe('42 s');
    expect(formatDuration(65_000)).toBe('1 min 05 s');
    expect(formatDuration(3_720_000)).toBe('1 h 02 min');
  });
});
