/**
 * The strip operation: JPEG and PNG lose their metadata without being
 * re-encoded (image data bytes unchanged); SVG loses its <metadata> as text;
 * every other format is decoded and re-encoded, which writes no metadata.
 */
import { checkStructure, inspectHeader } from '../codecs/decode.ts';
import { ownedBuffer } from '../codecs/wasm.ts';
import { ImageError, type StripResult } from '../core/types.ts';
import { corruptError } from '../lib/image-errors.ts';
import { stripMetadataLossless } from '../lib/metadata-strip.ts';
import { stripSvgMetadataBytes } from '../lib/svg-metadata.ts';
import { processImage } from './pipeline.ts';

export async function stripImage(input: ArrayBuffer): Promise<StripResult> {
  const bytes = new Uint8Array(input);
  const header = inspectHeader(bytes, undefined);
  const { format } = header;
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
    const stripped = stripSvgMetadataBytes(bytes);
    return { output: ownedBuffer(stripped), method: 'lossless', removedBytes: bytes.length - stripped.length };
  }
  // Re-encoded in its own format where a codec writes it (see resolveOutputFormat), from the header read above.
  const { result } = await processImage({ input, name: 'strip', output: { format: 'same' }, metadata: 'strip' }, {}, checkStructure(bytes, header));
  return { output: result.output, method: 're-encoded', removedBytes: Math.max(0, bytes.length - result.output.byteLength) };
}
