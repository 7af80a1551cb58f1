/**
 * Smart quality modes in the worker: the search logic is pure
 * (src/lib/quality-search.ts); this file supplies the probe, a real encode,
 * plus an SSIM against the edited source when the goal is similarity.
 */
import { decodeImage } from '../codecs/decode.ts';
import { encodePixels } from '../codecs/encode.ts';
import { encoders } from '../codecs/registry.ts';
import type { EncoderMeta } from '../codecs/types.ts';
import type { OptionRecord } from '../core/option-schema.ts';
import type { Pixels } from '../core/pixels.ts';
import { ImageError, type ProcessResult, type SmartMode } from '../core/types.ts';
import { searchQuality } from '../lib/quality-search.ts';
import { ssim } from '../lib/ssim.ts';

export interface SmartEncodeResult {
  readonly output: ArrayBuffer;
  readonly quality: NonNullable<ProcessResult['quality']>;
}

export async function encodeWithSmartMode(
  encoder: EncoderMeta,
  pixels: Pixels,
  options: OptionRecord,
  smart: Exclude<SmartMode, { kind: 'none' }>,
): Promise<SmartEncodeResult> {
  const key = encoder.qualityKey;
  const field = encoder.options.find((candidate) => candidate.key === key);
  const lossless = encoder.losslessKey !== undefined && options[encoder.losslessKey] === true;
  if (!key || field?.kind !== 'range' || lossless) {
    throw new ImageError('invalid-options', `${encoder.label}${lossless ? ' lossless' : ''} has no quality setting, so "${smart.kind}" cannot choose one; use ${encoders.filter((e) => e.qualityKey).map((e) => e.label).join(', ')} (lossy).`);
  }
  const outputs = new Map<number, ArrayBuffer>();
  const goal = smart.kind === 'target-size' ? { kind: smart.kind, maxBytes: smart.maxBytes } : { kind: smart.kind, minSsim: smart.minSsim };
  let search;
  try {
    search = await searchQuality({ goal, min: field.min, max: field.max }, async (quality) => {
      const output = await encodePixels(encoder, pixels, { ...options, [key]: quality });
      outputs.set(quality, output);
      if (smart.kind !== 'target-similarity') return { quality, bytes: output.byteLength };
      // Decode a copy: the output buffer must stay intact to be returned.
      const decoded = await decodeImage(output.slice(0));
      return { quality, bytes: output.byteLength, ssim: ssim(pixels, decoded.pixels) };
    });
  } catch (error) {
    if (error instanceof ImageError) throw error;
    // The search refuses impossible goals with RangeError; encode failures arrive as ImageError.
    if (error instanceof RangeError) throw new ImageError('invalid-options', error.message);
    throw error;
  }
  const output = outputs.get(search.chosen.quality);
  if (!output) throw new ImageError('encode-failed', `The quality search chose ${search.chosen.quality} but that encode was not kept.`);
  return { output, quality: { chosen: search.chosen.quality, reason: search.reason, attempts: search.attempts } };
}
