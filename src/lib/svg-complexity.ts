/**
 * A bounded pre-scan of an SVG before it is rendered, so a file whose drawing
 * explodes (nested `<use>`, patterns or masks that reference each other, a
 * data: SVG inside an `<image>`) is refused in milliseconds with a specific
 * reason instead of keeping the renderer busy until the watchdog stops it.
 *
 * The estimate: every element counts 1 plus its children, and every reference
 * that draws another element again (`<use href>`, `<pattern href>`,
 * `<feImage href>`, `url(#id)` in any attribute) adds that element's own
 * estimate. A reference back into itself counts nothing (renderers skip such
 * loops). It also says what the renderer will leave out, for the result's notes.
 */
import { localName, markupTokens } from './svg-markup.ts';

export interface SvgLimits {
  /** Characters of SVG text. */
  readonly maxChars: number;
  /** Elements written in the file. */
  readonly maxElements: number;
  /** Elements the renderer would draw once every reference is expanded. */
  readonly maxDrawn: number;
  /** Filter primitives (`fe*` elements) written in the file. */
  readonly maxFilterPrimitives: number;
  /** Element nesting depth. */
  readonly maxDepth: number;
  /** data: SVG images inside data: SVG images. */
  readonly maxNestedImages: number;
  /** Characters that references to DOCTYPE entities may add to the document. */
  readonly maxEntityExpansion: number;
  /**
   * Width or height of a filter region in objectBoundingBox units (1 = the element's own size; the default
   * region is 1.2). resvg allocates and filters the whole region, so its cost grows with the square of this.
   */
  readonly maxFilterRegion: number;
}

/**
 * 1e5 plain elements take resvg about 1 s on one core here, and 1e5 drawn
 * through `<use>` about 6 s; 250 000 drawn keeps the worst accepted file
 * within tens of seconds, far above real drawings (maps and diagram exports
 * rarely pass 50 000 elements).
 */
export const SVG_LIMITS: SvgLimits = {
  maxChars: 64 * 1024 * 1024,
  maxElements: 250_000,
  maxDrawn: 250_000,
  maxFilterPrimitives: 500,
  maxDepth: 512,
  maxNestedImages: 2,
  maxEntityExpansion: 1024 * 1024,
  // Measured with resvg 2.6.2 in Node: a blur whose region is 20 × its 400 × 400 element took 34 s and 0.9 GB,
  // 20 × a 4000 × 4000 one 118 s and 3.1 GB. Drop shadows and glows use well under 4 (400 %).
  maxFilterRegion: 4,
};

export type SvgAssessment =
  | {
      readonly ok: true;
      readonly elements: number;
      /** Estimated elements drawn after expanding references. */
      readonly drawn: number;
      /** Has <text> (the renderer then needs a font). */
      readonly hasText: boolean;
      /** <foreignObject> elements, which the renderer does not draw. */
      readonly foreignObjects: number;
    }
  /** 'malformed': not well-formed XML; 'complex': over a limit. */
  | { readonly ok: false; readonly problem: 'malformed' | 'complex'; readonly reason: string };

