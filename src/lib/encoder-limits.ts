/**
 * Encoder dimension limits, checked before any decoding: the size the request will produce (the header's size with
 * the crop and resize applied, src/lib/geometry.ts) against what the chosen encoder can hold (its meta's `limits`).
 * A 20000 × 1 strip to WebP is refused at once, by name of the limit, instead of failing after a full decode.
 */
import { ImageError, type Edits } from '../core/types.ts';
import { planEdits, type Size } from './geometry.ts';

export interface DimensionLimits {
  readonly maxWidth: number;
  readonly maxHeight: number;
  readonly maxPixels?: number;
}

export interface LimitedEncoder {
  /** The format's name as people know it (WebP, JPEG…). */
  readonly formatLabel: string;
  readonly limits: DimensionLimits;
}

const megapixels = (pixels: number): string => `${(pixels / 1e6).toLocaleString('en', { maximumFractionDigits: 1 })} megapixels`;

/** Which limit a size breaks, as a sentence part; undefined when it fits. */
function brokenLimit(encoder: LimitedEncoder, output: Size): { readonly rule: string; readonly advice: string } | undefined {
  const { maxWidth, maxHeight, maxPixels } = encoder.limits;
  const name = encoder.formatLabel;
  if (output.width > maxWidth) return { rule: `${name} images can be at most ${maxWidth} pixels wide`, advice: `Resize it to at most ${maxWidth} pixels wide` };
  if (output.height > maxHeight) return { rule: `${name} images can be at most ${maxHeight} pixels high`, advice: `Resize it to at most ${maxHeight} pixels high` };
  if (maxPixels !== undefined && output.width * output.height > maxPixels) {
    return { rule: `${name} images can hold at most ${megapixels(maxPixels)}`, advice: `Resize it to at most ${megapixels(maxPixels)}` };
  }
  return undefined;
}

export function fitsEncoder(encoder: LimitedEncoder, output: Size): boolean {
  return brokenLimit(encoder, output) === undefined;
}

/** The 'too-large-for-format' error: names the limit, the size the job would produce, and what to do. */
export function tooLargeForFormatError(encoder: LimitedEncoder, output: Size, alternatives: readonly string[] = []): ImageError | undefined {
  const broken = brokenLimit(encoder, output);
  if (!broken) return undefined;
  const others = alternatives.length > 0 ? `, or choose ${alternatives.length === 1 ? alternatives[0] : `${alternatives.slice(0, -1).join(', ')} or ${alternatives.at(-1)}`}, which can hold it` : ', or choose another format';
  return new ImageError('too-large-for-format', `${broken.rule}; this one would be ${output.width} × ${output.height}. ${broken.advice} (Resize settings)${others}.`);
}

/**
 * The sizes the job can produce from a header size. When the EXIF orientation is not known yet (it is read while
 * decoding) a quarter turn may swap the sides, so both are candidates; edits that do not fit one of them (a crop
 * outside it) drop that candidate. An empty list means the edits fit neither: the decode-time check reports that.
 */
export function plannedOutputSizes(header: Size, edits: Edits | undefined, mayBeRotated = true): Size[] {
  const candidates: Size[] = [header];
  if (mayBeRotated && header.width !== header.height) candidates.push({ width: header.height, height: header.width });
  const sizes: Size[] = [];
  for (const candidate of candidates) {
    try {
      sizes.push(planEdits(candidate, edits).output);
    } catch {
      // The edits do not fit this orientation; the full check after decoding reports them.
    }
  }
  return sizes;
}

/**
 * Before decoding: refuses a job only when every size it could produce breaks the encoder's limits (so an
 * orientation not known yet never refuses a job that would fit).
 */
export function assertOutputFitsEncoder(encoder: LimitedEncoder, header: Size, edits: Edits | undefined, alternatives: readonly string[] = []): void {
  const sizes = plannedOutputSizes(header, edits);
  if (sizes.length === 0 || sizes.some((output) => fitsEncoder(encoder, output))) return;
  throw tooLargeForFormatError(encoder, sizes[0] as Size, alternatives) as ImageError;
}
