/**
 * The live view's worker side (engine.openView): the file is decoded once and its pixels are kept here for the
 * session, so a tweak only re-encodes. The page sends intent (settings and the visible part of the result); this
 * decides how much to encode for the preview (src/lib/view-geometry.ts previewPlan), then encodes the whole image
 * unless a newer tweak arrived meanwhile. Every result is decoded again here for display, so formats the browser
 * cannot show (JPEG XL, AVIF in some browsers) show too, and measured with SSIM against its source pixels.
 */
import { checkStructure, decodeImage, inspectHeader } from '../codecs/decode.ts';
import { encodePixels } from '../codecs/encode.ts';
import { resizePixels } from '../codecs/processors/resize/process.ts';
import { resolveOutputFormat } from '../codecs/registry.ts';
import type { Pixels } from '../core/pixels.ts';
import { ImageError, VIEW_MAX_PIXELS, type InputFormat, type TuneRequest, type TuneUpdate, type ViewImage, type ViewOpened } from '../core/types.ts';
import { resolveEdits } from '../lib/edit-geometry.ts';
import { planEdits } from '../lib/geometry.ts';
import { classifyError } from '../lib/image-errors.ts';
import { cropPixels, flattenOnto, hasTransparency, parseHexColour } from '../lib/pixel-ops.ts';
import { ssim } from '../lib/ssim.ts';
import { svgRenderSize } from '../lib/svg-render-size.ts';
import { previewPlan } from '../lib/view-geometry.ts';
import { applyEdits, encoderOptions } from './pipeline.ts';

/** The preview encodes at most this many pixels: about a screenful, a fraction of a second for MozJPEG/WebP. */
export const PREVIEW_MAX_PIXELS = 1_000_000;

interface Session {
  readonly format: InputFormat;
  readonly source: Pixels;
  /** The edited source of the last edits (the view's edits rarely change), keyed by their JSON. */
  edited?: { readonly key: string; readonly pixels: Pixels } | undefined;
  /** The last preview's source region (scaled), reused while neither the view nor the edits change. */
  preview?: { readonly key: string; readonly pixels: Pixels } | undefined;
}

let session: Session | undefined;
/** The newest tune the page sent; set as soon as the message arrives (before it is queued). */
let latestGeneration = 0;

export function noteTuneGeneration(generation: number): void {
  latestGeneration = Math.max(latestGeneration, generation);
}

/** A copy for the page (the kept pixels stay here), scaled down past VIEW_MAX_PIXELS. */
async function forDisplay(pixels: Pixels): Promise<ViewImage> {
  const area = pixels.width * pixels.height;
  if (area <= VIEW_MAX_PIXELS) {
    const copy = new Uint8ClampedArray(pixels.data);
    return { data: copy.buffer, width: pixels.width, height: pixels.height, scale: 1 };
  }
  const scale = Math.sqrt(VIEW_MAX_PIXELS / area);
  const width = Math.max(1, Math.floor(pixels.width * scale));
  const height = Math.max(1, Math.floor(pixels.height * scale));
  const small = await resizePixels(pixels, width, height, 'native');
  return { data: small.data.buffer as ArrayBuffer, width, height, scale: width / pixels.width };
}

export async function openViewSession(input: ArrayBuffer): Promise<{ opened: ViewOpened; transfer: Transferable[] }> {
  session = undefined;
  const bytes = new Uint8Array(input);
  const header = checkStructure(bytes, inspectHeader(bytes, undefined));
  const decoded = await decodeImage(input, { header, ...(header.format === 'svg' ? { svgRenderSize: svgRenderSize(header, undefined) } : {}) });
  session = { format: decoded.format, source: decoded.pixels };
  const original = await forDisplay(decoded.pixels);
  const opened: ViewOpened = {
    format: decoded.format, width: decoded.pixels.width, height: decoded.pixels.height, original,
    ...(decoded.notes.length > 0 ? { notes: decoded.notes } : {}),
  };
  return { opened, transfer: [original.data] };
}

async function editedSource(current: Session, request: TuneRequest): Promise<Pixels> {
  const key = JSON.stringify(request.edits ?? {});
  if (current.edited?.key === key) return current.edited.pixels;
  current.edited = undefined;
  current.preview = undefined;
  // The same resolution as the pipeline's (crop rules, straighten), so the view shows what the batch writes.
  let resolved: ReturnType<typeof resolveEdits>;
  let plan;
  try {
    resolved = resolveEdits(current.source, request.edits);
    plan = planEdits(resolved.size, resolved.edits);
  } catch (error) {
    throw new ImageError('invalid-options', error instanceof Error ? error.message : String(error));
  }
  const image = await applyEdits(current.source, plan, resolved.straighten);
  current.edited = { key, pixels: image };
  return image;
}

