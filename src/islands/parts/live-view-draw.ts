/**
 * Paints the live view's split stage on one canvas: the original (through the plan's rotation and flips) left of
 * the divider; right of it the result on the region of the original it came from, the newest preview over the
 * last full result, and the part of the original the result does not cover faded, so a crop reads as a crop.
 * All positions come from src/lib/view-geometry.ts.
 */
import { multiply, outputRectToView, viewMatrix, type Matrix, type Rect, type ResultPlacement, type View } from '../../lib/view-geometry.ts';

/** Decoded RGBA from the engine (a view session) as a bitmap the page can draw. */
export const toBitmap = (image: { data: ArrayBuffer; width: number; height: number }): Promise<ImageBitmap> =>
  createImageBitmap(new ImageData(new Uint8ClampedArray(image.data), image.width, image.height));

export interface ShownLayer {
  readonly bitmap: ImageBitmap;
  /** The part of the result the bitmap shows, in output pixels. */
  readonly region: Rect;
}

export interface StageScene {
  readonly width: number;
  readonly height: number;
  readonly dpr: number;
  readonly view: View;
  /** 0–100 */
  readonly split: number;
  readonly original: { readonly bitmap: ImageBitmap; readonly width: number; readonly height: number };
  readonly placement: ResultPlacement;
  readonly layers: readonly ShownLayer[];
}

const setMatrix = (ctx: CanvasRenderingContext2D, m: Matrix): void => ctx.setTransform(m.a, m.b, m.c, m.d, m.e, m.f);

export function drawStage(ctx: CanvasRenderingContext2D, scene: StageScene): void {
  const { width, height, dpr, view, placement, original } = scene;
  const device: Matrix = { a: dpr, b: 0, c: 0, d: dpr, e: 0, f: 0 };
  const toStage = multiply(device, viewMatrix(view));
  const splitX = (scene.split / 100) * width;
  // Above 100 % every image pixel shows as a sharp square.
  ctx.imageSmoothingEnabled = view.scale < 1;
  ctx.imageSmoothingQuality = 'high';
  setMatrix(ctx, device);
  ctx.clearRect(0, 0, width, height);

  const drawOriginal = (): void => {
    setMatrix(ctx, multiply(toStage, placement.orient));
    ctx.drawImage(original.bitmap, 0, 0, original.bitmap.width, original.bitmap.height, 0, 0, original.width, original.height);
  };

  ctx.save();
  setMatrix(ctx, device);
  ctx.beginPath();
  ctx.rect(0, 0, splitX, height);
  ctx.clip();
  drawOriginal();
  ctx.restore();

  const region = placement.region;
  const regionOnStage = { x: view.x + region.x * view.scale, y: view.y + region.y * view.scale, width: region.width * view.scale, height: region.height * view.scale };
  ctx.save();
  setMatrix(ctx, device);
  ctx.beginPath();
  ctx.rect(splitX, 0, width - splitX, height);
  ctx.clip();
  // Outside the result's region: the original, faded.
  ctx.save();
  ctx.beginPath();
  ctx.rect(splitX, 0, width - splitX, height);
  ctx.rect(regionOnStage.x, regionOnStage.y, regionOnStage.width, regionOnStage.height);
  ctx.clip('evenodd');
  ctx.globalAlpha = 0.25;
  drawOriginal();
  ctx.restore();
  setMatrix(ctx, toStage);
  for (const layer of scene.layers) {
    const target = outputRectToView(placement, layer.region);
    ctx.drawImage(layer.bitmap, 0, 0, layer.bitmap.width, layer.bitmap.height, target.x, target.y, target.width, target.height);
  }
  setMatrix(ctx, device);
  // The outline marks a result that covers only part of the original (a crop).
  const partial = region.x > 0.5 || region.y > 0.5 || region.width < placement.viewSize.width - 0.5 || region.height < placement.viewSize.height - 0.5;
  if (partial) {
    ctx.strokeStyle = 'rgb(255 255 255 / 0.8)';
    ctx.lineWidth = 1;
    ctx.setLineDash([6, 4]);
    ctx.strokeRect(regionOnStage.x + 0.5, regionOnStage.y + 0.5, Math.max(0, regionOnStage.width - 1), Math.max(0, regionOnStage.height - 1));
  }
  ctx.restore();
}
