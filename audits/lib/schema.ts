/**
 * A very small schema language and validator for the values the site may
 * keep in browser storage. Deliberately strict: an object has exactly the
 * listed properties, a record has bounded keys and entries, a string has a
 * pattern or a fixed set of values. Pure.
 */

export type Schema =
  | { readonly type: 'string'; readonly enum?: readonly string[]; readonly pattern?: RegExp; readonly maxLength?: number }
  | { readonly type: 'number'; readonly min: number; readonly max: number; readonly integer?: boolean }
  | { readonly type: 'boolean' }
  | { readonly type: 'literal'; readonly value: string | number | boolean }
  /** Exactly these properties, every one of them present, nothing else. */
  | { readonly type: 'object'; readonly properties: Readonly<Record<string, Schema>> }
  /** A map with keys matching `key` and at most `maxEntries` entries. */
  | { readonly type: 'record'; readonly key: { readonly pattern?: RegExp; readonly enum?: readonly string[]; readonly maxLength: number }; readonly value: Schema; readonly maxEntries: number }
  | { readonly type: 'oneOf'; readonly of: readonly Schema[] }
  /** A string that parses as JSON, whose value has `schema`. */
  | { readonly type: 'json'; readonly schema: Schema };

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const show = (value: unknown): string => {
  const text = typeof value === 'string' ? JSON.stringify(value) : (() => {
    try {
      return JSON.stringify(value) ?? String(value);
    } catch {
      return String(value);
    }
  })();
  return text.length > 80 ? `${text.slice(0, 80)}…` : text;
};

/** Every way `value` departs from `schema`, each with its path; empty when it conforms. */
export function schemaProblems(schema: Schema, value: unknown, path = '$'): string[] {
  switch (schema.type) {
    case 'string': {
      if (typeof value !== 'string') return [`${path}: expected a string, found ${show(value)}`];
      const problems: string[] = [];
      if (schema.enum && !schema.enum.includes(value)) problems.push(`${path}: ${show(value)} is not one of ${schema.enum.map((v) => JSON.stringify(v)).join(', ')}`);
      if (schema.pattern && !schema.pattern.test(value)) problems.push(`${path}: ${show(value)} does not match ${String(schema.pattern)}`);
      if (schema.maxLength !== undefined && value.length > schema.maxLength) problems.push(`${path}: ${value.length} characters, at most ${schema.maxLength} allowed`);
      return problems;
    }
    case 'number':
      if (typeof value !== 'number' || !Number.isFinite(value)) return [`${path}: expected a number, found ${show(value)}`];
      if (value < schema.min || value > schema.max) return [`${path}: ${value} is outside ${schema.min}…${schema.max}`];
      if (schema.integer && !Number.isInteger(value)) return [`${path}: ${value} is not an integer`];
      return [];
    case 'boolean':
      return typeof value === 'boolean' ? [] : [`${path}: expected true or false, found ${show(value)}`];
    case 'literal':
      return value === schema.value ? [] : [`${path}: expected ${JSON.stringify(schema.value)}, found ${show(value)}`];
    case 'object': {
      if (!isRecord(value)) return [`${path}: expected an object, found ${show(value)}`];
      const problems: string[] = [];
      for (const key of Object.keys(value)) if (!(key in schema.properties)) problems.push(`${path}: property "${key}" is not in the schema (value ${show(value[key])})`);
      for (const [key, inner] of Object.entries(schema.properties)) {
        if (!(key in value)) problems.push(`${path}: property "${key}" is missing`);
        else problems.push(...schemaProblems(inner, value[key], `${path}.${key}`));
      }
      return problems;
    }
    case 'record': {
      if (!isRecord(value)) return [`${path}: expected an object, found ${show(value)}`];
      const entries = Object.entries(value);
      const problems: string[] = [];
      if (entries.length > schema.maxEntries) problems.push(`${path}: ${entries.length} entries, at most ${schema.maxEntries} allowed`);
      for (const [key, inner] of entries) {
        const keyOk = key.length <= schema.key.maxLength && (!schema.key.pattern || schema.key.pattern.test(key)) && (!schema.key.enum || schema.key.enum.includes(key));
        if (!keyOk) problems.push(`${path}: key ${show(key)} is not allowed`);
        else problems.push(...schemaProblems(schema.value, inner, `${path}[${JSON.stringify(key)}]`));
      }
      return problems;
    }
    case 'oneOf': {
      const all = schema.of.map((option) => schemaProblems(option, value, path));
      return all.some((p) => p.length === 0) ? [] : [`${path}: ${show(value)} matches none of the allowed forms (${all.map((p) => p[0]).join('; ')})`];
    }
    case 'json': {
      if (typeof value !== 'string') return [`${path}: expected JSON text, found ${show(value)}`];
      let parsed: unknown;
      try {
        parsed = JSON.parse(value);
      } catch {
        return [`${path}: not JSON: ${show(value)}`];
      }
      return schemaProblems(schema.schema, parsed, path);
    }
  }
}

/** The schema as one line of text, for reports and the documentation. */
export function describeSchema(schema: Schema): string {
  switch (schema.type) {
    case 'string':
      return schema.enum ? schema.enum.map((v) => JSON.stringify(v)).join(' | ') : `string${schema.pattern ? ` matching ${String(schema.pattern)}` : ''}${schema.maxLength !== undefined ? ` (≤ ${schema.maxLength} chars)` : ''}`;
    case 'number':
      return `${schema.integer ? 'integer' : 'number'} ${schema.min}…${schema.max}`;
    case 'boolean':
      return 'boolean';
    case 'literal':
      return JSON.stringify(schema.value);
    case 'object':
      return `{ ${Object.entries(schema.properties).map(([k, v]) => `${k}: ${describeSchema(v)}`).join(', ')} }`;
    case 'record':
      return `{ [key${schema.key.enum ? ` in ${schema.key.enum.join('|')}` : schema.key.pattern ? ` matching ${String(schema.key.pattern)}` : ''}, ≤ ${schema.maxEntries} entries]: ${describeSchema(schema.value)} }`;
    case 'oneOf':
      return schema.of.map(describeSchema).join(' | ');
    case 'json':
      return `JSON ${describeSchema(schema.schema)}`;
  }
}
