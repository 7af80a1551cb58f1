/**
 * A small, bounded XML tokenizer for SVG: enough to find the root element,
 * read its attributes (a `>` inside a quoted value is part of the value) and
 * walk every element for the complexity pre-scan. It never builds a tree and
 * never expands entities; every step moves forward, so it runs in time linear
 * in the text and stops at the first malformed construct.
 */

/** Where a token is in the text: `from` its first character, `to` just after its last. */
export interface Span {
  readonly from: number;
  readonly to: number;
}

export type MarkupToken = Span &
  (
    | {
        readonly kind: 'start';
        readonly name: string;
        readonly attributes: ReadonlyMap<string, string>;
        readonly selfClosing: boolean;
        /** Each attribute's name and its span, from the whitespace before it to its closing quote. */
        readonly attributeSpans: ReadonlyArray<Span & { readonly name: string }>;
      }
    | { readonly kind: 'end'; readonly name: string }
    /** Character data between tags; `blank` when it is only whitespace. */
    | { readonly kind: 'text'; readonly blank: boolean }
    | { readonly kind: 'comment' | 'pi' | 'cdata' }
    /** `<!DOCTYPE …>`; `subset` is the internal subset between `[` and `]`, if any. */
    | { readonly kind: 'doctype'; readonly subset: string }
    /** A construct that is cut short or not XML; the walk ends here. */
    | { readonly kind: 'malformed'; readonly reason: string }
  );

const isSpace = (code: number): boolean => code === 0x20 || code === 0x09 || code === 0x0a || code === 0x0d;
/** Characters that end a tag or attribute name. */
const isNameEnd = (code: number): boolean => isSpace(code) || code === 0x3e /* > */ || code === 0x2f /* / */ || code === 0x3d /* = */ || code === 0x3c /* < */;

