/**
 * The TIFF decompressors, each with a fixed output size (the strip's or tile's
 * uncompressed size from the header), so damaged data can never make one run
 * on: every step consumes input or produces output, and output stops at the
 * size. utif2's own LZW decoder follows its code table without such a bound and
 * spins forever on a few flipped bytes; these stop and leave the rest zero.
 */
import { inflateCapped } from './capped-inflate.ts';

/** TIFF LZW (MSB-first codes of 9–12 bits, "early change", Clear 256, EOI 257). */
export function decodeTiffLzw(src: Uint8Array, outSize: number): Uint8Array {
  const out = new Uint8Array(outSize);
  const prefix = new Uint16Array(4096);
  const suffix = new Uint8Array(4096);
  const firstByte = new Uint8Array(4096);
  const length = new Uint16Array(4096);
  for (let i = 0; i < 256; i += 1) {
    suffix[i] = i;
    firstByte[i] = i;
    length[i] = 1;
  }
  const totalBits = src.length * 8;
  let bit = 0;
  let width = 9;
  let next = 258;
  let previous = -1;
  let o = 0;
  while (o < outSize && bit + width <= totalBits) {
    let code = 0;
    for (let i = 0; i < width; i += 1, bit += 1) code = (code << 1) | (((src[bit >> 3] ?? 0) >> (7 - (bit & 7))) & 1);
    if (code === 257) break;
    if (code === 256) {
      width = 9;
      next = 258;
      previous = -1;
      continue;
    }
    if (previous < 0) {
      if (code > 255) break; // the first code after a clear must be a literal
      out[o] = code;
      o += 1;
      previous = code;
      continue;
    }
    if (code > next || (code === next && next >= 4096)) break; // a code the table cannot hold: damaged data
    if (next < 4096) {
      prefix[next] = previous;
      suffix[next] = code < next ? (firstByte[code] ?? 0) : (firstByte[previous] ?? 0);
      firstByte[next] = firstByte[previous] ?? 0;
      length[next] = (length[previous] ?? 0) + 1;
      next += 1;
      if (next >= (1 << width) - 1 && width < 12) width += 1;
    }
    // The string of `code`: walk its prefixes back to a literal (strictly smaller codes, at most 4096 steps).
    const count = length[code] ?? 0;
    let c = code;
    for (let i = count - 1; i >= 0; i -= 1) {
      if (o + i < outSize) out[o + i] = suffix[c] ?? 0;
      c = prefix[c] ?? 0;
    }
    o += count;
    previous = code;
  }
  return out;
}

/** PackBits (Apple's run-length coding, TIFF compression 32773). */
export function decodePackBits(src: Uint8Array, outSize: number): Uint8Array {
  const out = new Uint8Array(outSize);
  let i = 0;
  let o = 0;
  while (i < src.length && o < outSize) {
    const header = (src[i] ?? 0) << 24 >> 24;
    i += 1;
    if (header >= 0) {
      const n = Math.min(header + 1, outSize - o, src.length - i);
      out.set(src.subarray(i, i + n), o);
      i += header + 1;
      o += n;
    } else if (header !== -128) {
      const n = Math.min(1 - header, outSize - o);
      out.fill(src[i] ?? 0, o, o + n);
      i += 1;
      o += n;
    }
  }
  return out;
}

/** Deflate (TIFF compression 8 and 32946): a zlib stream, inflated no further than the strip's size. */
export function decodeTiffDeflate(src: Uint8Array, outSize: number): Uint8Array {
  const inflated = inflateCapped(src, outSize, { truncate: true });
  if (inflated.length === outSize) return inflated;
  const out = new Uint8Array(outSize);
  out.set(inflated);
  return out;
}
