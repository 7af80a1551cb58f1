import { useId } from 'preact/hooks';
import { offeredEncoders } from '../../../codecs/registry.ts';
import { formatLabel } from '../../../core/formats.ts';
import type { FormatChoice } from '../../../lib/tool-settings.ts';
import type { FieldProps } from './field-props.ts';

/** The output formats offered, in registry order, named by the formats table. */
const FORMAT_CHOICES: readonly { readonly value: FormatChoice; readonly label: string }[] = [
  { value: 'same', label: 'Same as input' },
  ...offeredEncoders().map((encoder) => ({ value: encoder.format, label: formatLabel(encoder.format) })),
];

export function FormatField({ settings, onChange }: FieldProps) {
  const id = useId();
  return (
    <div class="field">
      <label for={id}>Output format</label>
      <select id={id} value={settings.format} onChange={(e) => onChange({ ...settings, format: e.currentTarget.value as FormatChoice })}>
        {FORMAT_CHOICES.map((choice) => <option key={choice.value} value={choice.value}>{choice.label}</option>)}
      </select>
    </div>
  );
}
