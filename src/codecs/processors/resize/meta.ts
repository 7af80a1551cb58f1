/** Resizing: @jsquash/resize's filters (inlined wasm) or the browser's own scaler. Sizes are planned by src/lib/geometry.ts. */
import { RESIZE_METHODS, type ResizeMethod } from '../../../core/types.ts';
import { defineProcessor } from '../../types.ts';

const METHOD_LABELS = {
  lanczos3: 'Lanczos3 (sharpest)',
  mitchell: 'Mitchell',
  catrom: 'Catmull-Rom',
  triangle: 'Triangle (bilinear)',
  hqx: 'hqx (pixel art)',
  native: 'Fast (browser)',
} as const satisfies Record<ResizeMethod, string>;

export const resizeMeta = defineProcessor({
  id: 'resize',
  label: 'Resize',
  options: [
    { kind: 'select', key: 'method', label: 'Method', default: 'lanczos3', choices: RESIZE_METHODS.map((value) => ({ value, label: METHOD_LABELS[value] })) },
  ],
});
