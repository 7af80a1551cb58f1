import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { iccDescription, isRgbProfile } from './icc-description.ts';

describe('iccDescription', () => {
  it('reads the name of the profiles libvips ships (v2 desc and v4 mluc)', async () => {
    for (const [name, expected] of [['p3', 'sP3C'], ['srgb', /sRGB/], ['cmyk', /.+/]] as const) {
      const { icc } = await sharp({ create: { width: 1, height: 1, channels: 3, background: '#fff' } }).jpeg().withIccProfile(name).toBuffer().then((b) => sharp(b).metadata());
      expect(icc, name).toBeDefined();
      expect(iccDescription(new Uint8Array(icc as Buffer)), name).toMatch(expected);
    }
  });

  it('tells RGB profiles from CMYK ones', async () => {
    const profile = async (name: string) => new Uint8Array((await sharp({ create: { width: 1, height: 1, channels: 3, background: '#fff' } }).jpeg().withIccProfile(name).toBuffer().then((b) => sharp(b).metadata())).icc as Buffer);
    expect(isRgbProfile(await profile('p3'))).toBe(true);
    expect(isRgbProfile(await profile('cmyk'))).toBe(false);
    expect(isRgbProfile(new Uint8Array(200))).toBe(false);
  });

  it('returns undefined for bytes that are not a profile', () => {
    expect(iccDescription(new Uint8Array(200))).toBeUndefined();
  });
});
