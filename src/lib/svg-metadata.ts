/**
 * Removes what an SVG carries besides the drawing: <metadata> (RDF/XMP),
 * comments, and Inkscape/Sodipodi editor elements and attributes. Walked with
 * the bounded tokenizer (src/lib/svg-markup.ts), so a `>` inside an attribute
 * value or a `<!--` inside CDATA is not mistaken for markup; everything else
 * is copied as written. Past a malformed construct the rest is kept as is.
 */
import { markupTokens } from './svg-markup.ts';
import { decodeSvgText } from './svg-text.ts';

const EDITOR_PREFIX = /^(?:sodipodi|inkscape):/;
const isRemovedElement = (name: string): boolean => name.toLowerCase() === 'metadata' || EDITOR_PREFIX.test(name);

export function stripSvgMetadata(svg: string): string {
  let out = '';
  let cursor = 0;
  let skipping = 0; // depth inside a removed element
  for (const token of markupTokens(svg)) {
    if (token.kind === 'malformed') break;
    if (skipping > 0) {
      if (token.kind === 'start' && !token.selfClosing) skipping += 1;
      else if (token.kind === 'end') skipping -= 1;
      if (skipping === 0) cursor = token.to;
      continue;
    }
    if (token.kind === 'comment') {
      out += svg.slice(cursor, token.from);
      cursor = token.to;
    } else if (token.kind === 'start' && isRemovedElement(token.name)) {
      out += svg.slice(cursor, token.from);
      cursor = token.to;
      if (!token.selfClosing) skipping = 1;
    } else if (token.kind === 'start' && token.attributeSpans.some((span) => EDITOR_PREFIX.test(span.name))) {
      out += svg.slice(cursor, token.from);
      let at = token.from;
      for (const span of token.attributeSpans) {
        if (!EDITOR_PREFIX.test(span.name)) continue;
        out += svg.slice(at, span.from);
        at = span.to;
      }
      out += svg.slice(at, token.to);
      cursor = token.to;
    }
  }
  // An element left open at the end (a cut-short file) is dropped with its content.
  return skipping > 0 ? out : out + svg.slice(cursor);
}

/** The same on the file's bytes (UTF-8 or UTF-16); the result is UTF-8, so a declared UTF-16 encoding is dropped. */
export function stripSvgMetadataBytes(bytes: Uint8Array): Uint8Array {
  const text = stripSvgMetadata(decodeSvgText(bytes));
  return new TextEncoder().encode(text.replace(/^(<\?xml[^?]*?)\s+encoding\s*=\s*(["'])utf-16(?:le|be)?\2/i, '$1'));
}
