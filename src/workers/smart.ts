/**
 * PLACEHOLDER until the smart-bench branch (src/lib/quality-search.ts and
 * src/lib/ssim.ts) is merged; the real probe-based version replaces this.
 */
import type { EncoderDefinition, Pixels } from '../codecs/types.ts';
import { ImageError, type ProcessResult, type SmartMode } from '../engine/types.ts';

export interface SmartEncodeResult {
  readonly output: ArrayBuffer;
  readonly quality: NonNullable<ProcessResult['quality']>;
}

export async function encodeWithSmartMode(
  _encoder: EncoderDefinition,
  _pixels: Pixels,
  _options: Readonly<Record<string, unknown>>,
  smart: Exclude<SmartMode, { kind: 'none' }>,
  _encode: (pixels: Pixels, options: Readonly<Record<string, unknown>>) => Promise<ArrayBuffer>,
): Promise<SmartEncodeResult> {
  throw new ImageError('unsupported', `The "${smart.kind}" mode is not available in this build yet.`);
}
