/**
 * What a result row says beyond sizes: the format written ("HEIC → JPEG"),
 * its extension, and one short note for every surprise (not enlarged,
 * cropped or stretched by the size settings, an original kept and why,
 * "Same as input" that could not write the input's format, metadata kept or
 * not, the quality a smart mode chose). Pure: from the request plan and the
 * engine's result (process), or the strip's result (Metadata tool).
 */
import { formatBytes } from '../core/format-bytes.ts';
import { FORMATS, formatLabel, type ImageFormat } from '../core/formats.ts';
import type { ProcessResult, ResizeEdit, StripResult } from '../core/types.ts';
import { sizeChange } from './format-size.ts';
import type { RequestPlan } from './process-request.ts';

export interface ResultDescription {
  /** "JPEG", or "HEIC → JPEG" when the format changed. */
  readonly formatLine: string;
  /** With the dot, e.g. ".jpg". */
  readonly extension: string;
  readonly notes: readonly string[];
}

type ResultFacts = Pick<ProcessResult, 'format' | 'inputFormat' | 'width' | 'height' | 'inputWidth' | 'inputHeight' | 'inputBytes' | 'metadata' | 'kept' | 'keptReason' | 'quality' | 'notes'> & {
  readonly extension: string;
  /** Size of what was written. */
  readonly bytes: number;
};

export const formatLine = (input: ImageFormat, output: ImageFormat): string => (input === output ? formatLabel(output) : `${formatLabel(input)} → ${formatLabel(output)}`);
const dotted = (extension: string): string => `.${extension.replace(/^\./, '')}`;

export function describeResult(plan: RequestPlan, result: ResultFacts): ResultDescription {
  const notes: string[] = [];
  const input = formatLabel(result.inputFormat);
  const output = formatLabel(result.format);
  if (plan.output.format === 'same' && result.format !== result.inputFormat) {
    const why = FORMATS[result.inputFormat].lossless ? `${output}, which keeps it lossless` : output;
    notes.push(`${input} cannot be written here, so “Same as input” made a ${why}.`);
  }
  const resize = plan.edits?.resize;
  if (resize) {
    const note = resizeNote(resize, result);
    if (note) notes.push(note);
  }
  if (result.kept === 'original' || result.kept === 'stripped-original') {
    if (result.keptReason) notes.push(result.keptReason);
  } else if (result.kept === 'encoded' && result.keptReason && result.bytes > result.inputBytes) {
    // A larger file is handed back: say why the original was not.
    notes.push(`Larger than the original: ${lowerFirst(result.keptReason)}`);
  }
  if (plan.metadata === 'keep') {
    if (result.metadata === 'kept') notes.push('Metadata kept: camera, date, any GPS position and the colour profile travel with the file.');
    else if (result.metadata === 'stripped') notes.push(`Metadata could not be kept: ${output} output carries none here.`);
  }
  if (result.quality) {
    const { chosen, reason } = result.quality;
    notes.push(reason.includes(String(chosen)) ? reason : `Quality ${chosen}: ${reason}`);
  }
  notes.push(...(result.notes ?? []));
  return { formatLine: formatLine(result.inputFormat, result.format), extension: dotted(result.extension), notes };
}

const lowerFirst = (text: string): string => text.charAt(0).toLowerCase() + text.slice(1);

/** The box the resize asked for, in words ("1920×1080", "1920 px wide", "150 %"). */
function askedFor(resize: ResizeEdit): string {
  if (resize.percent !== undefined) return `${resize.percent} %`;
  if (resize.width && resize.height) return `${resize.width}×${resize.height}`;
  return resize.width ? `${resize.width} px wide` : `${resize.height ?? 0} px high`;
}

function resizeNote(resize: ResizeEdit, r: ResultFacts): string | undefined {
  const unchanged = r.width === r.inputWidth && r.height === r.inputHeight;
  const larger = resize.percent !== undefined
    ? resize.percent > 100
    : (resize.width !== undefined && resize.width > r.inputWidth) || (resize.height !== undefined && resize.height > r.inputHeight);
  if (unchanged) {
    if (!larger) return undefined;
    const why = resize.fit === 'inside' ? '“Fit inside (never enlarge)” does not enlarge' : 'enlarging is off';
    return `Not enlarged: the image is ${r.inputWidth}×${r.inputHeight}, smaller than the ${askedFor(resize)} asked for, and ${why}.`;
  }
  const from = `${r.inputWidth}×${r.inputHeight}`;
  const to = `${r.width}×${r.height}`;
  const aspectChanged = Math.abs(r.width / r.height - r.inputWidth / r.inputHeight) > 0.01;
  if (resize.fit === 'cover' && aspectChanged) return `Cropped to fill ${to} (“Fill and crop”): the edges beyond that shape were cut off.`;
  if (resize.fit === 'fill' && aspectChanged) return `Stretched from ${from} to exactly ${to}: the proportions changed.`;
  if (resize.percent === undefined && resize.width && resize.height && (r.width !== resize.width || r.height !== resize.height)) {
    return `Resized from ${from} to ${to} to fit inside ${askedFor(resize)}, keeping its proportions.`;
  }
  return undefined;
}

type StripFacts = Pick<StripResult, 'method' | 'removedBytes' | 'format' | 'extension' | 'mode' | 'removed' | 'quality'> & {
  readonly inputFormat: ImageFormat;
  readonly inputBytes: number;
  readonly bytes: number;
  readonly requestedMode: 'all' | 'location';
};

/** The Metadata tool's row: what the strip did, in plain words, and the format it wrote. */
export function describeStrip(strip: StripFacts): ResultDescription {
  const format = strip.format ?? strip.inputFormat;
  const input = formatLabel(strip.inputFormat);
  const output = formatLabel(format);
  const notes: string[] = [];
  if (strip.requestedMode === 'location' && strip.mode !== 'location') {
    notes.push(`Removing only the location is not possible for ${input} here, so all metadata was removed.`);
  }
  if (strip.method === 'lossless') {
    if (strip.mode === 'location') {
      notes.push(strip.removed && strip.removed.length > 0
        ? `Location removed losslessly: ${strip.removed.join(', ')}. Camera, date and the rest of the metadata stay; image data unchanged.`
        : 'No location found: nothing was removed. The image data is unchanged.');
    } else {
      notes.push(strip.removedBytes > 0
        ? `Removed losslessly: ${formatBytes(strip.removedBytes)} of metadata gone, image data unchanged.`
        : 'Nothing to remove: no metadata found. The image data is unchanged.');
    }
  } else {
    const change = sizeChange(strip.inputBytes, strip.bytes);
    const cost = `${formatBytes(strip.inputBytes)} → ${formatBytes(strip.bytes)}, ${change.description.replace(' than the original', '').toLowerCase()}`;
    const encode = FORMATS[format].lossless ? `a lossless ${output} encode` : `a new lossy ${output} encode${strip.quality !== undefined ? ` at quality ${strip.quality}` : ''}`;
    notes.push(format !== strip.inputFormat
      ? `Converted to ${output} (named ${dotted(strip.extension ?? format)}): ${input} has no lossless metadata removal here and cannot be written, so the pixels were re-encoded as ${encode} (${cost}).`
      : `Re-encoded as ${encode} to remove the metadata: ${input} has no lossless removal here, so some quality may be lost (${cost}).`);
  }
  return { formatLine: formatLine(strip.inputFormat, format), extension: dotted(strip.extension ?? format), notes };
}
