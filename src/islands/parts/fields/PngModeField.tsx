/** The PNG mode (palette lane): lossless, or palette reduction to at most 256 colours; shown wherever a PNG can be written. */
import { useId } from 'preact/hooks';
import type { PngMode, ToolSettings } from '../../../lib/tool-settings.ts';

interface Props {
  readonly settings: ToolSettings;
  readonly onChange: (next: ToolSettings) => void;
}

const CHOICES: readonly { readonly value: PngMode; readonly label: string }[] = [
  { value: 'palette', label: 'Smaller (palette, up to 256 colours)' },
  { value: 'lossless', label: 'Lossless' },
];

export function PngModeField({ settings, onChange }: Props) {
  const id = useId();
  // Only PNG output uses it: "Same as input" (PNG stays PNG, SVG becomes PNG) or PNG itself.
  if (settings.format !== 'same' && settings.format !== 'png') return null;
  return (
    <fieldset class="fieldset png-mode" aria-describedby={`${id}-help`}>
      <legend>PNG output</legend>
      <div class="segmented" role="radiogroup" aria-label="PNG output">
        {CHOICES.map((choice) => (
          <label key={choice.value}>
            <input type="radio" name={`${id}-png-mode`} value={choice.value} checked={settings.pngMode === choice.value}
              onChange={() => onChange({ ...settings, pngMode: choice.value })} /> {choice.label}
          </label>
        ))}
      </div>
      <p class="field-help" id={`${id}-help`}>
        {settings.pngMode === 'palette'
          ? 'Usually less than half the size for graphics, screenshots and logos. Photos with smooth gradients can show visible banding or dither grain: choose Lossless for those.'
          : 'Every pixel is kept exactly (OxiPNG recompresses the file); usually 15–25 % smaller, not more.'}
        {settings.format === 'same' ? ' Applies to PNG files and to SVG, which becomes PNG.' : ''}
      </p>
    </fieldset>
  );
}
