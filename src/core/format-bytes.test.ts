import { describe, expect, it } from 'vitest';
import { formatBytes } from './format-bytes.ts';

describe('formatBytes', () => {
  it('uses decimal units with sensible precision', () => {
    expect(formatBytes(0)).toBe('0 B');
    expect(formatBytes(999)).toBe('999 B');
    expect(formatBytes(1000)).toBe('1.00 KB');
    expect(formatBytes(15_360)).toBe('15.4 KB');
    expect(formatBytes(204_800)).toBe('205 KB');
    expect(formatBytes(3_500_000)).toBe('3.50 MB');
    expect(formatBytes(-1)).toBe('–');
  });
  it('takes fixed decimals when a comparison must not round to equal', () => {
    expect(formatBytes(200_400, 1)).toBe('200.4 KB');
    expect(formatBytes(200_000, 1)).toBe('200.0 KB');
    expect(formatBytes(999, 2)).toBe('999 B');
  });
});
