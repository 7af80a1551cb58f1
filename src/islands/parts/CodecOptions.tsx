/** Advanced encoder options rendered from the codec's option schema; collapsed by default. */
import { useId } from 'preact/hooks';
import { encoderFor } from '../../codecs/registry.ts';
import type { ImageFormat } from '../../core/formats.ts';
import type { OptionField } from '../../core/option-schema.ts';

interface Props {
  readonly format: ImageFormat | undefined;
  readonly values: Readonly<Record<string, unknown>>;
  readonly onChange: (values: Readonly<Record<string, unknown>>) => void;
}

function OptionInput({ field, value, onChange }: { field: OptionField; value: unknown; onChange: (v: unknown) => void }) {
  const id = useId();
  const help = field.help ? <p class="field-help" id={`${id}-help`}>{field.help}</p> : null;
  const describedBy = field.help ? `${id}-help` : undefined;
  if (field.kind === 'boolean') {
    return (
      <div class="field field-check">
        <input id={id} type="checkbox" checked={typeof value === 'boolean' ? value : field.default} aria-describedby={describedBy}
          onChange={(e) => onChange(e.currentTarget.checked)} />
        <label for={id}>{field.label}</label>
        {help}
      </div>
    );
  }
  if (field.kind === 'select') {
    return (
      <div class="field">
        <label for={id}>{field.label}</label>
        <select id={id} value={typeof value === 'string' ? value : field.default} aria-describedby={describedBy} onChange={(e) => onChange(e.currentTarget.value)}>
          {field.choices.map((choice) => <option key={choice.value} value={choice.value}>{choice.label}</option>)}
        </select>
        {help}
      </div>
    );
  }
  const current = typeof value === 'number' ? value : field.default;
  return (
    <div class="field">
      <label for={id}>{field.label} <output for={id}>{current}</output></label>
      <input id={id} type="range" min={field.min} max={field.max} step={field.step} value={current} aria-describedby={describedBy}
        onInput={(e) => onChange(Number(e.currentTarget.value))} />
      {help}
    </div>
  );
}

export function CodecOptions({ format, values, onChange }: Props) {
  const encoder = format ? encoderFor(format) : undefined;
  // Quality has its own slider above; the schema's quality key is not repeated here.
  const fields = encoder?.options.filter((field) => field.key !== encoder.qualityKey && !field.ownControl) ?? [];
  let body;
  if (!format) body = <p class="field-help">Choose an output format to see its options. With "Same as input" each file keeps its own encoder defaults.</p>;
  else if (!encoder || fields.length === 0) body = <p class="field-help">This encoder has no further options.</p>;
  else {
    body = (
      <>
        {fields.map((field) => (
          <OptionInput key={field.key} field={field} value={values[field.key]} onChange={(v) => onChange({ ...values, [field.key]: v })} />
        ))}
        <button type="button" class="button-link" onClick={() => onChange({})}>Reset {encoder.label} options</button>
      </>
    );
  }
  return (
    <details class="advanced">
      <summary>Advanced encoder options</summary>
      <div class="advanced-body">{body}</div>
    </details>
  );
}
