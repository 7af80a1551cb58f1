/**
 * The Edit tool's editor: a preview of one file as it will come out (straightened, turned, flipped) with the
 * crop box on it, and the controls. What it edits is the batch's `edit` settings, so every file gets the same
 * crop rule, turn and straighten; with "Only this file" it edits a per-file override instead
 * (`onApplyOverride`). The preview is drawn from pixels the browser decodes (createImageBitmap honours EXIF
 * orientation); formats it cannot show (HEIC, TIFF, JPEG XL in Chromium) are decoded by the engine's view session
 * in a worker, like the live view's.
 */
import { useEffect, useId, useMemo, useRef, useState } from 'preact/hooks';
import type { CropRect } from '../../../core/types.ts';
import {
  ASPECT_LABELS, ASPECT_PRESETS, aspectRatio, CROP_ANCHORS, flipHorizontally, flipVertically, followTurn, MAX_STRAIGHTEN, rectToRelative,
  resolveCropRule, rotateLeft, rotateRight, setRectField, sourceStraighten, straightenedSize, turnedSize, type AspectPreset, type Size, type Turn,
} from '../../../lib/edit-geometry.ts';
import { DEFAULT_EDIT, editCropRule, editTurnOf, type EditSettings } from '../../../lib/edit-settings.ts';
import type { CropAnchor } from '../../../core/types.ts';
import { loadEngine } from '../engine-client.ts';
import { toBitmap } from '../live-view-draw.ts';
import { CropBox } from './CropBox.tsx';

export interface EditableFile {
  readonly id: number;
  readonly name: string;
  readonly file: File;
  /** The upright size the engine decoded, once a result exists (for formats the browser cannot preview). */
  readonly decodedSize?: Size;
}

export interface EditWorkspaceProps {
  readonly files: readonly EditableFile[];
  readonly edit: EditSettings;
  readonly onChange: (edit: EditSettings) => void;
  /** Per-file adjustment (the batch controller's setOverride); without it, "Only this file" is not offered. */
  readonly onApplyOverride?: ((id: number, override: { readonly edit: EditSettings } | undefined) => void) | undefined;
  /** The per-file edit currently applied to a file, if any. */
  readonly overrideOf?: ((id: number) => EditSettings | undefined) | undefined;
}

const ANCHOR_LABELS: Readonly<Record<CropAnchor, string>> = {
  'top-left': 'Top left', top: 'Top', 'top-right': 'Top right', left: 'Left', center: 'Centre', right: 'Right',
  'bottom-left': 'Bottom left', bottom: 'Bottom', 'bottom-right': 'Bottom right',
};
/** The preview's longest side in canvas pixels: sharp enough on a large screen, small enough to redraw at once. */
const PREVIEW_MAX = 1400;

interface Preview {
  readonly bitmap: ImageBitmap | undefined;
  readonly size: Size | undefined;
  readonly problem: string | undefined;
}

/** What the browser decodes itself; otherwise (HEIC, TIFF, JPEG XL, …) the engine decodes it in a worker. */
async function decodeForPreview(file: File): Promise<{ bitmap: ImageBitmap; size: Size }> {
  try {
    const bitmap = await createImageBitmap(file, { imageOrientation: 'from-image' });
    return { bitmap, size: { width: bitmap.width, height: bitmap.height } };
  } catch {
    const engine = await loadEngine();
    // A view session decodes once (upright, at most VIEW_MAX_PIXELS shown); only its first picture is needed here.
    const session = await engine.openView(await file.arrayBuffer());
    try {
      const { original, width, height } = session.opened;
      return { bitmap: await toBitmap(original), size: { width, height } };
    } finally {
      session.close();
    }
  }
}

