/**
 * The strip operation: JPEG, PNG and WebP lose their metadata without being
 * re-encoded (image data bytes unchanged); SVG loses its <metadata> as text;
 * every other format is decoded and re-encoded, which writes no metadata, in
 * its own format where an encoder writes it, else in the one "Same as input"
 * chooses (HEIC → JPEG). The result names the format written, so the file
 * is named after what it is.
 *
 * Mode 'location' removes only the GPS position and place names (JPEG, PNG,
 * WebP; HEIC, AVIF and TIFF in place when their layout allows;
 * src/lib/location-strip.ts); otherwise it falls back to the full strip and
 * says so (result.mode is then 'all').
 */
import { checkStructure, inspectHeader } from '../codecs/decode.ts';
import { encoderFor } from '../codecs/registry.ts';
import { ownedBuffer } from '../codecs/wasm.ts';
import { formatExtension, formatMime, type ImageFormat } from '../core/formats.ts';
import { ImageError, type StripMode, type StripResult } from '../core/types.ts';
import { corruptError } from '../lib/image-errors.ts';
import { IN_PLACE_LOCATION_FORMATS, stripLocation, stripLocationInPlace, type InPlaceLocationFormat } from '../lib/location-strip.ts';
import { hasLosslessStrip, stripMetadataLossless } from '../lib/metadata-strip.ts';
import { stripSvgMetadataBytes } from '../lib/svg-metadata.ts';
import { encoderOptions, processImage } from './pipeline.ts';

const named = (format: ImageFormat) => ({ format, mime: formatMime(format), extension: formatExtension(format) });

export async function stripImage(input: ArrayBuffer, mode: StripMode = 'all'): Promise<StripResult> {
  const bytes = new Uint8Array(input);
  const header = inspectHeader(bytes, undefined);
  const { format } = header;
  if (hasLosslessStrip(format)) {
    try {
      if (mode === 'location') {
        const { bytes: cleaned, removed } = stripLocation(bytes, format);
        return { output: ownedBuffer(cleaned), method: 'lossless', removedBytes: Math.max(0, bytes.length - cleaned.length), ...named(format), inputFormat: format, mode, removed };
      }
      const { bytes: stripped, removedBytes } = stripMetadataLossless(bytes, format);
      return { output: ownedBuffer(stripped), method: 'lossless', removedBytes, ...named(format), inputFormat: format, mode };
    } catch (error) {
      if (error instanceof ImageError) throw error;
      throw corruptError(format, error instanceof Error ? error.message : String(error));
    }
  }
  if (mode === 'location' && (IN_PLACE_LOCATION_FORMATS as readonly string[]).includes(format)) {
    // In place where the layout allows; otherwise (null) the full strip below, and the row says so.
    const cleaned = stripLocationInPlace(bytes, format as InPlaceLocationFormat);
    if (cleaned) return { output: ownedBuffer(cleaned.bytes), method: 'lossless', removedBytes: 0, ...named(format), inputFormat: format, mode, removed: cleaned.removed };
  }
  if (format === 'svg') {
    const stripped = stripSvgMetadataBytes(bytes);
    return { output: ownedBuffer(stripped), method: 'lossless', removedBytes: bytes.length - stripped.length, ...named('svg'), inputFormat: 'svg', mode: 'all' };
  }
  // Re-encoded in its own format where a codec writes it (see resolveOutputFormat), from the header read above.
  const { result } = await processImage({ input, name: 'strip', output: { format: 'same' }, metadata: 'strip' }, {}, checkStructure(bytes, header));
  const encoder = encoderFor(result.format);
  const quality = encoder?.qualityKey ? encoderOptions(encoder, { format: result.format })[encoder.qualityKey] : undefined;
  return {
    output: result.output, method: 're-encoded', removedBytes: Math.max(0, bytes.length - result.output.byteLength),
    ...named(result.format), inputFormat: format, mode: 'all', ...(typeof quality === 'number' ? { quality } : {}),
  };
}