type Post = (update: TuneUpdate, transfer: Transferable[]) => void;

/** The source as the encoder sees it: transparency flattened onto the background for formats without alpha (on a copy). */
function encoderInput(request: TuneRequest, pixels: Pixels, supportsAlpha: boolean): Pixels {
  if (supportsAlpha || !hasTransparency(pixels)) return pixels;
  const copy = { data: new Uint8ClampedArray(pixels.data), width: pixels.width, height: pixels.height };
  flattenOnto(copy, parseHexColour(request.background ?? '#ffffff'));
  return copy;
}

/** The preview's source pixels (a region, maybe scaled down), kept while the view and the edits stay the same. */
async function previewSource(current: Session, edited: Pixels, request: TuneRequest, plan: ReturnType<typeof previewPlan>): Promise<Pixels> {
  const key = `${JSON.stringify(request.edits ?? {})}|${JSON.stringify(plan)}`;
  if (current.preview?.key === key) return current.preview.pixels;
  let part = cropPixels(edited, plan.region);
  if (plan.width !== part.width || plan.height !== part.height) part = await resizePixels(part, plan.width, plan.height, 'native');
  current.preview = { key, pixels: part };
  return part;
}

/**
 * One tweak's preview: the visible part of the result (previewPlan decides: full resolution or a scaled copy of at
 * most PREVIEW_MAX_PIXELS), encoded with the real options, decoded for display, measured. Skipped once superseded.
 * The full encode is a pool job started by the session (src/engine/view-session.ts), so a tweak never waits behind it.
 */
export async function tuneViewSession(generation: number, request: TuneRequest, post: Post): Promise<void> {
  const current = session;
  if (!current) throw new ImageError('invalid-options', 'The live view has no image open.');
  if (generation < latestGeneration) return;
  const edited = await editedSource(current, request);
  const output = { width: edited.width, height: edited.height };
  const visible = request.visible ?? { x: 0, y: 0, width: output.width, height: output.height };
  const plan = previewPlan(visible, output, PREVIEW_MAX_PIXELS);
  const encoder = resolveOutputFormat(request.output.format, current.format);
  const options = encoderOptions(encoder, request.output);
  const source = encoderInput(request, await previewSource(current, edited, request, plan), encoder.supportsAlpha);
  const t0 = performance.now();
  const encoded = await encodePixels(encoder, source, options);
  const t1 = performance.now();
  if (generation < latestGeneration) return;
  const decoded = await decodeImage(encoded);
  const t2 = performance.now();
  const score = ssim(source, decoded.pixels);
  const t3 = performance.now();
  const bytes = Math.round(encoded.byteLength * ((output.width * output.height) / (plan.width * plan.height)));
  const image = await forDisplay(decoded.pixels);
  post({ kind: 'preview', format: encoder.format, width: output.width, height: output.height, bytes, region: plan.region, image, ssim: score, timings: { encode: t1 - t0, decode: t2 - t1, ssim: t3 - t2 } }, [image.data]);
}

/** The full result (the pool's bytes): decoded for display and measured against the kept, edited source. */
export async function measureViewResult(generation: number, request: TuneRequest, output: ArrayBuffer, post: Post): Promise<void> {
  const current = session;
  if (!current) throw new ImageError('invalid-options', 'The live view has no image open.');
  if (generation < latestGeneration) return;
  const edited = await editedSource(current, request);
  const bytes = output.byteLength;
  const t1 = performance.now();
  const decoded = await decodeImage(output);
  const t2 = performance.now();
  const encoder = resolveOutputFormat(request.output.format, current.format);
  const same = decoded.pixels.width === edited.width && decoded.pixels.height === edited.height;
  const score = same ? ssim(encoderInput(request, edited, encoder.supportsAlpha), decoded.pixels) : Number.NaN;
  const t3 = performance.now();
  const image = await forDisplay(decoded.pixels);
  const size = { width: decoded.pixels.width, height: decoded.pixels.height };
  post({ kind: 'full', format: decoded.format, ...size, bytes, region: { x: 0, y: 0, ...size }, image, ssim: score, timings: { encode: 0, decode: t2 - t1, ssim: t3 - t2 } }, [image.data]);
}

/** Failures leave with a sentence for the user, like the pipeline's. */
export const viewError = (error: unknown): ImageError => (error instanceof ImageError ? error : classifyError(error, { stage: 'worker' }));
