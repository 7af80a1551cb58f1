import { createHash, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { canaryNeedles, findCanaries, imageSignatures, percentDecode, type CanarySource } from './canary-forms.ts';

function source(): CanarySource {
  return { fileName: 'canary-4f2a9c.jpg', bytes: randomBytes(4000), metadataText: 'IMGLIO-CANARY-4f2a9c', rgbPixels: randomBytes(3 * 32 * 32) };
}

describe('canary forms', () => {
  const canary = source();
  const needles = canaryNeedles([canary]);
  const forms = (haystack: Buffer | string) => findCanaries(haystack, needles).map((hit) => hit.form);

  it('finds nothing in innocent traffic', () => {
    expect(findCanaries('GET /_astro/client.js HTTP/1.1\r\nhost: 127.0.0.1', needles)).toEqual([]);
    expect(findCanaries(randomBytes(20000), needles)).toEqual([]);
  });

  it('finds a stretch of the file at any offset, raw, in hex and in base64 at every alignment', () => {
    for (const start of [300, 301, 302, 1777]) {
      const stretch = Buffer.from(canary.bytes.subarray(start, start + 200));
      expect(forms(Buffer.concat([Buffer.from('body='), stretch]))).toContain('raw bytes');
      expect(forms(`x=${stretch.toString('hex')}`)).toContain('hex');
      expect(forms(`x=${stretch.toString('hex').toUpperCase()}`)).toContain('HEX');
      expect(forms(`{"d":"${stretch.toString('base64')}"}`), `offset ${start}`).toContain('base64');
    }
  });

  it('finds base64 inside a percent-encoded query string and base64url', () => {
    const encoded = Buffer.from(canary.bytes.subarray(500, 900)).toString('base64');
    const hits = findCanaries(`/pixel.gif?d=${encodeURIComponent(encoded)}`, needles);
    expect(hits.some((h) => h.form === 'base64')).toBe(true);
    expect(forms(`/p?d=${Buffer.from(canary.bytes.subarray(500, 900)).toString('base64url')}`)).toContain('base64url');
  });

  it('finds the digest, the file name and the metadata text', () => {
    expect(forms(createHash('sha256').update(canary.bytes).digest('hex'))).toContain('SHA-256 (hex)');
    expect(forms(createHash('sha256').update(canary.bytes).digest('base64'))).toContain('SHA-256 (base64)');
    expect(forms('name=canary-4f2a9c.jpg')).toContain('file name');
    expect(forms('exif: IMGLIO-CANARY-4f2a9c')).toContain('EXIF/XMP text');
  });

  it('finds decoded pixels as RGB, RGBA and as a decimal list', () => {
    const rgb = Buffer.from(canary.rgbPixels?.subarray(600, 900) ?? []);
    expect(forms(rgb)).toContain('decoded pixels (RGB)');
    const rgba: number[] = [];
    for (let i = 0; i + 2 < (canary.rgbPixels?.length ?? 0); i += 3) rgba.push(canary.rgbPixels?.[i] ?? 0, canary.rgbPixels?.[i + 1] ?? 0, canary.rgbPixels?.[i + 2] ?? 0, 255);
    expect(forms(Buffer.from(rgba.slice(400, 800)))).toContain('decoded pixels (RGBA)');
    expect(forms(JSON.stringify(rgba.slice(0, 600)))).toContain('decoded pixels (decimal list)');
  });

  it('does not search for stretches a decoy made the same way shares (format structure)', () => {
    const structure = randomBytes(600);
    const unique = randomBytes(3000);
    const withDecoy = canaryNeedles([{ ...canary, bytes: Buffer.concat([structure, unique]), decoy: Buffer.concat([structure, randomBytes(3000)]) }]);
    const hits = (haystack: Buffer | string) => findCanaries(haystack, withDecoy).map((hit) => hit.form);
    expect(hits(structure)).toEqual([]);
    expect(hits(structure.toString('base64'))).toEqual([]);
    expect(hits(unique.subarray(1000, 1300))).toContain('raw bytes');
    expect(hits(unique.subarray(1000, 1300).toString('base64'))).toContain('base64');
  });

  it('percent-decodes bytes and form spaces', () => {
    expect(percentDecode(Buffer.from('a%2Fb+c%zz')).toString('latin1')).toBe('a/b c%zz');
  });

  it('recognises image data by signature', () => {
    expect(imageSignatures('{"theme":"dark"}')).toEqual([]);
    expect(imageSignatures('data:image/png;base64,iVBORw0KGgoAAAA')).toEqual(['data: URL of an image', 'PNG (base64)']);
  });
});
