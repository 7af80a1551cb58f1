/**
 * Output file names from a user template such as `{name}-{width}x{height}.{ext}`,
 * made safe for every common file system and unique within a batch.
 */

export interface FilenameFields {
  /** The input name without its extension. */
  readonly name: string;
  readonly width: number;
  readonly height: number;
  /** Output extension without the dot, e.g. "webp". */
  readonly ext: string;
  /** 1-based position in the batch. */
  readonly index: number;
  /** Output format id, e.g. "jpeg". */
  readonly format: string;
}

export const DEFAULT_FILENAME_TEMPLATE = '{name}.{ext}';
export const TEMPLATE_FIELDS = ['name', 'width', 'height', 'ext', 'index', 'format'] as const;
const FIELD = /\{([a-z]+)\}/g;
const MAX_NAME_LENGTH = 200;

/** Why a template cannot be used, or undefined when it is fine. */
export function templateProblem(template: string): string | undefined {
  if (!template.trim()) return 'The file name template is empty.';
  for (const match of template.matchAll(FIELD)) {
    const field = match[1] ?? '';
    if (!(TEMPLATE_FIELDS as readonly string[]).includes(field)) {
      return `Unknown field {${field}}; use ${TEMPLATE_FIELDS.map((f) => `{${f}}`).join(', ')}.`;
    }
  }
  if (!template.includes('{name}') && !template.includes('{index}')) {
    return 'Include {name} or {index}, so different files get different names.';
  }
  return undefined;
}

/** The name without its last extension ("photo.final.JPG" → "photo.final"). */
export function baseName(fileName: string): string {
  const leaf = fileName.split(/[\\/]/).pop() ?? fileName;
  const dot = leaf.lastIndexOf('.');
  return dot > 0 ? leaf.slice(0, dot) : leaf;
}

/**
 * Replaces characters that Windows, macOS or Linux refuse or that confuse
 * shells and ZIP tools; never returns an empty name, "." or "..".
 */
export function safeFileName(name: string): string {
  let cleaned = name
    .normalize('NFC')
    // Control characters, path separators and the characters Windows forbids.
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u001f\u007f<>:"/\\|?*]/g, '_')
    .replace(/\s+/g, ' ')
    .trim()
    // Windows drops trailing dots and spaces; leading dots make hidden files.
    .replace(/^[.\s]+/, '')
    .replace(/[.\s]+$/, '');
  if (/^(con|prn|aux|nul|com\d|lpt\d)(\.|$)/i.test(cleaned)) cleaned = `_${cleaned}`;
  if (cleaned.length > MAX_NAME_LENGTH) {
    const dot = cleaned.lastIndexOf('.');
    const ext = dot > 0 && cleaned.length - dot <= 10 ? cleaned.slice(dot) : '';
    cleaned = cleaned.slice(0, MAX_NAME_LENGTH - ext.length) + ext;
  }
  return cleaned || 'image';
}

/** Fills the template; unknown fields are left out (templateProblem reports them). */
export function renderFileName(template: string, fields: FilenameFields): string {
  const source = templateProblem(template) ? DEFAULT_FILENAME_TEMPLATE : template;
  const values: Record<string, string> = {
    name: fields.name,
    width: String(fields.width),
    height: String(fields.height),
    ext: fields.ext,
    index: String(fields.index),
    format: fields.format,
  };
  let rendered = source.replace(FIELD, (_match, field: string) => values[field] ?? '');
  // A template without {ext} still yields a file the system can open.
  if (!rendered.toLowerCase().endsWith(`.${fields.ext.toLowerCase()}`)) rendered = `${rendered}.${fields.ext}`;
  return safeFileName(rendered);
}

/**
 * Returns `name` or, when taken (compared case-insensitively, as on Windows
 * and macOS), `name (2).ext`, `name (3).ext`…; records the result in `taken`.
 */
export function claimUniqueName(name: string, taken: Set<string>): string {
  const dot = name.lastIndexOf('.');
  const stem = dot > 0 ? name.slice(0, dot) : name;
  const ext = dot > 0 ? name.slice(dot) : '';
  let candidate = name;
  for (let n = 2; taken.has(candidate.toLowerCase()); n += 1) candidate = `${stem} (${n})${ext}`;
  taken.add(candidate.toLowerCase());
  return candidate;
}

/** Unique download names for a list of results, in list order (the first keeps its name). */
export function assignUniqueNames(entries: readonly { readonly id: number; readonly fileName: string }[]): Map<number, string> {
  const taken = new Set<string>();
  return new Map(entries.map((entry) => [entry.id, claimUniqueName(entry.fileName, taken)]));
}
