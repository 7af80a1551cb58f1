/**
 * The live view of one file (replaces the old compare dialog): a split view drawn from decoded pixels on both sides
 * (the engine decodes the original and the result, so HEIC, TIFF, JPEG XL, AVIF and SVG show in any browser),
 * mapped by the edit plan, with format, quality and the codec's options to tune. The engine's view session keeps the
 * decoded file in one worker while the view is open; each change is sent as intent and answered with a preview,
 * then the full encode (size, change, SSIM). "Apply to this file" stores the choice as the file's override.
 */
import { useEffect, useId, useMemo, useRef, useState } from 'preact/hooks';
import { encoders, offeredEncoders, encoderFor, resolveOutputFormat } from '../../codecs/registry.ts';
import { formatBytes } from '../../core/format-bytes.ts';
import { formatLabel, type ImageFormat } from '../../core/formats.ts';
import type { TuneUpdate, ViewOpened, ViewSession } from '../../core/types.ts';
import { sizeChange } from '../../lib/format-size.ts';
import { planRequest } from '../../lib/process-request.ts';
import type { ToolSettings } from '../../lib/tool-settings.ts';
import { placeResult, viewRectToOutput, type Rect } from '../../lib/view-geometry.ts';
import { initialChoice, overrideFor, withChoice, type TuneChoice } from '../../lib/view-override.ts';
import { CodecOptions } from './CodecOptions.tsx';
import { loadEngine } from './engine-client.ts';
import { toBitmap, type ShownLayer } from './live-view-draw.ts';
import { LiveStage } from './LiveStage.tsx';

export interface LiveViewSubject {
  readonly id: number;
  readonly name: string;
  readonly file: File;
}

export interface LiveViewProps {
  readonly subject: LiveViewSubject;
  /** The batch settings (without this file's override). */
  readonly batchSettings: ToolSettings;
  /** This file's override, if any. */
  readonly override?: Partial<ToolSettings> | undefined;
  /** Stores (or with undefined clears) the file's override; without it the view only previews. */
  readonly onApplyOverride?: ((id: number, override: Partial<ToolSettings> | undefined) => void) | undefined;
  readonly onClose: () => void;
}

interface Opened {
  readonly session: ViewSession;
  readonly info: ViewOpened;
  readonly bitmap: ImageBitmap;
}

type Shown = ShownLayer & { readonly update: TuneUpdate };

/** Waits this long after the last change before asking (a slider drag sends one request, not fifty). */
const TUNE_DEBOUNCE_MS = 60;

const errorText = (error: unknown): string => (error instanceof Error && error.message ? error.message : 'The live view could not open this file.');

