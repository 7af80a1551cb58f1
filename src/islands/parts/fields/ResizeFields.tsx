import { useId } from 'preact/hooks';
import { resizeMeta } from '../../../codecs/processors/resize/meta.ts';
import type { ResizeMethod } from '../../../core/types.ts';
import { RESIZE_PRESETS } from '../../../lib/resize-presets.ts';
import { FIT_MODES, MAX_DIMENSION, type ResizeSettings, type SettingsFitMode } from '../../../lib/tool-settings.ts';
import type { FieldProps } from './field-props.ts';

const FIT_LABELS: Record<SettingsFitMode, string> = {
  contain: 'Fit inside',
  cover: 'Fill and crop',
  fill: 'Stretch to exact size',
};
const RESIZE_METHOD_CHOICES = resizeMeta.options[0].choices;

/** Size, fit and method; "Don't enlarge" is the only control that decides about enlarging. */
export function ResizeFields({ settings, onChange }: FieldProps) {
  const id = useId();
  const resize = settings.resize;
  const set = (change: Partial<ResizeSettings>) => onChange({ ...settings, resize: { ...resize, enabled: true, ...change } });
  const dimension = (value: string): number => Math.min(MAX_DIMENSION, Math.max(0, Math.round(Number(value) || 0)));
  const box = resize.by === 'box';
  // Fit only decides anything when both sides are given; one side keeps the aspect ratio.
  const fitMatters = box && resize.width > 0 && resize.height > 0;
  const enlargeNote = resize.allowEnlarge
    ? 'Smaller images are scaled up to the size.'
    : !box && resize.percent > 100 ? `${resize.percent} % would enlarge: untick this to apply it.` : 'Smaller images keep their size.';
  return (
    <fieldset class="fieldset">
      <legend>Size</legend>
      <div class="field">
        <label for={`${id}-preset`}>Preset</label>
        <select id={`${id}-preset`} value="" onChange={(e) => {
          const preset = RESIZE_PRESETS.find((p) => p.id === e.currentTarget.value);
          if (preset) set({ by: 'box', width: preset.width ?? 0, height: preset.height ?? 0, fit: preset.fit });
        }}>
          <option value="">Choose a preset…</option>
          {RESIZE_PRESETS.map((p) => <option key={p.id} value={p.id}>{p.label}</option>)}
        </select>
      </div>
      <div class="segmented" role="radiogroup" aria-label="Resize by">
        <label><input type="radio" name={`${id}-by`} checked={box} onChange={() => set({ by: 'box' })} /> Width and height</label>
        <label><input type="radio" name={`${id}-by`} checked={!box} onChange={() => set({ by: 'percent' })} /> Percentage</label>
      </div>
      {box ? (
        <div class="field-pair">
          <div class="field">
            <label for={`${id}-w`}>Width (px)</label>
            <input id={`${id}-w`} type="number" inputMode="numeric" min={0} max={MAX_DIMENSION} value={resize.width || ''} placeholder="auto"
              onInput={(e) => set({ width: dimension(e.currentTarget.value) })} />
          </div>
          <div class="field">
            <label for={`${id}-h`}>Height (px)</label>
            <input id={`${id}-h`} type="number" inputMode="numeric" min={0} max={MAX_DIMENSION} value={resize.height || ''} placeholder="auto"
              onInput={(e) => set({ height: dimension(e.currentTarget.value) })} />
          </div>
        </div>
      ) : (
        <div class="field">
          <label for={`${id}-pct`}>Percentage</label>
          <input id={`${id}-pct`} type="number" inputMode="decimal" min={1} max={1000} value={resize.percent}
            onInput={(e) => { const v = Number(e.currentTarget.value); if (v >= 1 && v <= 1000) set({ percent: v }); }} />
        </div>
      )}
      {box && (
        <div class="field">
          <label for={`${id}-fit`}>Fit</label>
          <select id={`${id}-fit`} value={resize.fit} aria-describedby={`${id}-fit-help`} onChange={(e) => set({ fit: e.currentTarget.value as SettingsFitMode })}>
            {FIT_MODES.map((fit) => <option key={fit} value={fit}>{FIT_LABELS[fit]}</option>)}
          </select>
          <p class="field-help" id={`${id}-fit-help`}>
            {fitMatters ? 'How an image meets the width × height box.' : 'With one side set, the other follows the aspect ratio.'}
          </p>
        </div>
      )}
      <div class="field">
        <label for={`${id}-method`}>Method</label>
        <select id={`${id}-method`} value={resize.method} onChange={(e) => set({ method: e.currentTarget.value as ResizeMethod })}>
          {RESIZE_METHOD_CHOICES.map((choice) => <option key={choice.value} value={choice.value}>{choice.label}</option>)}
        </select>
      </div>
      <div class="field field-check">
        <input id={`${id}-enlarge`} type="checkbox" checked={!resize.allowEnlarge} aria-describedby={`${id}-enlarge-help`}
          onChange={(e) => set({ allowEnlarge: !e.currentTarget.checked })} />
        <label for={`${id}-enlarge`}>Don't enlarge smaller images</label>
        <p class="field-help" id={`${id}-enlarge-help`}>{enlargeNote}</p>
      </div>
    </fieldset>
  );
}
