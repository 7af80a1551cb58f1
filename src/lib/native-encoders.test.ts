import { describe, expect, it, vi } from 'vitest';
import { asciiBytes, writeU32le } from './bytes.ts';
import { blobQuality, chooseWebpImplementation, looksLikeWebp, simpleWebp, type WebpRequestOptions } from './native-encoders.ts';
import { webpChunk as chunk, webpChunks } from './webp-metadata.ts';

// The WebP meta's defaults (src/codecs/native-encoders.test.ts checks that they still are).
const defaults: WebpRequestOptions = { lossless: false, quality: 75, effort: 3, sharpYuv: false, snsStrength: 50, filterStrength: 60, filterSharpness: 0, autoFilter: false, implementation: 'auto' };
const opaque = () => true;

describe('chooseWebpImplementation', () => {
  it("sends a plain lossy request at the defaults to the browser's encoder", () => {
    expect(chooseWebpImplementation(defaults, opaque)).toEqual({ native: true, reason: 'same settings as the browser encoder' });
    expect(chooseWebpImplementation({ ...defaults, quality: 12 }, opaque).native).toBe(true);
  });

  it('keeps WASM for every option the browser cannot set, and says which', () => {
    expect(chooseWebpImplementation({ ...defaults, lossless: true }, opaque)).toEqual({ native: false, reason: 'lossless' });
    expect(chooseWebpImplementation({ ...defaults, effort: 4 }, opaque)).toEqual({ native: false, reason: "the browser's encoder cannot set effort" });
    expect(chooseWebpImplementation({ ...defaults, snsStrength: 80, sharpYuv: true }, opaque).reason).toBe("the browser's encoder cannot set sharpYuv, snsStrength");
    expect(chooseWebpImplementation({ ...defaults, filterStrength: 20 }, opaque).native).toBe(false);
    expect(chooseWebpImplementation({ ...defaults, filterSharpness: 3 }, opaque).native).toBe(false);
    expect(chooseWebpImplementation({ ...defaults, autoFilter: true }, opaque).native).toBe(false);
  });

  it('keeps WASM when asked to, and for images with transparency', () => {
    expect(chooseWebpImplementation({ ...defaults, implementation: 'wasm' }, opaque)).toEqual({ native: false, reason: 'the WebAssembly encoder was asked for' });
    expect(chooseWebpImplementation(defaults, () => false)).toEqual({ native: false, reason: 'the image has transparency' });
  });

  it('does not scan the pixels when the options already rule the browser out', () => {
    const scan = vi.fn(() => true);
    chooseWebpImplementation({ ...defaults, effort: 6 }, scan);
    chooseWebpImplementation({ ...defaults, lossless: true }, scan);
    expect(scan).not.toHaveBeenCalled();
  });
});

describe('blobQuality', () => {
  it('maps 0…100 to convertToBlob’s 0…1, clamped', () => {
    expect(blobQuality(75)).toBe(0.75);
    expect(blobQuality(0)).toBe(0);
    expect(blobQuality(100)).toBe(1);
    expect(blobQuality(140)).toBe(1);
    expect(blobQuality(-3)).toBe(0);
  });
});

function riff(...chunks: Uint8Array[]): Uint8Array {
  const body = chunks.reduce((sum, c) => sum + c.length, 0);
  const out = new Uint8Array(12 + body);
  out.set(asciiBytes('RIFF'), 0);
  writeU32le(out, 4, 4 + body);
  out.set(asciiBytes('WEBP'), 8);
  let at = 12;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

const vp8x = (flags: number) => chunk('VP8X', Uint8Array.of(flags, 0, 0, 0, 15, 0, 0, 9, 0, 0));
const vp8 = chunk('VP8 ', Uint8Array.from({ length: 31 }, (_, i) => i + 1)); // odd length: padded
const iccp = chunk('ICCP', new Uint8Array(456).fill(7));

describe('simpleWebp', () => {
  it("turns Chromium's VP8X + ICCP + VP8 into the simple VP8 file the WASM encoder writes", () => {
    const simple = simpleWebp(riff(vp8x(0x20), iccp, vp8));
    expect(simple).toEqual(riff(vp8));
    expect(webpChunks(simple).map((c) => c.type)).toEqual(['VP8 ']);
    expect(looksLikeWebp(simple)).toBe(true);
  });

  it('keeps VP8X (without the ICC flag) when alpha still needs it', () => {
    const alph = chunk('ALPH', Uint8Array.of(1, 2, 3, 4));
    const simple = simpleWebp(riff(vp8x(0x30), iccp, alph, vp8));
    expect(simple).toEqual(riff(vp8x(0x10), alph, vp8));
  });

  it('leaves a file without an ICC profile as it is', () => {
    const plain = riff(vp8);
    expect(simpleWebp(plain)).toBe(plain);
  });

  it('refuses bytes that are not RIFF WEBP', () => {
    expect(() => simpleWebp(asciiBytes('not a webp file at all'))).toThrow(/RIFF/);
    expect(looksLikeWebp(asciiBytes('PNG but not really'))).toBe(false);
  });
});
