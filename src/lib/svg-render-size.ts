/**
 * The size an SVG is rendered at: its intrinsic size, or larger when the job
 * enlarges it anyway (allowEnlarge), so vector art is drawn sharp at the
 * target instead of being rendered small and then upscaled.
 */
import type { Edits } from '../core/types.ts';
import { planEdits, type Size } from './geometry.ts';

export function svgRenderSize(intrinsic: Size, edits: Edits | undefined): Size {
  // A crop is given in intrinsic pixels, so the picture must keep that scale.
  if (!edits?.resize || edits.crop) return intrinsic;
  let plan: ReturnType<typeof planEdits>;
  try {
    plan = planEdits(intrinsic, edits);
  } catch {
    return intrinsic; // the worker reports invalid edits with its own message
  }
  if (!plan.resize) return intrinsic;
  const scale = Math.max(plan.resize.width / plan.resize.source.width, plan.resize.height / plan.resize.source.height);
  if (!(scale > 1)) return intrinsic;
  return { width: Math.round(intrinsic.width * scale), height: Math.round(intrinsic.height * scale) };
}
