/** Advanced encoder options rendered from the codec's option schema; collapsed by default. */
import { useEffect, useId, useState } from 'preact/hooks';
import type { OptionField } from '../../codecs/types.ts';
import type { OutputFormat } from '../../engine/types.ts';
import { loadEncoders, type EncoderUi } from './engine-client.ts';

interface Props {
  readonly format: OutputFormat | undefined;
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
  const [open, setOpen] = useState(false);
  const [encoders, setEncoders] = useState<readonly EncoderUi[] | undefined>(undefined);
  const [failed, setFailed] = useState(false);

  // The schemas come with the codec registry, which is only loaded once the panel is opened.
  useEffect(() => {
    if (!open || encoders) return;
    loadEncoders().then(setEncoders, () => setFailed(true));
  }, [open, encoders]);

  const encoder = encoders?.find((e) => e.format === format);
  // Quality has its own slider above; the schema's quality key is not repeated here.
  const fields = encoder?.options.filter((field) => field.key !== encoder.qualityKey) ?? [];
  let body;
  if (!format) body = <p class="field-help">Choose an output format to see its options. With "Same as input" each file keeps its own encoder defaults.</p>;
  else if (failed) body = <p class="field-help">The encoder options could not be loaded.</p>;
  else if (!encoders) body = <p class="field-help">Loading the encoder options…</p>;
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
    <details class="advanced" onToggle={(e) => setOpen((e.currentTarget as HTMLDetailsElement).open)}>
      <summary>Advanced encoder options</summary>
      <div class="advanced-body">{body}</div>
    </details>
  );
}
