/**
 * The crop box over the preview: drag it to move, drag one of its 8 handles to resize, or focus either and use
 * the arrow keys (1 px, Shift 10 px). Pointer events cover mouse, pen and touch (`touch-action: none`). The
 * rectangle is in view pixels; its place on screen comes from CSS custom properties set through CSSOM (the
 * CSP allows no style attributes).
 */
import { useLayoutEffect, useRef } from 'preact/hooks';
import type { CropRect } from '../../../core/types.ts';
import { HANDLES, moveRect, resizeRect, type Handle, type Size } from '../../../lib/edit-geometry.ts';

interface Props {
  readonly rect: CropRect;
  readonly image: Size;
  readonly ratio: number | undefined;
  /** While dragging (draft) and once a drag or a key press is over (commit). */
  readonly onDraft: (rect: CropRect) => void;
  readonly onCommit: (rect: CropRect) => void;
  readonly describedBy: string;
}

const HANDLE_NAMES: Readonly<Record<Handle, string>> = {
  'top-left': 'Top-left corner', top: 'Top edge', 'top-right': 'Top-right corner', right: 'Right edge',
  'bottom-right': 'Bottom-right corner', bottom: 'Bottom edge', 'bottom-left': 'Bottom-left corner', left: 'Left edge',
};

const KEY_STEPS: Readonly<Record<string, [number, number]>> = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, -1], ArrowDown: [0, 1] };

interface Drag {
  readonly pointerId: number;
  readonly handle: Handle | 'move';
  readonly startX: number;
  readonly startY: number;
  readonly start: CropRect;
  /** View pixels per CSS pixel. */
  readonly scale: number;
  last: CropRect;
}

export function CropBox({ rect, image, ratio, onDraft, onCommit, describedBy }: Props) {
  const box = useRef<HTMLDivElement>(null);
  const drag = useRef<Drag | undefined>(undefined);
  // Key presses can come faster than a re-render (key repeat, a busy page): each one builds on the last, not on a stale prop.
  const latest = useRef(rect);
  useLayoutEffect(() => { latest.current = rect; }, [rect]);

  useLayoutEffect(() => {
    const element = box.current;
    if (!element) return;
    element.style.setProperty('--crop-x', `${(rect.x / image.width) * 100}%`);
    element.style.setProperty('--crop-y', `${(rect.y / image.height) * 100}%`);
    element.style.setProperty('--crop-w', `${(rect.width / image.width) * 100}%`);
    element.style.setProperty('--crop-h', `${(rect.height / image.height) * 100}%`);
  }, [rect, image]);

  const apply = (handle: Handle | 'move', from: CropRect, dx: number, dy: number): CropRect =>
    handle === 'move' ? moveRect(from, dx, dy, image) : resizeRect(from, handle, dx, dy, image, ratio);

  const onPointerDown = (handle: Handle | 'move') => (event: PointerEvent) => {
    if (event.button !== 0 && event.pointerType === 'mouse') return;
    const stage = box.current?.parentElement;
    if (!stage) return;
    event.preventDefault();
    event.stopPropagation();
    (event.currentTarget as HTMLElement).setPointerCapture(event.pointerId);
    (event.currentTarget as HTMLElement).focus();
    drag.current = { pointerId: event.pointerId, handle, startX: event.clientX, startY: event.clientY, start: rect, scale: image.width / Math.max(1, stage.clientWidth), last: rect };
  };
  const onPointerMove = (event: PointerEvent) => {
    const current = drag.current;
    if (!current || current.pointerId !== event.pointerId) return;
    const dx = Math.round((event.clientX - current.startX) * current.scale);
    const dy = Math.round((event.clientY - current.startY) * current.scale);
    current.last = apply(current.handle, current.start, dx, dy);
    onDraft(current.last);
  };
  const onPointerEnd = (event: PointerEvent) => {
    const current = drag.current;
    if (!current || current.pointerId !== event.pointerId) return;
    drag.current = undefined;
    onCommit(current.last);
  };
  const onKeyDown = (handle: Handle | 'move') => (event: KeyboardEvent) => {
    const step = KEY_STEPS[event.key];
    if (!step) return;
    event.preventDefault();
    event.stopPropagation();
    const size = event.shiftKey ? 10 : 1;
    let [dx, dy] = [step[0] * size, step[1] * size];
    // An edge handle moves only its own edge.
    if (handle === 'left' || handle === 'right') dy = 0;
    if (handle === 'top' || handle === 'bottom') dx = 0;
    latest.current = apply(handle, latest.current, dx, dy);
    onCommit(latest.current);
  };

  const where = `${rect.width} × ${rect.height} pixels at x ${rect.x}, y ${rect.y}`;
  return (
    <div ref={box} class="crop-box" role="group" aria-label="Crop box">
      {/* The shade outside the box is clipped to the picture; the handles are not, so edge handles stay whole. */}
      <div class="crop-shade-clip" aria-hidden="true"><div class="crop-shade" /></div>
      <div class="crop-area" tabIndex={0} role="button" aria-roledescription="crop area" aria-label={`Crop area, ${where}. Arrow keys move it, Shift for 10 pixels.`}
        aria-describedby={describedBy} onPointerDown={onPointerDown('move')} onPointerMove={onPointerMove} onPointerUp={onPointerEnd} onPointerCancel={onPointerEnd}
        onKeyDown={onKeyDown('move')} />
      {HANDLES.map((handle) => (
        <div key={handle} class={`crop-handle crop-handle-${handle}`} tabIndex={0} role="button" aria-roledescription="crop handle"
          aria-label={`${HANDLE_NAMES[handle]} handle, ${where}. Arrow keys resize, Shift for 10 pixels.`} aria-describedby={describedBy}
          data-handle={handle} onPointerDown={onPointerDown(handle)} onPointerMove={onPointerMove} onPointerUp={onPointerEnd} onPointerCancel={onPointerEnd}
          onKeyDown={onKeyDown(handle)} />
      ))}
    </div>
  );
}
