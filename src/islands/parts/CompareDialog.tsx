/**
 * Full-size before/after comparison: a split slider over two images that share
 * one zoom and pan (the same transform is applied to both layers). Keyboard:
 * the split is a range input; on the image, arrows pan, + and − zoom, 0 fits,
 * 1 shows actual pixels. Positions are set through CSSOM custom properties,
 * which the CSP allows (no style attributes).
 */
import { useEffect, useId, useRef, useState } from 'preact/hooks';
import { formatBytes } from '../../core/format-bytes.ts';

export interface CompareSubject {
  readonly name: string;
  readonly beforeUrl: string;
  readonly afterUrl: string;
  readonly beforeBytes: number;
  readonly afterBytes: number;
  readonly beforeSize: string;
  readonly afterSize: string;
  readonly width: number;
  readonly height: number;
}

const MIN_ZOOM = 0.05;
const MAX_ZOOM = 16;
const clampZoom = (zoom: number): number => Math.min(MAX_ZOOM, Math.max(MIN_ZOOM, zoom));

export function CompareDialog({ subject, onClose }: { readonly subject: CompareSubject; readonly onClose: () => void }) {
  const id = useId();
  const dialog = useRef<HTMLDialogElement>(null);
  const stage = useRef<HTMLDivElement>(null);
  const [split, setSplit] = useState(50);
  const [view, setView] = useState({ zoom: 1, x: 0, y: 0 });
  const [fitZoom, setFitZoom] = useState(1);
  const [broken, setBroken] = useState<{ before: boolean; after: boolean }>({ before: false, after: false });
  const drag = useRef<{ x: number; y: number; startX: number; startY: number } | undefined>(undefined);

  useEffect(() => {
    const element = dialog.current;
    if (element && !element.open) element.showModal();
    const box = stage.current?.getBoundingClientRect();
    // Fit fills the stage (small images are enlarged for inspection, up to 8×); "100%" shows actual pixels.
    const fit = box ? Math.min(8, box.width / subject.width, box.height / subject.height) : 1;
    setFitZoom(fit);
    setView({ zoom: fit, x: 0, y: 0 });
  }, [subject]);

  useEffect(() => {
    const element = stage.current;
    if (!element) return;
    element.style.setProperty('--split', `${split}%`);
    element.style.setProperty('--zoom', String(view.zoom));
    element.style.setProperty('--pan-x', `${view.x}px`);
    element.style.setProperty('--pan-y', `${view.y}px`);
    element.style.setProperty('--img-w', `${subject.width}px`);
    element.style.setProperty('--img-h', `${subject.height}px`);
  }, [split, view, subject]);

  const zoomBy = (factor: number) => setView((v) => ({ ...v, zoom: clampZoom(v.zoom * factor) }));
  const pan = (dx: number, dy: number) => setView((v) => ({ ...v, x: v.x + dx, y: v.y + dy }));

  const onKeyDown = (event: KeyboardEvent) => {
    const step = event.shiftKey ? 100 : 30;
    const actions: Record<string, () => void> = {
      ArrowLeft: () => pan(step, 0), ArrowRight: () => pan(-step, 0), ArrowUp: () => pan(0, step), ArrowDown: () => pan(0, -step),
      '+': () => zoomBy(1.25), '=': () => zoomBy(1.25), '-': () => zoomBy(0.8),
      '0': () => setView({ zoom: fitZoom, x: 0, y: 0 }), '1': () => setView((v) => ({ ...v, zoom: 1 })),
      '[': () => setSplit((s) => Math.max(0, s - 5)), ']': () => setSplit((s) => Math.min(100, s + 5)),
    };
    const action = actions[event.key];
    if (action) {
      event.preventDefault();
      action();
    }
  };

  const close = () => dialog.current?.close();

  return (
    <dialog ref={dialog} class="compare-dialog" aria-labelledby={`${id}-title`} onClose={onClose}>
      <div class="compare-header">
        <h2 id={`${id}-title`} class="compare-title">Compare {subject.name}</h2>
        <button type="button" class="button" onClick={close}>Close</button>
      </div>
      <div class="compare-toolbar">
        <p class="compare-side"><strong>Before</strong> {formatBytes(subject.beforeBytes)} · {subject.beforeSize}</p>
        <div class="field compare-split">
          <label for={`${id}-split`}>Split</label>
          <input id={`${id}-split`} type="range" min={0} max={100} step={1} value={split} aria-valuetext={`${split}% before, ${100 - split}% after`}
            onInput={(e) => setSplit(Number(e.currentTarget.value))} />
        </div>
        <p class="compare-side compare-side-after"><strong>After</strong> {formatBytes(subject.afterBytes)} · {subject.afterSize}</p>
        <div class="compare-zoom" role="group" aria-label="Zoom">
          <button type="button" class="button" onClick={() => zoomBy(0.8)} aria-label="Zoom out">−</button>
          <button type="button" class="button" onClick={() => setView({ zoom: fitZoom, x: 0, y: 0 })}>Fit</button>
          <button type="button" class="button" onClick={() => setView((v) => ({ ...v, zoom: 1 }))}>100%</button>
          <button type="button" class="button" onClick={() => zoomBy(1.25)} aria-label="Zoom in">+</button>
          <span class="compare-zoom-value" aria-live="polite">{Math.round(view.zoom * 100)}%</span>
        </div>
      </div>
      <div ref={stage} class="compare-stage" tabIndex={0} role="group" aria-roledescription="image comparison"
        aria-label={`Before and after. Arrow keys pan, plus and minus zoom, 0 fits, 1 shows actual pixels, [ and ] move the split.`}
        onKeyDown={onKeyDown}
        onWheel={(e) => { e.preventDefault(); zoomBy(e.deltaY < 0 ? 1.15 : 1 / 1.15); }}
        onPointerDown={(e) => { drag.current = { x: e.clientX, y: e.clientY, startX: view.x, startY: view.y }; (e.currentTarget as HTMLElement).setPointerCapture(e.pointerId); }}
        onPointerMove={(e) => { const d = drag.current; if (d) setView((v) => ({ ...v, x: d.startX + e.clientX - d.x, y: d.startY + e.clientY - d.y })); }}
        onPointerUp={() => { drag.current = undefined; }}
        onPointerCancel={() => { drag.current = undefined; }}>
        <div class="compare-layer compare-before">
          {broken.before ? <p class="compare-missing">This browser cannot display the original format.</p>
            : <img src={subject.beforeUrl} alt="Before" draggable={false} onError={() => setBroken((b) => ({ ...b, before: true }))} />}
        </div>
        <div class="compare-layer compare-after">
          {broken.after ? <p class="compare-missing">This browser cannot display the new format.</p>
            : <img src={subject.afterUrl} alt="After" draggable={false} onError={() => setBroken((b) => ({ ...b, after: true }))} />}
        </div>
        <div class="compare-divider" aria-hidden="true" />
        <span class="compare-label compare-label-before" aria-hidden="true">Before</span>
        <span class="compare-label compare-label-after" aria-hidden="true">After</span>
      </div>
    </dialog>
  );
}
