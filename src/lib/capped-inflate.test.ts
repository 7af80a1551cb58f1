import { constants, deflateSync, deflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';

// Making a 1 GiB bomb takes about a second on an idle machine, several on a busy one.
const BOMB_TIMEOUT = 60_000;
import { InflateCapExceeded, inflateCapped } from './capped-inflate.ts';

describe('inflateCapped', () => {
  it('inflates ordinary zlib and raw deflate data', () => {
    const text = new TextEncoder().encode('Imglio '.repeat(1000));
    expect(inflateCapped(deflateSync(text), 1 << 20)).toEqual(text);
    expect(inflateCapped(deflateRawSync(text), 1 << 20, { wrapper: 'raw' })).toEqual(text);
  });

  it('stops a 1 GiB bomb at the cap without producing the gigabyte', () => {
    const bomb = deflateSync(Buffer.alloc(1 << 30), { level: 9, strategy: constants.Z_RLE });
    expect(bomb.length).toBeLessThan(2 << 20);
    const before = process.memoryUsage().arrayBuffers;
    expect(() => inflateCapped(bomb, 16 << 20)).toThrow(InflateCapExceeded);
    expect(() => inflateCapped(bomb, 16 << 20)).toThrow(/inflates to more than 16777216 bytes/);
    // Nothing near the inflated size was kept.
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(256 << 20);
  }, BOMB_TIMEOUT);

  it('tightens the cap to what the data\'s own header declares, after feeding only a little input', () => {
    const declared = new Uint8Array(1 << 20);
    declared.set([0, 0, 4, 0], 0); // "1024 bytes"
    const limitFromHeader = (head: Uint8Array) => (head[2] ?? 0) * 256 + (head[3] ?? 0);
    expect(() => inflateCapped(deflateSync(declared), 16 << 20, { limitFromHeader })).toThrow('it inflates to more than 1024 bytes');
    expect(inflateCapped(deflateSync(declared.subarray(0, 1024)), 16 << 20, { limitFromHeader }).length).toBe(1024);
    expect(() => inflateCapped(deflateSync(Buffer.alloc(1 << 30)), 16 << 20, { limitFromHeader: () => { throw new RangeError('no profile'); } })).toThrow('no profile');
  }, BOMB_TIMEOUT);

  it('truncates at the size when asked (a TIFF strip needs no more)', () => {
    const data = deflateSync(Buffer.alloc(1 << 20, 7));
    const out = inflateCapped(data, 1000, { truncate: true });
    expect([out.length, out[999]]).toEqual([1000, 7]);
  });

  it('throws on a damaged stream', () => {
    expect(() => inflateCapped(Uint8Array.from([0x78, 0x9c, 0xff, 0xff, 0xff]), 1000)).toThrow();
  });
});
