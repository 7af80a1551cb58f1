/**
 * Validates and normalises a codec options object against its OptionSchema
 * (src/core/option-schema.ts): missing keys take defaults, unknown keys and wrong
 * types are refused with a message naming the key and what was expected.
 * Pure: no DOM, no worker globals.
 */
import type { OptionField, OptionRecord, OptionSchema } from '../core/option-schema.ts';

export type OptionValidation =
  | { readonly ok: true; readonly value: OptionRecord }
  | { readonly ok: false; readonly errors: readonly string[] };

export function defaultOptionValues(schema: OptionSchema): OptionRecord {
  return Object.fromEntries(schema.map((field) => [field.key, field.default]));
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return Array.isArray(value) ? 'an array' : `a ${typeof value}`;
}

function checkField(field: OptionField, value: unknown, context: string): { value: number | boolean | string } | { error: string } {
  const name = `${context}option "${field.key}" (${field.label})`;
  switch (field.kind) {
    case 'range': {
      if (typeof value !== 'number' || !Number.isFinite(value)) return { error: `${name} must be a number from ${field.min} to ${field.max}, got ${describe(value)}` };
      if (value < field.min || value > field.max) return { error: `${name} must be from ${field.min} to ${field.max}, got ${value}` };
      // Snap to the step grid, measured from min, so 74.6 with step 1 becomes 75.
      const snapped = field.min + Math.round((value - field.min) / field.step) * field.step;
      const decimals = (String(field.step).split('.')[1] ?? '').length;
      return { value: Math.min(field.max, Number(snapped.toFixed(decimals))) };
    }
    case 'boolean':
      if (typeof value !== 'boolean') return { error: `${name} must be true or false, got ${describe(value)}` };
      return { value };
    case 'select': {
      const allowed = field.choices.map((choice) => choice.value);
      if (typeof value !== 'string' || !allowed.includes(value)) return { error: `${name} must be one of ${allowed.map((v) => JSON.stringify(v)).join(', ')}, got ${describe(value)}` };
      return { value };
    }
  }
}

/**
 * Checks `input` against `schema`. `context` prefixes messages (e.g. "WebP ")
 * so a batch log says which codec refused the options.
 */
export function validateOptions(schema: OptionSchema, input: unknown, context = ''): OptionValidation {
  if (input === undefined || input === null) return { ok: true, value: defaultOptionValues(schema) };
  if (typeof input !== 'object' || Array.isArray(input)) return { ok: false, errors: [`${context}options must be an object of key/value pairs, got ${describe(input)}`] };
  const errors: string[] = [];
  const value = defaultOptionValues(schema);
  const known = new Set(schema.map((field) => field.key));
  for (const key of Object.keys(input)) {
    if (!known.has(key)) errors.push(`${context}has no option "${key}"; known options: ${[...known].join(', ')}`);
  }
  for (const field of schema) {
    const given = (input as Record<string, unknown>)[field.key];
    if (given === undefined) continue;
    const checked = checkField(field, given, context);
    if ('error' in checked) errors.push(checked.error);
    else value[field.key] = checked.value;
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, value };
}
