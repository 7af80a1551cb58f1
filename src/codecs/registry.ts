/**
 * Every encoder, listed once. Safe to import on the main thread: definitions
 * hold metadata and option schemas; codec code and wasm load inside encode().
 */
import type { OutputFormat } from '../engine/types.ts';
import type { EncoderDefinition } from './types.ts';
import { avifEncoder } from './encoders/avif.ts';
import { jpegEncoder } from './encoders/jpeg.ts';
import { jxlEncoder } from './encoders/jxl.ts';
import { pngEncoder } from './encoders/png.ts';
import { qoiEncoder } from './encoders/qoi.ts';
import { webpEncoder } from './encoders/webp.ts';

export const encoders: readonly EncoderDefinition[] = [jpegEncoder, webpEncoder, avifEncoder, jxlEncoder, pngEncoder, qoiEncoder];

export function encoderFor(format: OutputFormat): EncoderDefinition {
  const encoder = encoders.find((candidate) => candidate.format === format);
  if (!encoder) throw new Error(`No encoder for ${format}; available: ${encoders.map((e) => e.format).join(', ')}`);
  return encoder;
}

export const isOutputFormat = (value: string): value is OutputFormat => encoders.some((encoder) => encoder.format === value);
