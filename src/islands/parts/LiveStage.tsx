/**
 * The live view's split stage: one canvas (drawn by live-view-draw.ts), a divider that is a focusable slider
 * (pointer, touch, arrows, Page keys, Home/End), wheel zoom anchored at the pointer, pinch zoom with two pointers,
 * pan by dragging, keyboard pan and zoom on the stage. The view math is src/lib/view-geometry.ts. Positions reach CSS
 * only as custom properties set through CSSOM (the CSP forbids style attributes).
 */
import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import {
  clampView, fitView, panBy, pinchView, splitAfterKey, splitAtPointer, visibleRect, zoomAt, zoomTo,
  type Point, type Rect, type ResultPlacement, type View,
} from '../../lib/view-geometry.ts';
import { drawStage, type ShownLayer } from './live-view-draw.ts';

interface Props {
  readonly original: { readonly bitmap: ImageBitmap; readonly width: number; readonly height: number };
  readonly placement: ResultPlacement;
  readonly layers: readonly ShownLayer[];
  /** The visible part of the view space, after every settled view change. */
  readonly onVisible: (rect: Rect) => void;
}

const WHEEL_STEP = 1.0015;

export function LiveStage({ original, placement, layers, onVisible }: Props) {
  const stage = useRef<HTMLDivElement>(null);
  const canvas = useRef<HTMLCanvasElement>(null);
  const [size, setSize] = useState({ width: 0, height: 0 });
  const [view, setView] = useState<View | undefined>(undefined);
  const [split, setSplit] = useState(50);
  const pointers = useRef(new Map<number, Point>());
  const gesture = useRef<{ view: View; points: Point[] } | undefined>(undefined);
  const dividerDrag = useRef<number | undefined>(undefined);
  const image = placement.viewSize;

  useLayoutEffect(() => {
    const element = stage.current;
    if (!element) return undefined;
    const measure = () => {
      const box = element.getBoundingClientRect();
      setSize({ width: Math.round(box.width), height: Math.round(box.height) });
    };
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    return () => observer.disconnect();
  }, []);

  const fit = (): View => fitView(image, size);
  const settle = (next: View): View => clampView(next, image, size);
  const update = (change: (current: View) => View) => setView((current) => settle(change(current ?? fit())));

  // First fit once the stage has a size; a new size keeps the zoom but re-clamps.
  useEffect(() => {
    if (size.width === 0 || size.height === 0) return;
    setView((current) => (current ? clampView(current, image, size) : fitView(image, size)));
  }, [size.width, size.height, image.width, image.height]);

  useEffect(() => {
    const element = canvas.current;
    if (!element || !view || size.width === 0) return;
    const dpr = globalThis.devicePixelRatio || 1;
    const deviceWidth = Math.round(size.width * dpr);
    const deviceHeight = Math.round(size.height * dpr);
    if (element.width !== deviceWidth) element.width = deviceWidth;
    if (element.height !== deviceHeight) element.height = deviceHeight;
    const ctx = element.getContext('2d');
    if (!ctx) return;
    drawStage(ctx, { width: size.width, height: size.height, dpr, view, split, original, placement, layers });
  }, [view, split, size, original, placement, layers]);

  useEffect(() => {
    stage.current?.style.setProperty('--split', `${split}%`);
  }, [split]);

  // The preview follows what is visible; reported after the view rests for a moment.
  useEffect(() => {
    if (!view || size.width === 0) return undefined;
    const timer = setTimeout(() => onVisible(visibleRect(view, image, size)), 150);
    return () => clearTimeout(timer);
  }, [view, size]);

  const local = (event: { clientX: number; clientY: number }): Point => {
    const box = stage.current?.getBoundingClientRect();
    return { x: event.clientX - (box?.left ?? 0), y: event.clientY - (box?.top ?? 0) };
  };
  const centre = (): Point => ({ x: size.width / 2, y: size.height / 2 });

  const onPointerDown = (event: PointerEvent) => {
    if (event.button !== 0 && event.pointerType === 'mouse') return;
    (event.currentTarget as HTMLElement).setPointerCapture(event.pointerId);
    pointers.current.set(event.pointerId, local(event));
    gesture.current = { view: view ?? fit(), points: [...pointers.current.values()] };
  };
  const onPointerMove = (event: PointerEvent) => {
    if (!pointers.current.has(event.pointerId)) return;
    pointers.current.set(event.pointerId, local(event));
    const start = gesture.current;
    if (!start) return;
    const points = [...pointers.current.values()];
    if (points.length >= 2 && start.points.length >= 2) {
      setView(settle(pinchView(start.view, [start.points[0] as Point, start.points[1] as Point], [points[0] as Point, points[1] as Point])));
    } else if (points.length === 1 && start.points.length === 1) {
      const from = start.points[0] as Point;
      const to = points[0] as Point;
      setView(settle(panBy(start.view, to.x - from.x, to.y - from.y)));
    }
  };
  const onPointerEnd = (event: PointerEvent) => {
    pointers.current.delete(event.pointerId);
    // The remaining pointer starts a fresh pan from where the view is now.
    gesture.current = pointers.current.size > 0 && view ? { view, points: [...pointers.current.values()] } : undefined;
  };
  const onWheel = (event: WheelEvent) => {
    event.preventDefault();
    const delta = event.deltaMode === 1 ? event.deltaY * 16 : event.deltaY;
    update((current) => zoomAt(current, WHEEL_STEP ** -delta, local(event)));
  };
  const onStageKey = (event: KeyboardEvent) => {
    const step = event.shiftKey ? 200 : 40;
    const actions: Record<string, () => void> = {
      ArrowLeft: () => update((v) => panBy(v, step, 0)), ArrowRight: () => update((v) => panBy(v, -step, 0)),
      ArrowUp: () => update((v) => panBy(v, 0, step)), ArrowDown: () => update((v) => panBy(v, 0, -step)),
      '+': () => update((v) => zoomAt(v, 1.25, centre())), '=': () => update((v) => zoomAt(v, 1.25, centre())),
      '-': () => update((v) => zoomAt(v, 0.8, centre())), '0': () => setView(fit()), '1': () => update((v) => zoomTo(v, 1, centre())),
    };
    const action = actions[event.key];
    if (action) {
      event.preventDefault();
      action();
    }
  };

  const onDividerKey = (event: KeyboardEvent) => {
    const next = splitAfterKey(split, event.key, event.shiftKey);
    if (next === undefined) return;
    event.preventDefault();
    event.stopPropagation();
    setSplit(next);
  };
  const onDividerDown = (event: PointerEvent) => {
    event.stopPropagation();
    (event.currentTarget as HTMLElement).setPointerCapture(event.pointerId);
    dividerDrag.current = event.pointerId;
  };
  const onDividerMove = (event: PointerEvent) => {
    if (dividerDrag.current !== event.pointerId) return;
    event.stopPropagation();
    setSplit(Math.round(splitAtPointer(local(event).x, size.width) * 10) / 10);
  };
  const onDividerUp = (event: PointerEvent) => {
    if (dividerDrag.current === event.pointerId) dividerDrag.current = undefined;
  };

  const scale = view?.scale ?? 1;
  const percent = Math.round(scale * 100);
  return (
    <div class="live-stage-wrap">
      <div class="live-zoom" role="group" aria-label="Zoom">
        <button type="button" class="button" onClick={() => update((v) => zoomAt(v, 0.8, centre()))} aria-label="Zoom out">−</button>
        <button type="button" class="button" onClick={() => setView(fit())}>Fit</button>
        <button type="button" class="button" onClick={() => update((v) => zoomTo(v, 1, centre()))}>100%</button>
        <button type="button" class="button" onClick={() => update((v) => zoomAt(v, 1.25, centre()))} aria-label="Zoom in">+</button>
        <span class="compare-zoom-value live-zoom-value" aria-live="polite">{percent}%</span>
      </div>
      <div ref={stage} class={`live-stage${scale > 1 ? ' live-stage-pixelated' : ''}`} tabIndex={0} role="group" aria-roledescription="image comparison"
        aria-label="Before and after. Drag to pan, wheel or pinch to zoom; arrow keys pan, plus and minus zoom, 0 fits, 1 shows actual pixels."
        data-region={[placement.region.x, placement.region.y, placement.region.width, placement.region.height].map((n) => Math.round(n)).join(',')}
        data-zoom={scale.toFixed(4)} data-pan-x={(view?.x ?? 0).toFixed(2)} data-pan-y={(view?.y ?? 0).toFixed(2)}
        onKeyDown={onStageKey} onWheel={onWheel}
        onPointerDown={onPointerDown} onPointerMove={onPointerMove} onPointerUp={onPointerEnd} onPointerCancel={onPointerEnd}>
        <canvas ref={canvas} class="live-canvas" aria-hidden="true" />
        <div class="live-divider" role="slider" tabIndex={0} aria-label="Split" aria-orientation="horizontal"
          aria-valuemin={0} aria-valuemax={100} aria-valuenow={split} aria-valuetext={`${Math.round(split)}% before, ${Math.round(100 - split)}% after`}
          onKeyDown={onDividerKey} onPointerDown={onDividerDown} onPointerMove={onDividerMove} onPointerUp={onDividerUp} onPointerCancel={onDividerUp}>
          <span class="live-divider-handle" aria-hidden="true" />
        </div>
        <span class="compare-label compare-label-before" aria-hidden="true">Before</span>
        <span class="compare-label compare-label-after" aria-hidden="true">After</span>
      </div>
    </div>
  );
}
