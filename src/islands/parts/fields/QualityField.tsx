import { useId } from 'preact/hooks';
import { encoderFor } from '../../../codecs/registry.ts';
import { formatLabel } from '../../../core/formats.ts';
import type { FieldProps } from './field-props.ts';

export function QualityField({ settings, onChange }: FieldProps) {
  const id = useId();
  const encoder = settings.format === 'same' ? undefined : encoderFor(settings.format);
  // A codec without a quality option (PNG) ignores the slider.
  const ignoresQuality = encoder !== undefined && encoder.qualityKey === undefined;
  return (
    <div class="field">
      <label for={id}>Quality</label>
      <div class="range-row">
        <input id={id} type="range" min={0} max={100} step={1} value={settings.quality} aria-describedby={`${id}-note`}
          onInput={(e) => onChange({ ...settings, quality: Number(e.currentTarget.value) })} />
        <output for={id} class="range-value">{settings.quality}</output>
      </div>
      <p class="field-help" id={`${id}-note`}>
        {ignoresQuality ? `${formatLabel(encoder.format)} is lossless: Quality does not change it.` : settings.smart !== 'none' ? 'The smart mode below chooses the quality for each file.' : 'Lower is smaller; 70–85 suits most photos.'}
      </p>
    </div>
  );
}
