// @ts-check
import { afterEach, describe, expect, it } from 'vitest';
import { zipTimestamp } from './bundle.mjs';

describe('zipTimestamp', () => {
  const original = process.env['TZ'];
  afterEach(() => {
    if (original === undefined) delete process.env['TZ'];
    else process.env['TZ'] = original;
  });

  it('gives local fields equal to the UTC time of the epoch, in any time zone', () => {
    const epoch = Date.UTC(2026, 11, 1, 19, 24, 8) / 1000;
    for (const zone of ['UTC', 'Pacific/Kiritimati', 'America/St_Johns']) {
      process.env['TZ'] = zone;
      const date = zipTimestamp(epoch);
      expect([date.getFullYear(), date.getMonth(), date.getDate(), date.getHours(), date.getMinutes(), date.getSeconds()], zone).toEqual([2026, 11, 1, 19, 24, 8]);
    }
  });

  it('clamps dates before 1980, which ZIP cannot store', () => {
    process.env['TZ'] = 'UTC';
    expect(zipTimestamp(0).getFullYear()).toBe(1980);
  });
});