const ENTITIES: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** Resolves the predefined and numeric character references of an attribute value (not declared entities). */
export function decodeAttributeValue(raw: string): string {
  if (!raw.includes('&')) return raw;
  return raw.replace(/&(#x[0-9a-f]{1,6}|#[0-9]{1,7}|[a-z]{2,4});/gi, (whole, ref: string) => {
    if (ref.startsWith('#')) {
      const code = ref[1] === 'x' || ref[1] === 'X' ? Number.parseInt(ref.slice(2), 16) : Number.parseInt(ref.slice(1), 10);
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return ENTITIES[ref] ?? whole;
  });
}

/** The part of a qualified name after its prefix: `svg:svg` → `svg`. */
export const localName = (name: string): string => name.slice(name.indexOf(':') + 1);

/** A name as it may appear in a message: printable ASCII, at most 40 characters; binary never reaches the user. */
const printable = (name: string): boolean => /^[\x21-\x7e]{1,40}$/.test(name);
const tagLabel = (name: string): string => (printable(name) ? `the <${name}> tag` : 'a tag');
const attributeLabel = (attribute: string, name: string): string =>
  `${printable(attribute) ? `the attribute ${attribute}` : 'an attribute'} of ${printable(name) ? `<${name}>` : 'a tag'}`;

function skipSpace(text: string, at: number): number {
  let i = at;
  while (i < text.length && isSpace(text.charCodeAt(i))) i += 1;
  return i;
}

function readName(text: string, at: number): number {
  let i = at;
  while (i < text.length && !isNameEnd(text.charCodeAt(i))) i += 1;
  return i;
}

/** End of a `<!DOCTYPE`: quoted strings and an internal subset (with its own comments and strings) are skipped. */
function doctypeEnd(text: string, at: number): { end: number; subset: string } | null {
  let i = at;
  let subsetStart = -1;
  let subsetEnd = -1;
  while (i < text.length) {
    const char = text[i];
    if (char === '"' || char === "'") {
      const close = text.indexOf(char, i + 1);
      if (close < 0) return null;
      i = close + 1;
    } else if (subsetStart >= 0 && subsetEnd < 0 && text.startsWith('<!--', i)) {
      const close = text.indexOf('-->', i + 4);
      if (close < 0) return null;
      i = close + 3;
    } else if (char === '[' && subsetStart < 0) {
      subsetStart = i + 1;
      i += 1;
    } else if (char === ']' && subsetStart >= 0 && subsetEnd < 0) {
      subsetEnd = i;
      i += 1;
    } else if (char === '>' && (subsetStart < 0 || subsetEnd >= 0)) {
      return { end: i + 1, subset: subsetStart >= 0 ? text.slice(subsetStart, subsetEnd) : '' };
    } else i += 1;
  }
  return null;
}

/**
 * The tokens of `text` in document order. `maxTokens` bounds the walk (the
 * caller decides what running past it means); the generator simply stops.
 */
export function* markupTokens(text: string, maxTokens = Number.POSITIVE_INFINITY): Generator<MarkupToken> {
  let at = 0;
  let count = 0;
  while (at < text.length && count < maxTokens) {
    count += 1;
    const open = text.indexOf('<', at);
    if (open !== at) {
      const end = open < 0 ? text.length : open;
      let blank = true;
      for (let i = at; i < end && blank; i += 1) blank = isSpace(text.charCodeAt(i));
      yield { kind: 'text', blank, from: at, to: end };
      at = end;
      continue;
    }
    if (text.startsWith('<!--', at)) {
      const close = text.indexOf('-->', at + 4);
      if (close < 0) return yield { kind: 'malformed', reason: 'a comment is not closed', from: at, to: text.length };
      yield { kind: 'comment', from: at, to: close + 3 };
      at = close + 3;
    } else if (text.startsWith('<![CDATA[', at)) {
      const close = text.indexOf(']]>', at + 9);
      if (close < 0) return yield { kind: 'malformed', reason: 'a CDATA section is not closed', from: at, to: text.length };
      yield { kind: 'cdata', from: at, to: close + 3 };
      at = close + 3;
    } else if (text.startsWith('<?', at)) {
      const close = text.indexOf('?>', at + 2);
      if (close < 0) return yield { kind: 'malformed', reason: 'a processing instruction is not closed', from: at, to: text.length };
      yield { kind: 'pi', from: at, to: close + 2 };
      at = close + 2;
    } else if (text.slice(at, at + 9).toUpperCase() === '<!DOCTYPE') {
      const doctype = doctypeEnd(text, at + 9);
      if (!doctype) return yield { kind: 'malformed', reason: 'the DOCTYPE is not closed', from: at, to: text.length };
      yield { kind: 'doctype', subset: doctype.subset, from: at, to: doctype.end };
      at = doctype.end;
    } else if (text.startsWith('</', at)) {
      const nameEnd = readName(text, at + 2);
      const close = text.indexOf('>', nameEnd);
      if (nameEnd === at + 2 || close < 0) return yield { kind: 'malformed', reason: 'an end tag is cut short', from: at, to: text.length };
      yield { kind: 'end', name: text.slice(at + 2, nameEnd), from: at, to: close + 1 };
      at = close + 1;
    } else {
      const nameEnd = readName(text, at + 1);
      const malformed = (reason: string): MarkupToken => ({ kind: 'malformed', reason, from: at, to: text.length });
      if (nameEnd === at + 1) return yield malformed(`a "<" at character ${at} starts no tag`);
      const name = text.slice(at + 1, nameEnd);
      const attributes = new Map<string, string>();
      const attributeSpans: Array<Span & { name: string }> = [];
      let i = nameEnd;
      let selfClosing = false;
      for (;;) {
        const spanFrom = i;
        i = skipSpace(text, i);
        if (i >= text.length) return yield malformed(`${tagLabel(name)} is cut short`);
        const code = text.charCodeAt(i);
        if (code === 0x3e) {
          i += 1;
          break;
        }
        if (code === 0x2f && text.charCodeAt(i + 1) === 0x3e) {
          selfClosing = true;
          i += 2;
          break;
        }
        const attributeEnd = readName(text, i);
        if (attributeEnd === i) return yield malformed(`${tagLabel(name)} has a stray character`);
        const attribute = text.slice(i, attributeEnd);
        i = skipSpace(text, attributeEnd);
        if (text[i] !== '=') return yield malformed(`${attributeLabel(attribute, name)} has no value`);
        i = skipSpace(text, i + 1);
        const quote = text[i];
        if (quote !== '"' && quote !== "'") return yield malformed(`${attributeLabel(attribute, name)} is not quoted`);
        const close = text.indexOf(quote, i + 1);
        if (close < 0) return yield malformed(`${attributeLabel(attribute, name)} is not closed`);
        attributes.set(attribute, decodeAttributeValue(text.slice(i + 1, close)));
        attributeSpans.push({ name: attribute, from: spanFrom, to: close + 1 });
        i = close + 1;
      }
      yield { kind: 'start', name, attributes, selfClosing, attributeSpans, from: at, to: i };
      at = i;
    }
  }
}
