/**
 * Inflates zlib/deflate data with a hard ceiling on the output. The input is fed
 * in small slices, so however extreme the compression ratio (deflate reaches
 * about 1032:1), at most `maxBytes` plus one slice's worth is ever produced
 * before the stream is abandoned: a 1 MB chunk that would inflate to 1 GiB
 * costs a few milliseconds and a few megabytes.
 */
import { Inflate, Unzlib } from 'fflate';
import { concatBytes } from './bytes.ts';

/** Input fed per step: at deflate's maximum ratio this yields at most ~4 MiB of output. */
const INPUT_SLICE = 4096;

export class InflateCapExceeded extends RangeError {
  constructor(readonly maxBytes: number) {
    super(`it inflates to more than ${maxBytes} bytes`);
    this.name = 'InflateCapExceeded';
  }
}

/**
 * `wrapper: 'zlib'` for a zlib stream (PNG, TIFF Deflate), `'raw'` for bare deflate.
 * Throws InflateCapExceeded past `maxBytes`, or fflate's error for a damaged stream.
 * `exact`: stop quietly once `maxBytes` were produced (a TIFF strip needs no more than its size).
 */
export interface InflateOptions {
  readonly wrapper?: 'zlib' | 'raw';
  readonly truncate?: boolean;
  /**
   * Called once with the first `headerBytes` of output (or all of it, if shorter): returns a tighter
   * limit (e.g. the size a profile's own header declares) or throws. Until then little input is fed.
   */
  readonly limitFromHeader?: (head: Uint8Array) => number;
  readonly headerBytes?: number;
}

/** Input fed before the header is known: at most ~64 KiB of output. */
const HEADER_SLICE = 64;

export function inflateCapped(data: Uint8Array, maxBytes: number, options: InflateOptions = {}): Uint8Array {
  const parts: Uint8Array[] = [];
  let total = 0;
  let full = false;
  let limit = maxBytes;
  let headerChecked = !options.limitFromHeader;
  const headerBytes = options.headerBytes ?? 128;
  const checkHeader = (): void => {
    headerChecked = true;
    const head = concatBytes(parts).subarray(0, headerBytes);
    limit = Math.min(limit, options.limitFromHeader?.(head) ?? limit);
    if (total > limit) throw new InflateCapExceeded(limit);
  };
  const collect = (chunk: Uint8Array): void => {
    if (full) return;
    if (!headerChecked) {
      parts.push(chunk);
      total += chunk.length;
      if (total >= headerBytes) checkHeader();
      return;
    }
    const room = limit - total;
    if (chunk.length > room) {
      if (!options.truncate) throw new InflateCapExceeded(limit);
      parts.push(chunk.subarray(0, room));
      total = limit;
      full = true;
      return;
    }
    parts.push(chunk);
    total += chunk.length;
  };
  const stream = options.wrapper === 'raw' ? new Inflate(collect) : new Unzlib(collect);
  for (let at = 0; at < data.length && !full; ) {
    const end = Math.min(data.length, at + (headerChecked ? INPUT_SLICE : HEADER_SLICE));
    stream.push(data.subarray(at, end), end === data.length);
    at = end;
  }
  if (data.length === 0) stream.push(data, true);
  if (!headerChecked) checkHeader();
  return parts.length === 1 ? (parts[0] ?? new Uint8Array(0)) : concatBytes(parts);
}