function usePreview(file: File | undefined): Preview {
  const [preview, setPreview] = useState<Preview>({ bitmap: undefined, size: undefined, problem: undefined });
  useEffect(() => {
    if (!file) return undefined;
    let cancelled = false;
    let made: ImageBitmap | undefined;
    setPreview({ bitmap: undefined, size: undefined, problem: undefined });
    decodeForPreview(file).then(
      ({ bitmap, size }) => {
        if (cancelled) return bitmap.close();
        made = bitmap;
        setPreview({ bitmap, size, problem: undefined });
      },
      (error: unknown) => {
        if (!cancelled) {
          const reason = error instanceof Error && error.message ? ` (${error.message})` : '';
          setPreview({ bitmap: undefined, size: undefined, problem: `There is no preview of this file${reason}; the crop, turn and straighten still apply to it, and its row says whether it could be processed.` });
        }
      },
    );
    return () => {
      cancelled = true;
      made?.close();
    };
  }, [file]);
  return preview;
}

/** The crop rectangle the settings give on a view of this size. */
function cropOnView(edit: EditSettings, view: Size): CropRect {
  const rule = editCropRule(edit);
  return rule ? resolveCropRule(rule, view) : { x: 0, y: 0, width: view.width, height: view.height };
}

function draw(canvas: HTMLCanvasElement, bitmap: ImageBitmap, source: Size, edit: EditSettings, view: Size): void {
  const scale = Math.min(1, PREVIEW_MAX / Math.max(view.width, view.height));
  canvas.width = Math.max(1, Math.round(view.width * scale));
  canvas.height = Math.max(1, Math.round(view.height * scale));
  const context = canvas.getContext('2d');
  if (!context) return;
  const turn = editTurnOf(edit);
  context.imageSmoothingQuality = 'high';
  context.clearRect(0, 0, canvas.width, canvas.height);
  context.save();
  context.translate(canvas.width / 2, canvas.height / 2);
  context.scale(scale, scale);
  // The engine's order read right to left: straighten the source, then the quarter turn, then the flips.
  if (turn.flipVertical) context.scale(1, -1);
  if (turn.flipHorizontal) context.scale(-1, 1);
  context.rotate((turn.rotate * Math.PI) / 180);
  context.rotate((sourceStraighten(edit.straighten, turn) * Math.PI) / 180);
  // At the source's size: the engine's display copy of a very large image is scaled down.
  context.drawImage(bitmap, -source.width / 2, -source.height / 2, source.width, source.height);
  context.restore();
}

