/**
 * METADATA HOOK: where metadata is carried from the input file into the
 * encoded output (see src/codecs/metadata.ts). Output is stripped unless
 * 'keep' is asked; the ICC profile travels whenever the pixels are still in
 * the source's colour space (see README, "Colour and metadata").
 */
import type { InputFormat, OutputFormat } from '../engine/types.ts';
import { carryMetadataInto } from '../codecs/metadata.ts';

export interface CarryMetadataInput {
  /** The original file's bytes (still intact). */
  readonly source: ArrayBuffer;
  readonly sourceFormat: InputFormat;
  /** The freshly encoded file. */
  readonly output: ArrayBuffer;
  readonly outputFormat: OutputFormat;
  readonly mode: 'strip' | 'keep';
  /** From DecodedImage.colour: 'as-stored' when the pixels are still in the source's colour space. */
  readonly pixelsColour?: 'srgb' | 'as-stored';
}

export interface CarryMetadataResult {
  readonly output: ArrayBuffer;
  readonly metadata: 'stripped' | 'kept' | 'none';
}

export async function carryMetadata(input: CarryMetadataInput): Promise<CarryMetadataResult> {
  return carryMetadataInto(new Uint8Array(input.source), input.sourceFormat, input.output, input.outputFormat, input.mode, input.pixelsColour ?? 'srgb');
}
