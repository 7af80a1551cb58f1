/**
 * The strip operation: JPEG and PNG lose their metadata without being
 * re-encoded (image data bytes unchanged); SVG loses its <metadata> as text;
 * every other format is decoded and re-encoded, which writes no metadata.
 */
import { inspectHeader } from '../codecs/decode.ts';
import { ownedBuffer } from '../codecs/wasm.ts';
import { ImageError, type StripResult } from '../engine/types.ts';
import { corruptError } from '../lib/image-errors.ts';
import { stripMetadataLossless } from '../lib/metadata-strip.ts';
import { stripSvgMetadata } from '../lib/svg-metadata.ts';
import { processImage, resolveOutputFormat } from './pipeline.ts';

export async function stripImage(input: ArrayBuffer, raster?: ImageBitmap): Promise<StripResult> {
  const bytes = new Uint8Array(input);
  const { format } = inspectHeader(bytes, undefined);
  if (format === 'jpeg' || format === 'png') {
    try {
      const { bytes: stripped, removedBytes } = stripMetadataLossless(bytes, format);
      return { output: ownedBuffer(stripped), method: 'lossless', removedBytes };
    } catch (error) {
      if (error instanceof ImageError) throw error;
      throw corruptError(format, error instanceof Error ? error.message : String(error));
    }
  }
  if (format === 'svg') {
    const stripped = new TextEncoder().encode(stripSvgMetadata(new TextDecoder().decode(bytes)));
    return { output: ownedBuffer(stripped), method: 'lossless', removedBytes: bytes.length - stripped.length };
  }
  const { result } = await processImage({ input, name: 'strip', output: { format: resolveOutputFormat('same', format) }, metadata: 'strip' }, raster);
  return { output: result.output, method: 're-encoded', removedBytes: Math.max(0, bytes.length - result.output.byteLength) };
}
