import { useId } from 'preact/hooks';
import { formatLabel } from '../../../core/formats.ts';
import { METADATA_CARRIERS } from '../../../lib/metadata-carriers.ts';
import type { FieldProps } from './field-props.ts';

export function MetadataField({ settings, onChange }: FieldProps) {
  const id = useId();
  // Some outputs (JPEG XL) cannot carry metadata at all: say so rather than offer a box that does nothing.
  const cannotCarry = settings.format !== 'same' && !METADATA_CARRIERS.includes(settings.format);
  return (
    <div class="field field-check">
      <input id={id} type="checkbox" checked={settings.metadata === 'keep'} aria-describedby={`${id}-help`}
        onChange={(e) => onChange({ ...settings, metadata: e.currentTarget.checked ? 'keep' : 'strip' })} />
      <label for={id}>Keep metadata (camera, date, GPS)</label>
      <p class="field-help" id={`${id}-help`}>
        {cannotCarry
          ? `${formatLabel(settings.format as Exclude<typeof settings.format, 'same'>)} results carry no metadata, with or without this.`
          : 'Off by default: results carry no EXIF, XMP or GPS position.'}
      </p>
    </div>
  );
}