const ENTITY_DECLARATION = /<!ENTITY\s+([^\s%]+)\s+(["'])([\s\S]*?)\2/gi;
const ENTITY_REFERENCE = /&([A-Za-z_][\w.-]*);/g;

function declaredEntities(subset: string): Map<string, string> {
  const values = new Map<string, string>();
  for (const match of subset.matchAll(ENTITY_DECLARATION)) values.set(match[1] ?? '', match[3] ?? '');
  return values;
}

/** Characters the document's references to its declared entities add (one small entity used a million times counts too). */
function entityExpansion(entities: ReadonlyMap<string, string>, text: string, from: number): number {
  if (entities.size === 0) return 0;
  let total = 0;
  ENTITY_REFERENCE.lastIndex = from;
  for (let match = ENTITY_REFERENCE.exec(text); match; match = ENTITY_REFERENCE.exec(text)) total += entities.get(match[1] ?? '')?.length ?? 0;
  return total;
}

/** The document after the DOCTYPE with its entity references replaced (already bounded by maxEntityExpansion). */
function expandEntities(entities: ReadonlyMap<string, string>, text: string, from: number): string {
  return text.slice(0, from) + text.slice(from).replace(ENTITY_REFERENCE, (whole, name: string) => entities.get(name) ?? whole);
}

const URL_REFERENCE = /url\(\s*['"]?#([^'")\s]+)['"]?\s*\)/g;
/** Elements whose href draws the referenced element (or its children) again. */
const DRAWING_HREF = new Set(['use', 'pattern', 'feimage']);

const count = (n: number): string => (n >= 1e9 ? `more than ${Number(1e9).toLocaleString('en')}` : `about ${Math.round(n).toLocaleString('en')}`);

interface ElementRecord {
  readonly children: number[];
  /** Referenced ids, and how many times each is drawn (a marker once per vertex). */
  readonly references: Array<{ readonly id: string; readonly times: number }>;
  /** Estimated drawn elements of a data: SVG this element shows, 0 when none. */
  nested: number;
  /** Drawn only where referenced (<defs>, <symbol>, <pattern>, …): its own children do not count for its parent. */
  readonly template: boolean;
}

const TEMPLATES = new Set(['defs', 'symbol', 'clippath', 'mask', 'pattern', 'marker', 'lineargradient', 'radialgradient', 'filter']);

function hrefOf(attributes: ReadonlyMap<string, string>): string | undefined {
  return attributes.get('href') ?? attributes.get('xlink:href') ?? [...attributes].find(([name]) => localName(name) === 'href')?.[1];
}

/** The text of a data: URL whose type is SVG, or null. */
function dataSvgText(href: string): string | null {
  const match = /^\s*data:image\/svg\+xml([^,]*),/i.exec(href);
  if (!match) return null;
  const payload = href.slice(match[0].length);
  try {
    if (/;base64/i.test(match[1] ?? '')) {
      const binary = atob(payload.replace(/\s+/g, ''));
      const bytes = Uint8Array.from(binary, (char) => char.charCodeAt(0));
      return new TextDecoder().decode(bytes);
    }
    return decodeURIComponent(payload);
  } catch {
    return null; // the renderer will not show an undecodable image either
  }
}

const NUMBER = /[-+]?(?:\d+\.?\d*|\.\d+)(?:e[-+]?\d+)?/gi;

/** Vertices of a path or polyline, roughly: half the numbers in its d or points. */
function vertexCount(attributes: ReadonlyMap<string, string>): number {
  const geometry = attributes.get('d') ?? attributes.get('points');
  if (!geometry) return 1;
  let numbers = 0;
  NUMBER.lastIndex = 0;
  while (NUMBER.exec(geometry)) numbers += 1;
  return Math.max(1, Math.ceil(numbers / 2));
}

/** Memoised expansion over children and references, iteratively (reference chains can be long). */
function drawnEstimate(elements: readonly ElementRecord[], ids: ReadonlyMap<string, number>, cap: number): number {
  const total = new Float64Array(elements.length);
  const state = new Uint8Array(elements.length); // 0 new, 1 in progress, 2 done
  const stack: number[] = [];
  const targetsOf = (element: ElementRecord | undefined): Array<{ target: number; times: number }> =>
    (element?.references ?? []).flatMap(({ id, times }) => {
      const target = ids.get(id);
      return target === undefined ? [] : [{ target, times }];
    });
  const dependencies = (index: number): number[] => [...(elements[index]?.children ?? []), ...targetsOf(elements[index]).map(({ target }) => target)];
  for (let root = 0; root < elements.length; root += 1) {
    if (state[root] === 2) continue;
    stack.push(root);
    while (stack.length > 0) {
      const index = stack[stack.length - 1] ?? 0;
      if (state[index] === 0) {
        state[index] = 1;
        for (const dependency of dependencies(index)) if (state[dependency] === 0) stack.push(dependency);
        continue;
      }
      stack.pop();
      if (state[index] === 2) continue;
      const element = elements[index];
      let sum = 1 + (element?.nested ?? 0);
      // A dependency still in progress is a loop back into this element: the renderer skips it.
      // A template child (<defs>, <symbol>…) adds itself only; a reference adds the target's whole estimate.
      for (const child of element?.children ?? []) if (state[child] === 2) sum += elements[child]?.template === true ? 1 : (total[child] ?? 0);
      for (const { target, times } of targetsOf(element)) if (state[target] === 2) sum += times * (total[target] ?? 0);
      total[index] = Math.min(sum, cap);
      state[index] = 2;
    }
  }
  return total[0] ?? 0;
}

/** A `<filter>`'s width or height (the larger) in units of its element's size; 0 in user-space units (not bounded here). */
function filterRegionFactor(attributes: ReadonlyMap<string, string>): number {
  const get = (name: string): string | undefined => attributes.get(name) ?? attributes.get(name.toLowerCase());
  if (get('filterUnits')?.trim() === 'userSpaceOnUse') return 0;
  const factor = (value: string | undefined): number => {
    const match = /^\s*([+-]?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?)\s*(%?)\s*$/i.exec(value ?? '');
    if (!match) return 1.2;
    const number = Number(match[1]);
    return Math.abs(match[2] ? number / 100 : number);
  };
  return Math.max(factor(get('width')), factor(get('height')));
}

export function assessSvg(text: string, limits: SvgLimits = SVG_LIMITS, nesting = 0, entitiesExpanded = false): SvgAssessment {
  if (text.length > limits.maxChars) return { ok: false, problem: 'complex', reason: `it is ${text.length.toLocaleString('en')} characters long (limit ${limits.maxChars.toLocaleString('en')})` };
  const elements: ElementRecord[] = [];
  const ids = new Map<string, number>();
  const open: number[] = [];
  let filterPrimitives = 0;
  let foreignObjects = 0;
  let hasText = false;
  let seenRoot = false;
  for (const token of markupTokens(text)) {
    const afterRoot = seenRoot && open.length === 0;
    // Only comments, PIs and whitespace may follow the root (an SVG with another file appended is not one).
    if (afterRoot && (token.kind === 'malformed' || token.kind === 'start' || token.kind === 'end' || (token.kind === 'text' && !token.blank) || token.kind === 'cdata')) {
      return { ok: false, problem: 'malformed', reason: 'it has data after the end of its root <svg> element' };
    }
    if (token.kind === 'malformed') return { ok: false, problem: 'malformed', reason: `it is not well-formed XML (${token.reason})` };
    if (token.kind === 'doctype' && /<!ENTITY[^>]*&[^#]/i.test(token.subset)) {
      return { ok: false, problem: 'complex', reason: 'its DOCTYPE declares entities built from other entities (an entity-expansion bomb)' };
    }
    if (token.kind === 'doctype' && !entitiesExpanded) {
      const entities = declaredEntities(token.subset);
      const added = entityExpansion(entities, text, token.to);
      if (added > limits.maxEntityExpansion) {
        return { ok: false, problem: 'complex', reason: `its entities would expand to ${added.toLocaleString('en')} characters (limit ${limits.maxEntityExpansion.toLocaleString('en')})` };
      }
      // Entities holding markup add elements the walk must see: assess the expanded document instead.
      if ([...entities.values()].some((value) => value.includes('<'))) return assessSvg(expandEntities(entities, text, token.to), limits, nesting, true);
    }
    if (token.kind === 'end') {
      open.pop();
      continue;
    }
    if (token.kind !== 'start') continue;
    seenRoot = true;
    const index = elements.length;
    if (index >= limits.maxElements) return { ok: false, problem: 'complex', reason: `it has more than ${limits.maxElements.toLocaleString('en')} elements` };
    const name = localName(token.name).toLowerCase();
    const record: ElementRecord = { children: [], references: [], nested: 0, template: TEMPLATES.has(name) };
    elements.push(record);
    const parent = open[open.length - 1];
    if (parent !== undefined) elements[parent]?.children.push(index);
    if (name.startsWith('fe') && ++filterPrimitives > limits.maxFilterPrimitives) {
      return { ok: false, problem: 'complex', reason: `it has more than ${limits.maxFilterPrimitives} filter primitives` };
    }
    if (name === 'filter') {
      const region = filterRegionFactor(token.attributes);
      if (region > limits.maxFilterRegion) {
        return { ok: false, problem: 'complex', reason: `a filter's region is ${count(region)} times the size of the element it applies to (limit ${limits.maxFilterRegion}), which would make the renderer filter ${count(region * region)} times that element's pixels` };
      }
    }
    if (name === 'foreignobject') foreignObjects += 1;
    if (name === 'text') hasText = true;
    const id = token.attributes.get('id');
    if (id !== undefined && !ids.has(id)) ids.set(id, index);
    const vertices = vertexCount(token.attributes);
    for (const [attribute, value] of token.attributes) {
      // A marker is drawn at every vertex (marker-mid, the marker shorthand, or either inside style); plus one for its group.
      const times = /^marker(?:-mid)?$/i.test(attribute) || (attribute === 'style' && /marker(?:-mid)?\s*:/i.test(value)) ? vertices : 1;
      for (const match of value.matchAll(URL_REFERENCE)) record.references.push({ id: match[1] ?? '', times: times * (/marker/i.test(attribute) || attribute === 'style' ? 2 : 1) });
    }
    const href = hrefOf(token.attributes);
    if (href?.trimStart().startsWith('#') && DRAWING_HREF.has(name)) record.references.push({ id: href.trim().slice(1), times: 1 });
    if (href && name === 'image') {
      const inner = dataSvgText(href);
      if (inner !== null) {
        if (nesting >= limits.maxNestedImages) return { ok: false, problem: 'complex', reason: `it nests SVG images inside SVG images more than ${limits.maxNestedImages} deep` };
        const nested = assessSvg(inner, limits, nesting + 1);
        // A broken embedded image is simply not drawn; one that would explode refuses the file.
        if (!nested.ok && nested.problem === 'complex') return { ok: false, problem: 'complex', reason: `an SVG image inside it is refused: ${nested.reason}` };
        if (nested.ok) {
          record.nested = nested.drawn;
          hasText ||= nested.hasText;
        }
      }
    }
    if (!token.selfClosing) {
      open.push(index);
      if (open.length > limits.maxDepth) return { ok: false, problem: 'complex', reason: `its elements nest more than ${limits.maxDepth} deep` };
    }
  }
  if (elements.length === 0) return { ok: false, problem: 'malformed', reason: 'it has no elements' };
  if (open.length > 0) return { ok: false, problem: 'malformed', reason: 'it is cut short (elements are not closed)' };
  const drawn = drawnEstimate(elements, ids, limits.maxDrawn * 1e6);
  if (drawn > limits.maxDrawn) {
    return { ok: false, problem: 'complex', reason: `its references (<use>, patterns, masks) would draw ${count(drawn)} elements (limit ${limits.maxDrawn.toLocaleString('en')}), a "use bomb"` };
  }
  return { ok: true, elements: elements.length, drawn, hasText, foreignObjects };
}
