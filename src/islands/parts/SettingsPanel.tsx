/** The settings a tool shows, from its registry entry; every change is applied by the batch. */
import { useId } from 'preact/hooks';
import { resizeMeta } from '../../codecs/processors/resize/meta.ts';
import { encoderFor, offeredEncoders } from '../../codecs/registry.ts';
import { formatLabel } from '../../core/formats.ts';
import type { FitMode, ResizeMethod } from '../../core/types.ts';
import { TEMPLATE_FIELDS, templateProblem } from '../../lib/filename-template.ts';
import { RESIZE_PRESETS } from '../../lib/resize-presets.ts';
import { FIT_MODES, MAX_DIMENSION, type FormatChoice, type ResizeSettings, type SmartChoice, type ToolSettings } from '../../lib/tool-settings.ts';
import type { SettingsPanel as PanelId } from '../../tools/types.ts';
import { CodecOptions } from './CodecOptions.tsx';
import { PngModeField } from './PngModeField.tsx';

interface Props {
  readonly panels: readonly PanelId[];
  readonly settings: ToolSettings;
  readonly onChange: (next: ToolSettings) => void;
}

const FIT_LABELS: Record<FitMode, string> = {
  inside: 'Fit inside (never enlarge)',
  contain: 'Fit inside',
  cover: 'Fill and crop',
  fill: 'Stretch to exact size',
};
/** The output formats offered, in registry order, named by the formats table. */
const FORMAT_CHOICES: readonly { readonly value: FormatChoice; readonly label: string }[] = [
  { value: 'same', label: 'Same as input' },
  ...offeredEncoders().map((encoder) => ({ value: encoder.format, label: formatLabel(encoder.format) })),
];
const RESIZE_METHOD_CHOICES = resizeMeta.options[0].choices;

function FormatField({ settings, onChange }: Omit<Props, 'panels'>) {
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

function QualityField({ settings, onChange }: Omit<Props, 'panels'>) {
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

function SmartFields({ settings, onChange }: Omit<Props, 'panels'>) {
  const id = useId();
  const set = (change: Partial<ToolSettings>) => onChange({ ...settings, ...change });
  return (
    <fieldset class="fieldset">
      <legend>Smart mode</legend>
      <div class="field">
        <label for={`${id}-mode`}>Choose quality by</label>
        <select id={`${id}-mode`} value={settings.smart} onChange={(e) => set({ smart: e.currentTarget.value as SmartChoice })}>
          <option value="none">The Quality slider</option>
          <option value="target-size">Target size</option>
          <option value="target-similarity">Target visual similarity</option>
        </select>
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

function ResizeFields({ settings, onChange }: Omit<Props, 'panels'>) {
  const id = useId();
  const resize = settings.resize;
  const set = (change: Partial<ResizeSettings>) => onChange({ ...settings, resize: { ...resize, enabled: true, ...change } });
  const dimension = (value: string): number => Math.min(MAX_DIMENSION, Math.max(0, Math.round(Number(value) || 0)));
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
        <label><input type="radio" name={`${id}-by`} checked={resize.by === 'box'} onChange={() => set({ by: 'box' })} /> Width and height</label>
        <label><input type="radio" name={`${id}-by`} checked={resize.by === 'percent'} onChange={() => set({ by: 'percent' })} /> Percentage</label>
      </div>
      {resize.by === 'box' ? (
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
      <div class="field">
        <label for={`${id}-fit`}>Fit</label>
        <select id={`${id}-fit`} value={resize.fit} onChange={(e) => set({ fit: e.currentTarget.value as FitMode })}>
          {FIT_MODES.map((fit) => <option key={fit} value={fit}>{FIT_LABELS[fit]}</option>)}
        </select>
      </div>
      <div class="field">
        <label for={`${id}-method`}>Method</label>
        <select id={`${id}-method`} value={resize.method} onChange={(e) => set({ method: e.currentTarget.value as ResizeMethod })}>
          {RESIZE_METHOD_CHOICES.map((choice) => <option key={choice.value} value={choice.value}>{choice.label}</option>)}
        </select>
      </div>
      <div class="field field-check">
        <input id={`${id}-enlarge`} type="checkbox" checked={!resize.allowEnlarge} onChange={(e) => set({ allowEnlarge: !e.currentTarget.checked })} />
        <label for={`${id}-enlarge`}>Don't enlarge smaller images</label>
      </div>
    </fieldset>
  );
}

function MetadataField({ settings, onChange }: Omit<Props, 'panels'>) {
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

function BackgroundField({ settings, onChange }: Omit<Props, 'panels'>) {
  const id = useId();
  return (
    <div class="field field-inline">
      <label for={id}>Background for transparency (JPEG)</label>
      <input id={id} type="color" value={settings.background} onInput={(e) => onChange({ ...settings, background: e.currentTarget.value })} />
    </div>
  );
}

function FilenameField({ settings, onChange }: Omit<Props, 'panels'>) {
  const id = useId();
  // Typed text may be briefly invalid; keep showing it, apply it only when valid.
  return (
    <div class="field">
      <label for={id}>File name</label>
      <input id={id} type="text" spellcheck={false} autoComplete="off" defaultValue={settings.filenameTemplate} key={settings.filenameTemplate}
        aria-describedby={`${id}-help ${id}-problem`}
        onChange={(e) => { const v = e.currentTarget.value; if (!templateProblem(v)) onChange({ ...settings, filenameTemplate: v }); else e.currentTarget.setCustomValidity(templateProblem(v) ?? ''); }}
        onInput={(e) => { const problem = templateProblem(e.currentTarget.value); e.currentTarget.setCustomValidity(problem ?? ''); const out = e.currentTarget.parentElement?.querySelector('.field-problem'); if (out) out.textContent = problem ?? ''; }} />
      <p class="field-help" id={`${id}-help`}>Fields: {TEMPLATE_FIELDS.map((f) => `{${f}}`).join(' ')}. Duplicates get (2), (3)…</p>
      <p class="field-problem" id={`${id}-problem`} aria-live="polite" />
    </div>
  );
}

export function SettingsPanel({ panels, settings, onChange }: Props) {
  const shared = { settings, onChange };
  const format = settings.format === 'same' ? undefined : settings.format;
  return (
    <>
      {panels.map((panel) => {
        switch (panel) {
          case 'format': return <FormatField key={panel} {...shared} />;
          case 'quality': return <QualityField key={panel} {...shared} />;
          case 'smart': return <SmartFields key={panel} {...shared} />;
          case 'resize': return <ResizeFields key={panel} {...shared} />;
          case 'metadata': return <MetadataField key={panel} {...shared} />;
          case 'background': return <BackgroundField key={panel} {...shared} />;
          case 'filename': return <FilenameField key={panel} {...shared} />;
          case 'png': return <PngModeField key={panel} {...shared} />;
          case 'codec':
            return (
              <CodecOptions key={panel} format={format} values={format ? settings.codecOptions[format] ?? {} : {}}
                onChange={(values) => format && onChange({ ...settings, codecOptions: { ...settings.codecOptions, [format]: values } })} />
            );
        }
      })}
    </>
  );
}
