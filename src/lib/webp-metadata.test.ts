import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { MAX_WEBP_CHUNKS } from './parse-limits.ts';
import { structuralProblem } from './structure-check.ts';
import { webpChunks } from './webp-metadata.ts';

const webp = () => sharp({ create: { width: 8, height: 8, channels: 3, background: '#808080' } }).webp().toBuffer();

describe('WebP RIFF walks are bounded', () => {
  it('refuses a chunk whose size overflows the file', async () => {
    const bad = Buffer.from(await webp());
    bad.writeUInt32LE(0xfffffff0, 16); // the VP8 chunk's size
    expect(structuralProblem(bad, 'webp')).toMatch(/the "VP8 " chunk runs past the end of the file/);
  });

  it(`refuses more than ${MAX_WEBP_CHUNKS} chunks`, async () => {
    const good = await webp();
    const filler = Buffer.from('JUNK\0\0\0\0', 'latin1');
    const body = Buffer.concat([good.subarray(12), Buffer.concat(Array.from({ length: MAX_WEBP_CHUNKS }, () => filler))]);
    const header = Buffer.from('RIFF\0\0\0\0WEBP', 'latin1');
    header.writeUInt32LE(body.length + 4, 4);
    const many = Buffer.concat([header, body]);
    expect(() => webpChunks(many)).toThrow(`This WebP file is damaged or incomplete: it has more than ${MAX_WEBP_CHUNKS} RIFF chunks.`);
    expect(webpChunks(good).length).toBeGreaterThan(0);
  });
});
