/**
 * A bounded walk over a GIF's blocks (frames and extensions, each a chain of
 * sub-blocks) before the browser's decoder sees it. Linear in the file's size;
 * refuses files with more frames or blocks than the limits. A GIF cut short or
 * with bytes after its last block is left to the decoder, which shows what is there.
 */
import { MAX_GIF_BLOCKS, MAX_GIF_FRAMES } from './parse-limits.ts';

export interface GifWalk {
  readonly frames: number;
  readonly blocks: number;
  /** True when the walk reached the trailer (';'). */
  readonly complete: boolean;
}

/** Skips a chain of sub-blocks starting at `at`; returns the offset after its terminator, or -1 if the data ends first. */
function skipSubBlocks(b: Uint8Array, at: number): number {
  let p = at;
  while (p < b.length) {
    const length = b[p] ?? 0;
    p += 1 + length;
    if (length === 0) return p;
  }
  return -1;
}

/** Throws a RangeError naming the limit when one is exceeded. */
export function walkGif(b: Uint8Array): GifWalk {
  let at = 13;
  const screen = b[10] ?? 0;
  if (screen & 0x80) at += 3 * 2 ** ((screen & 7) + 1);
  let frames = 0;
  let blocks = 0;
  while (at < b.length) {
    const introducer = b[at];
    if (introducer === 0x3b) return { frames, blocks, complete: true };
    blocks += 1;
    if (blocks > MAX_GIF_BLOCKS) throw new RangeError(`it has more than ${MAX_GIF_BLOCKS} blocks (frames and extensions)`);
    if (introducer === 0x21) {
      at = skipSubBlocks(b, at + 2);
    } else if (introducer === 0x2c) {
      frames += 1;
      if (frames > MAX_GIF_FRAMES) throw new RangeError(`it has more than ${MAX_GIF_FRAMES} frames`);
      const packed = b[at + 9] ?? 0;
      let data = at + 10;
      if (packed & 0x80) data += 3 * 2 ** ((packed & 7) + 1);
      at = skipSubBlocks(b, data + 1); // after the LZW minimum code size
    } else {
      break; // not a block: the decoder decides what to make of it
    }
    if (at < 0) break;
  }
  return { frames, blocks, complete: false };
}
