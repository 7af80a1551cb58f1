/**
 * SVG, rendered in the image worker by resvg (Rust, compiled to WebAssembly:
 * @resvg/resvg-wasm), so a heavy drawing never blocks the page and the pool's
 * watchdog can stop it by terminating the worker.
 *
 * Before resvg sees the file, a bounded pre-scan (src/lib/svg-complexity.ts)
 * refuses drawings that would explode (`<use>` bombs and the like). resvg
 * loads nothing: an `<image>` linking to a URL (http:, https:, file:, a
 * relative path) is listed by resvg and left undrawn, because nothing here
 * resolves it; data: images are drawn from the bytes in the file. Text is
 * drawn with the one bundled font, DejaVu Sans, compiled in only when the
 * SVG has `<text>`. `<foreignObject>` (HTML inside SVG) is not drawn.
 */
import { ImageError } from '../../core/types.ts';
import { corruptError, outOfMemoryError } from '../../lib/image-errors.ts';
import { assessSvg } from '../../lib/svg-complexity.ts';
import { unpremultiplyInPlace } from '../../lib/svg-pixels.ts';
import { decodeSvgText } from '../../lib/svg-text.ts';
import type { DecoderDefinition } from '../types.ts';
import { compileInlined, once } from '../wasm.ts';

const loadResvg = once(async () => {
  const glue = await import('@resvg/resvg-wasm');
  const module = await compileInlined(() => import('@resvg/resvg-wasm/index_bg.wasm?inline-wasm'));
  await glue.initWasm(module);
  return glue.Resvg;
});

/** DejaVu Sans (Bitstream Vera licence): its own chunk, compiled into the worker only for SVGs with text. */
const loadFont = once(async () => (await import('dejavu-fonts-ttf/ttf/DejaVuSans.ttf?inline-bytes')).default());

const FONT_FAMILY = 'DejaVu Sans';

/** resvg's parse errors read "SVG data parsing failed cause <reason>". */
function renderError(error: unknown, width: number, height: number): ImageError {
  const message = error instanceof Error ? error.message : String(error);
  const parse = /parsing failed cause (.+)$/i.exec(message);
  if (parse) return corruptError('svg', `it is not a well-formed SVG (${(parse[1] ?? '').replace(/\.$/, '')})`);
  if (/invalid size/i.test(message)) return corruptError('svg', 'it declares a zero or invalid size');
  if (/not an UTF-8|encoding/i.test(message)) return corruptError('svg', 'its text is not valid UTF-8 or UTF-16');
  if (error instanceof RangeError || /memory/i.test(message)) return outOfMemoryError('svg', width, height);
  // A trap (a Rust panic or a failed allocation) leaves resvg's state suspect: 'out-of-memory' makes the pool replace this worker.
  if (error instanceof WebAssembly.RuntimeError) {
    return new ImageError('out-of-memory', `The SVG renderer stopped on this file at ${width} × ${height} pixels (it ran out of memory or could not handle the drawing). Try a smaller size, or simplify the drawing.`);
  }
  return corruptError('svg', 'the SVG renderer could not draw it');
}

export const svgDecoder: DecoderDefinition = {
  id: 'svg',
  formats: ['svg'],
  label: 'SVG (resvg, WebAssembly)',
  kind: 'wasm',
  orientation: 'decoder',
  async decode(bytes, hints = {}) {
    const target = hints.svg;
    if (!target) throw new ImageError('invalid-options', 'The SVG decoder needs the size to render at.');
    const text = decodeSvgText(new Uint8Array(bytes));
    const assessment = assessSvg(text);
    if (!assessment.ok && assessment.problem === 'malformed') throw corruptError('svg', assessment.reason);
    if (!assessment.ok) throw new ImageError('too-large', `This SVG was refused before rendering: ${assessment.reason}.`);

    const Resvg = await loadResvg();
    const fontBuffers = assessment.hasText ? [await loadFont()] : [];
    let renderer: InstanceType<typeof Resvg> | undefined;
    let rendered: ReturnType<InstanceType<typeof Resvg>['render']> | undefined;
    try {
      renderer = new Resvg(text, {
        fitTo: { mode: 'width', value: target.width },
        font: {
          loadSystemFonts: false,
          fontBuffers,
          defaultFontFamily: FONT_FAMILY,
          sansSerifFamily: FONT_FAMILY,
          serifFamily: FONT_FAMILY,
          monospaceFamily: FONT_FAMILY,
          cursiveFamily: FONT_FAMILY,
          fantasyFamily: FONT_FAMILY,
        },
      });
      // resvg's own reading of the size decides the height; check it before allocating the picture.
      const height = Math.ceil((renderer.height * target.width) / renderer.width);
      if (!(height > 0) || target.width * height > target.maxPixels) throw corruptError('svg', `it would render at ${target.width} × ${height} pixels, not the ${target.width} × ${target.height} it declares`);
      const unresolved = renderer.imagesToResolve().length;
      rendered = renderer.render();
      const data = new Uint8ClampedArray(rendered.pixels.buffer as ArrayBuffer, rendered.pixels.byteOffset, rendered.pixels.byteLength);
      unpremultiplyInPlace(data);
      const notes: string[] = [];
      if (assessment.foreignObjects > 0) {
        notes.push(`Not drawn: ${assessment.foreignObjects === 1 ? 'one <foreignObject>' : `${assessment.foreignObjects} <foreignObject> elements`} (HTML inside the SVG, often the text labels of diagram exports); the SVG renderer draws SVG only.`);
      }
      if (unresolved > 0) notes.push(`Not drawn: ${unresolved === 1 ? 'one image' : `${unresolved} images`} linked from outside the file (Imglio never loads anything from the network).`);
      if (assessment.hasText) notes.push(`Text drawn in ${FONT_FAMILY}, the one bundled font.`);
      return { data, width: rendered.width, height: rendered.height, ...(notes.length > 0 ? { notes } : {}) };
    } catch (error) {
      throw error instanceof ImageError ? error : renderError(error, target.width, target.height);
    } finally {
      rendered?.free();
      renderer?.free();
    }
  },
};
