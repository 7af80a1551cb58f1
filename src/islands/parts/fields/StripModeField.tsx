/** The Metadata tool's "Remove location only" choice (honest lane): GPS and place names go, the rest of EXIF stays. */
import { useId } from 'preact/hooks';
import type { ToolSettings } from '../../../lib/tool-settings.ts';

interface Props {
  readonly settings: ToolSettings;
  readonly onChange: (next: ToolSettings) => void;
}

export function StripModeField({ settings, onChange }: Props) {
  const id = useId();
  return (
    <div class="field field-check">
      <input id={id} type="checkbox" checked={settings.stripMode === 'location'} aria-describedby={`${id}-help`}
        onChange={(e) => onChange({ ...settings, stripMode: e.currentTarget.checked ? 'location' : 'all' })} />
      <label for={id}>Remove location only</label>
      <p class="field-help" id={`${id}-help`}>
        Removes the GPS position and place names and keeps camera, date and the rest, without re-encoding (JPEG, PNG,
        WebP; HEIC, AVIF and TIFF where the file allows). Otherwise all metadata is removed, and the row says so.
      </p>
    </div>
  );
}
