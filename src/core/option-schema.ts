/**
 * Codec and processor options as data: a UI renders them, the worker validates
 * requests against them (src/lib/option-schema.ts), and a codec's encode()
 * receives values whose types are inferred from its own schema.
 */
interface FieldBase {
  readonly key: string;
  readonly label: string;
  readonly advanced?: boolean;
  /** Set by its own visible control in the settings panel (e.g. the PNG mode field), so not repeated among the advanced options. */
  readonly ownControl?: boolean;
  readonly help?: string;
}

export interface RangeField extends FieldBase {
  readonly kind: 'range';
  readonly min: number;
  readonly max: number;
  readonly step: number;
  readonly default: number;
}

export interface BooleanField extends FieldBase {
  readonly kind: 'boolean';
  readonly default: boolean;
}

export interface SelectChoice<V extends string = string> {
  readonly value: V;
  readonly label: string;
}

export interface SelectField<V extends string = string> extends FieldBase {
  readonly kind: 'select';
  readonly choices: readonly SelectChoice<V>[];
  readonly default: V;
}

export type OptionField = RangeField | BooleanField | SelectField;
export type OptionSchema = readonly OptionField[];

/** Validated values of any schema (what crosses postMessage). */
export type OptionRecord = Record<string, number | boolean | string>;

type FieldValue<F> = F extends RangeField ? number : F extends BooleanField ? boolean : F extends { readonly choices: readonly { readonly value: infer V }[] } ? V : never;

/** The validated values of one schema, keyed and typed by its fields (declare the schema `as const`). */
export type OptionValues<S extends OptionSchema> = { readonly [F in S[number] as F['key']]: FieldValue<F> };
