import { useId } from 'preact/hooks';
import type { FieldProps } from './field-props.ts';

export function MetadataField({ settings, onChange }: FieldProps) {
  const id = useId();
  return (
    <div class="field field-check">
      <input id={id} type="checkbox" checked={settings.metadata === 'keep'} aria-describedby={`${id}-help`}
        onChange={(e) => onChange({ ...settings, metadata: e.currentTarget.checked ? 'keep' : 'strip' })} />
      <label for={id}>Keep metadata (camera, date, GPS)</label>
      <p class="field-help" id={`${id}-help`}>Off by default: results carry no EXIF, XMP or GPS position.</p>
    </div>
  );
}
