import { useId } from 'preact/hooks';
import { encoderFor } from '../../../codecs/registry.ts';
import type { SmartChoice, ToolSettings } from '../../../lib/tool-settings.ts';
import type { FieldProps } from './field-props.ts';

export function SmartFields({ settings, onChange }: FieldProps) {
  const id = useId();
  const set = (change: Partial<ToolSettings>) => onChange({ ...settings, ...change });
  // A format without a quality (PNG) leaves a smart mode nothing to choose: the engine refuses such a request.
  const encoder = settings.format === 'same' ? undefined : encoderFor(settings.format);
  const nothingToChoose = encoder !== undefined && encoder.qualityKey === undefined;
  return (
    <fieldset class="fieldset">
      <legend>Smart mode</legend>
      <div class="field">
        <label for={`${id}-mode`}>Choose quality by</label>
        <select id={`${id}-mode`} value={settings.smart} aria-describedby={`${id}-mode-note`} onChange={(e) => set({ smart: e.currentTarget.value as SmartChoice })}>
          <option value="none">The Quality slider</option>
          <option value="target-size">Target size</option>
          <option value="target-similarity">Target visual similarity</option>
        </select>
        <p class={nothingToChoose && settings.smart !== 'none' ? 'field-problem' : 'field-help'} id={`${id}-mode-note`}>
          {nothingToChoose ? `${encoder.label} has no quality to choose${settings.smart !== 'none' ? ': pick a lossy format or the Quality slider' : ''}.` : ''}
        </p>
      </div>
      {settings.smart === 'target-size' && (
        <div class="field">
          <label for={`${id}-kb`}>At most (KB)</label>
          <input id={`${id}-kb`} type="number" inputMode="numeric" min={1} max={100000} value={settings.targetKb}
            onInput={(e) => { const v = Number(e.currentTarget.value); if (v >= 1) set({ targetKb: v }); }} />
        </div>
      )}
      {settings.smart === 'target-similarity' && (
        <div class="field">
          <label for={`${id}-ssim`}>Similarity (SSIM) at least</label>
          <div class="range-row">
            <input id={`${id}-ssim`} type="range" min={0.8} max={0.999} step={0.001} value={settings.targetSimilarity}
              onInput={(e) => set({ targetSimilarity: Number(e.currentTarget.value) })} />
            <output for={`${id}-ssim`} class="range-value">{settings.targetSimilarity.toFixed(3)}</output>
          </div>
        </div>
      )}
      <div class="field field-check">
        <input id={`${id}-keep`} type="checkbox" checked={settings.keepOriginalIfSmaller} onChange={(e) => set({ keepOriginalIfSmaller: e.currentTarget.checked })} />
        <label for={`${id}-keep`}>Keep the original when the result is larger</label>
      </div>
    </fieldset>
  );
}
