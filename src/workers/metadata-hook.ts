/**
 * METADATA HOOK: where metadata is carried from the input file into the
 * encoded output. The decode-meta branch owns metadata (EXIF with orientation
 * reset to 1, ICC; lossless strip) and replaces this module; keep the
 * signature. For now encoders write no metadata, so output is always stripped.
 */
import type { InputFormat, OutputFormat } from '../engine/types.ts';

export interface CarryMetadataInput {
  /** The original file's bytes (still intact). */
  readonly source: ArrayBuffer;
  readonly sourceFormat: InputFormat;
  /** The freshly encoded file. */
  readonly output: ArrayBuffer;
  readonly outputFormat: OutputFormat;
  readonly mode: 'strip' | 'keep';
}

export interface CarryMetadataResult {
  readonly output: ArrayBuffer;
  readonly metadata: 'stripped' | 'kept' | 'none';
}

export async function carryMetadata(input: CarryMetadataInput): Promise<CarryMetadataResult> {
  return { output: input.output, metadata: input.mode === 'keep' ? 'none' : 'stripped' };
}