export function EditWorkspace({ files, edit: batchEdit, onChange: onBatchChange, onApplyOverride, overrideOf }: EditWorkspaceProps) {
  const id = useId();
  const [selectedId, setSelectedId] = useState<number | undefined>(undefined);
  const selected = files.find((file) => file.id === selectedId) ?? files[0];
  const override = selected && overrideOf ? overrideOf(selected.id) : undefined;
  const [onlyThis, setOnlyThis] = useState(false);
  const perFile = Boolean(onApplyOverride && selected && (onlyThis || override));
  const edit = perFile && override ? override : batchEdit;
  const onChange = (next: EditSettings): void => {
    if (perFile && selected && onApplyOverride) onApplyOverride(selected.id, { edit: next });
    else onBatchChange(next);
  };

  const preview = usePreview(selected?.file);
  const canvas = useRef<HTMLCanvasElement>(null);
  const [draft, setDraft] = useState<CropRect | undefined>(undefined);
  const turn = editTurnOf(edit);
  const natural = preview.size ?? selected?.decodedSize;
  const straightened = natural ? straightenedSize(natural, edit.straighten) : undefined;
  const view = straightened ? turnedSize(straightened, turn) : undefined;
  const ratio = view ? aspectRatio(edit, view) : undefined;
  const settled = useMemo(() => (view ? cropOnView(edit, view) : undefined), [edit, view?.width, view?.height]);
  const rect = draft ?? settled;

  useEffect(() => {
    if (canvas.current && preview.bitmap && preview.size && view) draw(canvas.current, preview.bitmap, preview.size, edit, view);
  }, [preview.bitmap, edit.rotate, edit.flipHorizontal, edit.flipVertical, edit.straighten, view?.width, view?.height]);

  const commit = (next: CropRect): void => {
    setDraft(undefined);
    if (!view) return;
    const { kind: _kind, ...box } = rectToRelative(next, view);
    onChange({ ...edit, cropMode: 'box', box });
  };
  const turnTo = (next: Turn): void => {
    // A drawn box stays on the same part of the picture; an aspect crop is fitted again to the turned view.
    const box = edit.cropMode === 'box' && straightened && rect
      ? (({ kind: _kind, ...relative }) => relative)(rectToRelative(followTurn(rect, straightened, turn, next), turnedSize(straightened, next)))
      : edit.box;
    onChange({ ...edit, ...next, box });
  };
  const setAspect = (aspect: AspectPreset): void => {
    // Free keeps a drawn box; any ratio fits the largest box of that ratio at the anchor.
    onChange({ ...edit, aspect, cropMode: aspect === 'free' ? (edit.cropMode === 'aspect' ? 'none' : edit.cropMode) : 'aspect' });
  };
  const setField = (field: keyof CropRect, value: number): void => {
    if (rect && view) commit(setRectField(rect, field, value, view, ratio));
  };

  if (!selected) return null;
  const helpId = `${id}-help`;
  const sizeText = rect ? `${rect.width} × ${rect.height} px` : 'known once the file is processed';
  return (
    <section class="edit-workspace" aria-label="Crop and rotate">
      <div class="edit-header">
        <h2 class="tool-heading">Edit</h2>
        {files.length > 1 && (
          <div class="field edit-file">
            <label for={`${id}-file`}>Showing</label>
            <select id={`${id}-file`} value={String(selected.id)} onChange={(e) => { setSelectedId(Number(e.currentTarget.value)); setDraft(undefined); setOnlyThis(false); }}>
              {files.map((file) => <option key={file.id} value={String(file.id)}>{file.name}</option>)}
            </select>
          </div>
        )}
        <p class="edit-size" aria-live="polite">Result: <strong data-testid="edit-result-size">{sizeText}</strong></p>
      </div>
      <p class="field-help" id={helpId}>
        Drag the box or its handles, or focus them and use the arrow keys (Shift for 10 pixels).
        {files.length > 1 && !perFile ? ' The same edit applies to every file.' : ''}
      </p>
      <div class="edit-stage-wrap">
        <div class={`edit-stage${preview.bitmap ? '' : ' edit-stage-empty'}`}>
          {preview.bitmap && <canvas ref={canvas} class="edit-canvas" aria-label={`Preview of ${selected.name} as it will come out`} role="img" />}
          {!preview.bitmap && view && <div class={`edit-placeholder${view.width >= view.height ? ' edit-landscape' : ' edit-portrait'}`} aria-hidden="true" />}
          {rect && view && <CropBox rect={rect} image={view} ratio={ratio} onDraft={setDraft} onCommit={commit} describedBy={helpId} />}
        </div>
        {preview.problem && <p class="edit-note" role="status">{preview.problem}</p>}
      </div>

      <div class="edit-controls">
        <fieldset class="edit-group">
          <legend>Crop</legend>
          <div class="field">
            <label for={`${id}-aspect`}>Aspect ratio</label>
            <select id={`${id}-aspect`} value={edit.aspect} onChange={(e) => setAspect(e.currentTarget.value as AspectPreset)}>
              {ASPECT_PRESETS.map((preset) => <option key={preset} value={preset}>{ASPECT_LABELS[preset]}</option>)}
            </select>
          </div>
          {edit.aspect === 'custom' && (
            <div class="edit-row">
              <div class="field"><label for={`${id}-cw`}>Ratio width</label>
                <input id={`${id}-cw`} type="number" min={0.01} step="any" value={edit.customWidth} onChange={(e) => { const v = Number(e.currentTarget.value); if (v > 0) onChange({ ...edit, customWidth: v, cropMode: 'aspect' }); }} /></div>
              <div class="field"><label for={`${id}-ch`}>Ratio height</label>
                <input id={`${id}-ch`} type="number" min={0.01} step="any" value={edit.customHeight} onChange={(e) => { const v = Number(e.currentTarget.value); if (v > 0) onChange({ ...edit, customHeight: v, cropMode: 'aspect' }); }} /></div>
            </div>
          )}
          {edit.aspect !== 'free' && edit.aspect !== 'original' && (
            <div class="edit-row">
              <button type="button" class="button" aria-pressed={edit.swapped} onClick={() => onChange({ ...edit, swapped: !edit.swapped, cropMode: 'aspect' })}>
                {edit.swapped ? 'Portrait' : 'Landscape'} (swap)
              </button>
              <div class="field">
                <label for={`${id}-anchor`}>Place</label>
                <select id={`${id}-anchor`} value={edit.anchor} onChange={(e) => onChange({ ...edit, anchor: e.currentTarget.value as CropAnchor, cropMode: 'aspect' })}>
                  {CROP_ANCHORS.map((anchor) => <option key={anchor} value={anchor}>{ANCHOR_LABELS[anchor]}</option>)}
                </select>
              </div>
            </div>
          )}
          <div class="edit-numbers">
            {(['x', 'y', 'width', 'height'] as const).map((field) => (
              <div class="field" key={field}>
                <label for={`${id}-${field}`}>{field === 'x' ? 'X' : field === 'y' ? 'Y' : field === 'width' ? 'Width' : 'Height'}</label>
                <input id={`${id}-${field}`} type="number" inputMode="numeric" min={field === 'x' || field === 'y' ? 0 : 1} step={1} disabled={!rect}
                  value={rect ? rect[field] : ''} onChange={(e) => setField(field, Number(e.currentTarget.value))} />
              </div>
            ))}
          </div>
        </fieldset>

        <fieldset class="edit-group">
          <legend>Turn</legend>
          <div class="edit-row">
            <button type="button" class="button" onClick={() => turnTo(rotateLeft(turn))}>Rotate left</button>
            <button type="button" class="button" onClick={() => turnTo(rotateRight(turn))}>Rotate right</button>
            <button type="button" class="button" onClick={() => turnTo(flipHorizontally(turn))}>Flip horizontal</button>
            <button type="button" class="button" onClick={() => turnTo(flipVertically(turn))}>Flip vertical</button>
          </div>
          <div class="field">
            <label for={`${id}-straighten`}>Straighten</label>
            <div class="range-row">
              <input id={`${id}-straighten`} type="range" min={-MAX_STRAIGHTEN} max={MAX_STRAIGHTEN} step={0.1} value={edit.straighten}
                aria-valuetext={`${edit.straighten.toFixed(1)} degrees`} aria-describedby={`${id}-straighten-help`}
                onInput={(e) => onChange({ ...edit, straighten: Number(e.currentTarget.value) })} />
              <output for={`${id}-straighten`} class="range-value">{edit.straighten.toFixed(1)}°</output>
            </div>
            <p class="field-help" id={`${id}-straighten-help`}>The picture is cropped to the largest box of the same shape, so no corner is empty.</p>
          </div>
          <label class="check">
            <input type="checkbox" checked={edit.lossless} onChange={(e) => onChange({ ...edit, lossless: e.currentTarget.checked })} aria-describedby={`${id}-lossless-help`} />
            Lossless JPEG turns
          </label>
          <p class="field-help" id={`${id}-lossless-help`}>
            Rotations and flips of a JPEG only set its orientation: the image data stays byte for byte the same. Cropping, straightening or another output format need a re-encode.
          </p>
        </fieldset>

        <div class="edit-row">
          {onApplyOverride && files.length > 1 && (
            <label class="check">
              <input type="checkbox" checked={perFile} onChange={(e) => {
                const checked = e.currentTarget.checked;
                setOnlyThis(checked);
                if (checked) onApplyOverride(selected.id, { edit: batchEdit });
                else onApplyOverride(selected.id, undefined);
              }} />
              Only this file
            </label>
          )}
          <button type="button" class="button button-quiet" onClick={() => { setDraft(undefined); onChange({ ...DEFAULT_EDIT, lossless: edit.lossless }); }}>Reset edit</button>
        </div>
      </div>
    </section>
  );
}
