/**
 * The root element of an SVG and the size it declares, read with the bounded
 * tokenizer (src/lib/svg-markup.ts): any number of comments, processing
 * instructions and a DOCTYPE (with an internal subset) may come first, and a
 * `>` inside a quoted attribute value does not end the tag.
 */
import { localName, markupTokens } from './svg-markup.ts';
import { svgPrologText } from './svg-text.ts';

export type SvgRoot =
  | { readonly kind: 'svg'; readonly attributes: ReadonlyMap<string, string> }
  /** Markup whose first element is not <svg> (`name`), or markup that is broken before any element. */
  | { readonly kind: 'other'; readonly name?: string; readonly reason?: string }
  /** Not markup at all (binary, or text that does not start with `<`). */
  | { readonly kind: 'none' };

/** Tokens allowed before the root element (comments, PIs, whitespace): a bound on the prolog walk. */
const MAX_PROLOG_TOKENS = 10_000;

export function findSvgRoot(text: string): SvgRoot {
  for (const token of markupTokens(text, MAX_PROLOG_TOKENS)) {
    switch (token.kind) {
      case 'start':
        return localName(token.name).toLowerCase() === 'svg' ? { kind: 'svg', attributes: token.attributes } : { kind: 'other', name: token.name };
      case 'text':
        if (!token.blank) return { kind: 'other', reason: 'text comes before the first element' };
        break;
      case 'malformed':
        return { kind: 'other', reason: token.reason };
      case 'end':
      case 'cdata':
        return { kind: 'other', reason: 'the document does not start with an element' };
      default:
        break;
    }
  }
  return { kind: 'other', reason: 'no element was found in the first megabyte' };
}

/** The root of an SVG file's bytes (UTF-8 or UTF-16), looking at most SVG_PROLOG_LIMIT bytes in. */
export function svgRootOf(bytes: Uint8Array): SvgRoot {
  const text = svgPrologText(bytes);
  return text === null ? { kind: 'none' } : findSvgRoot(text);
}

/** Lower-cased names; the `svg:` prefix of a prefixed root is dropped so `svg:width` reads as `width`. */
function plainAttributes(attributes: ReadonlyMap<string, string>): Map<string, string> {
  const plain = new Map<string, string>();
  for (const [name, value] of attributes) {
    const key = (name.includes(':') && !name.startsWith('xmlns') ? localName(name) : name).toLowerCase();
    if (!plain.has(key) || !name.includes(':')) plain.set(key, value);
  }
  return plain;
}

const SVG_UNITS: Readonly<Record<string, number>> = { '': 1, px: 1, pt: 4 / 3, pc: 16, in: 96, cm: 96 / 2.54, mm: 96 / 25.4, q: 96 / 101.6 };

function svgLength(value: string | undefined): number | null {
  const match = value?.trim().match(/^([0-9]*\.?[0-9]+(?:e[+-]?\d+)?)\s*(px|pt|pc|in|cm|mm|q|)$/i);
  if (!match) return null; // %, em and the like depend on a context an image file does not have
  return Number(match[1]) * (SVG_UNITS[(match[2] ?? '').toLowerCase()] ?? 1);
}

export interface DeclaredSize {
  readonly width: number;
  readonly height: number;
}

/**
 * The intrinsic size: width/height attributes, else the viewBox, else the CSS
 * default 300 × 150. May be 0; `unusable` (naming the attributes) when a
 * length overflows to infinity, such as width="1e400".
 */
export function svgDeclaredSize(rootAttributes: ReadonlyMap<string, string>): DeclaredSize | { readonly unusable: string } {
  const attributes = plainAttributes(rootAttributes);
  const size = declaredSize(attributes);
  if (Number.isFinite(size.width) && Number.isFinite(size.height)) return size;
  const shown = (name: string): string => JSON.stringify((attributes.get(name) ?? '').slice(0, 40));
  return { unusable: `its declared size (width=${shown('width')} height=${shown('height')} viewBox=${shown('viewbox')}) is not a usable number` };
}

function declaredSize(attributes: ReadonlyMap<string, string>): DeclaredSize {
  const viewBox = attributes.get('viewbox')?.trim().split(/[\s,]+/).map(Number);
  const box = viewBox && viewBox.length === 4 && viewBox.every(Number.isFinite) && (viewBox[2] ?? 0) > 0 && (viewBox[3] ?? 0) > 0 ? { width: viewBox[2] ?? 0, height: viewBox[3] ?? 0 } : null;
  let width = svgLength(attributes.get('width'));
  let height = svgLength(attributes.get('height'));
  if (width === null && height === null) {
    if (box) return { width: Math.round(box.width), height: Math.round(box.height) };
    return { width: 300, height: 150 };
  }
  if (width === null) width = box ? ((height ?? 0) * box.width) / box.height : 300;
  if (height === null) height = box ? (width * box.height) / box.width : 150;
  // A zero length disables rendering (SVG 2 § 8.2): kept as 0 so the size check names it.
  const pixels = (length: number): number => (length === 0 ? 0 : Math.max(1, Math.round(length)));
  return { width: pixels(width), height: pixels(height) };
}