export function LiveView({ subject, batchSettings, override, onApplyOverride, onClose }: LiveViewProps) {
  const id = useId();
  const dialog = useRef<HTMLDialogElement>(null);
  const [opened, setOpened] = useState<Opened | undefined>(undefined);
  const [failure, setFailure] = useState<string | undefined>(undefined);
  const [choice, setChoice] = useState<TuneChoice | undefined>(undefined);
  const [full, setFull] = useState<Shown | undefined>(undefined);
  const [preview, setPreview] = useState<Shown | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const [applied, setApplied] = useState('');
  const visible = useRef<Rect | undefined>(undefined);
  const changedAt = useRef(0);
  const [latency, setLatency] = useState<{ preview?: number; full?: number }>({});
  const settings = useMemo(() => ({ ...batchSettings, ...override }), [batchSettings, override]);

  useEffect(() => {
    const element = dialog.current;
    if (element && !element.open) element.showModal();
  }, []);

  // Open the session: the worker decodes the file once and keeps it until the view closes.
  useEffect(() => {
    let live = true;
    let current: Opened | undefined;
    (async () => {
      const engine = await loadEngine();
      const bytes = await subject.file.arrayBuffer();
      const session = await engine.openView(bytes);
      if (!live) return session.close();
      const bitmap = await toBitmap(session.opened.original);
      if (!live) {
        bitmap.close();
        return session.close();
      }
      current = { session, info: session.opened, bitmap };
      setOpened(current);
      setChoice(initialChoice(settings, resolveOutputFormat(settings.format, session.opened.format).format));
    })().catch((error: unknown) => live && setFailure(errorText(error)));
    return () => {
      live = false;
      current?.session.close();
      current?.bitmap.close();
    };
  }, [subject.file]);

  const request = useMemo(() => (choice ? planRequest(withChoice(settings, choice), encoders) : undefined), [settings, choice]);
  const placement = useMemo(() => {
    if (!opened) return undefined;
    try {
      return placeResult({ width: opened.info.width, height: opened.info.height }, request?.edits);
    } catch (error) {
      return errorText(error);
    }
  }, [opened, request?.edits]);

  // Every change: a preview of what is visible, then the full encode (the worker drops superseded work).
  useEffect(() => {
    if (!opened || !request || typeof placement !== 'object') return undefined;
    changedAt.current = performance.now();
    const timer = setTimeout(() => {
      setBusy(true);
      const seen = visible.current ? viewRectToOutput(placement, visible.current) : undefined;
      opened.session.tune({
        output: request.output,
        ...(request.edits ? { edits: request.edits } : {}),
        ...(request.background ? { background: request.background } : {}),
        ...(request.metadata ? { metadata: request.metadata } : {}),
        ...(seen && seen.width > 0 && seen.height > 0 ? { visible: seen } : {}),
      }, (update) => {
        if (update.kind === 'error') {
          setBusy(false);
          setFailure(update.error.message);
          return;
        }
        const arrived = performance.now() - changedAt.current;
        void toBitmap(update.image).then((bitmap) => {
          const shown: Shown = { bitmap, region: update.region, update };
          if (update.kind === 'full') {
            setFull((old) => { old?.bitmap.close(); return shown; });
            setPreview((old) => { old?.bitmap.close(); return undefined; });
            setBusy(false);
            setLatency((old) => ({ ...old, full: arrived }));
          } else {
            setPreview((old) => { old?.bitmap.close(); return shown; });
            setLatency({ preview: arrived });
          }
        });
      });
    }, TUNE_DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [opened, request, placement]);

  // The last bitmaps go with the view.
  const shown = useRef<{ full?: Shown | undefined; preview?: Shown | undefined }>({});
  shown.current = { full, preview };
  useEffect(() => () => { shown.current.full?.bitmap.close(); shown.current.preview?.bitmap.close(); }, []);

  const close = () => dialog.current?.close();
  const encoder = choice ? encoderFor(choice.format) : undefined;
  const latest = preview ?? full;
  const layers = useMemo(() => [full, preview].filter((layer): layer is Shown => layer !== undefined), [full, preview]);
  const resolved = opened ? resolveOutputFormat(batchSettings.format, opened.info.format).format : undefined;
  const pendingOverride = choice && resolved ? overrideFor(batchSettings, choice, resolved) : undefined;
  const change = latest ? sizeChange(subject.file.size, latest.update.bytes) : undefined;
  const notes: string[] = [...(opened?.info.notes ?? [])];
  if (opened && opened.info.original.scale < 1) notes.push(`The original (${opened.info.width}×${opened.info.height}) is shown at ${Math.round(opened.info.original.scale * 100)} % of its size: the view draws at most 16 MP per side.`);
  if (full && full.update.image.scale < 1) notes.push(`The result is shown scaled to ${Math.round(full.update.image.scale * 100)} %: it has more than 16 MP.`);

  const setFormat = (format: ImageFormat) => setChoice((c) => (c ? { format, quality: c.quality, codecOptions: settings.codecOptions[format] ?? {} } : c));

  return (
    <dialog ref={dialog} class="compare-dialog live-view" aria-labelledby={`${id}-title`} onClose={onClose}>
      <div class="compare-header">
        <h2 id={`${id}-title`} class="compare-title">{subject.name}</h2>
        <button type="button" class="button" onClick={close}>Close</button>
      </div>
      <div class="live-body">
        <div class="live-main">
          {failure && <p class="live-error" role="alert">{failure}</p>}
          {typeof placement === 'string' && <p class="live-error" role="alert">{placement}</p>}
          {!opened && !failure && <p class="live-status" role="status">Decoding {subject.name}…</p>}
          {opened && typeof placement === 'object' && (
            <LiveStage original={{ bitmap: opened.bitmap, width: opened.info.width, height: opened.info.height }} placement={placement} layers={layers}
              onVisible={(rect) => { visible.current = rect; }} />
          )}
          {notes.map((note) => <p key={note} class="field-help live-note">{note}</p>)}
        </div>
        <div class="live-panel">
          <p class="compare-side live-before"><strong>Before</strong> {formatBytes(subject.file.size)}{opened ? ` · ${formatLabel(opened.info.format)} ${opened.info.width}×${opened.info.height}` : ''}</p>
          <p class="compare-side live-after" aria-live="polite" data-kind={latest?.update.kind ?? 'none'} data-bytes={latest?.update.bytes ?? ''}
            data-preview-ms={latency.preview === undefined ? '' : latency.preview.toFixed(0)} data-full-ms={latency.full === undefined ? '' : latency.full.toFixed(0)}>
            <strong>After</strong>{' '}
            {latest ? (
              <>
                <span class="live-size">{latest.update.kind === 'preview' ? '≈ ' : ''}{formatBytes(latest.update.bytes)}</span>
                {' · '}{formatLabel(latest.update.format)} {latest.update.width}×{latest.update.height}
                {' · '}<span class={`change change-${change?.direction}`} title={change?.description}>{change?.text}</span>
                {' · '}<span class="live-ssim">SSIM {Number.isFinite(latest.update.ssim) ? latest.update.ssim.toFixed(4) : '–'}</span>
                {latest.update.kind === 'preview' ? ' · preview' : ''}
              </>
            ) : 'encoding…'}
          </p>
          <p class="live-status" aria-hidden={!busy}>{busy ? (preview ? 'Encoding the whole image…' : 'Encoding a preview…') : ''}</p>
          {choice && (
            <div class="live-controls">
              <div class="field">
                <label for={`${id}-format`}>Format</label>
                <select id={`${id}-format`} value={choice.format} onChange={(e) => setFormat(e.currentTarget.value as ImageFormat)}>
                  {offeredEncoders().map((candidate) => <option key={candidate.format} value={candidate.format}>{formatLabel(candidate.format)}</option>)}
                </select>
              </div>
              {encoder?.qualityKey && (
                <div class="field">
                  <label for={`${id}-quality`}>Quality <output for={`${id}-quality`}>{choice.quality}</output></label>
                  <input id={`${id}-quality`} type="range" min={0} max={100} step={1} value={choice.quality}
                    onInput={(e) => { const quality = Number(e.currentTarget.value); setChoice((c) => (c ? { ...c, quality } : c)); }} />
                </div>
              )}
              <CodecOptions format={choice.format} values={choice.codecOptions} onChange={(codecOptions) => setChoice((c) => (c ? { ...c, codecOptions } : c))} />
              {onApplyOverride ? (
                <div class="live-actions">
                  <button type="button" class="button button-primary" disabled={!pendingOverride && !override}
                    onClick={() => { onApplyOverride(subject.id, pendingOverride); setApplied(pendingOverride ? 'Applied to this file; it is processed again with these settings.' : 'This file follows the batch settings again.'); }}>
                    Apply to this file
                  </button>
                  <button type="button" class="button" disabled={!override}
                    onClick={() => { onApplyOverride(subject.id, undefined); setChoice(initialChoice(batchSettings, resolved ?? choice.format)); setApplied('This file follows the batch settings again.'); }}>
                    Reset to batch settings
                  </button>
                  <p class="field-help" role="status">{applied}</p>
                </div>
              ) : (
                <p class="field-help">Changes here are a preview; the batch settings decide the downloaded file.</p>
              )}
            </div>
          )}
        </div>
      </div>
    </dialog>
  );
}
