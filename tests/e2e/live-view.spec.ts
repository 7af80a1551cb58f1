/**
 * The live view (issue 11 items 2 and 4) on the nginx-served build in Chromium: both sides drawn from pixels the
 * engine decoded (a HEIC's before side has visible pixels), a quality change changes the shown size, the divider
 * moves by keyboard, the wheel zooms about the pointer; screenshots of the view; and the preview latency for a
 * 4 MP photo through the engine, logged (a figure, not an assertion: the machine is shared).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { REPO_ROOT } from '../../scripts/nginx-server.mjs';
import { captureVariants } from './screenshots.ts';
import { baseUrl, watchPage } from './support.ts';
import { openTool } from './tools-support.ts';

const heic = (): { name: string; mimeType: string; buffer: Buffer } => ({ name: 'phone.heic', mimeType: 'image/heic', buffer: readFileSync(join(REPO_ROOT, 'tests', 'fixtures', 'decode', 'oriented.heic')) });

/** A noisy gradient photo, so the encoders have real work. */
async function photoJpeg(width: number, height: number, quality = 92): Promise<Buffer> {
  const raw = Buffer.alloc(width * height * 3);
  let state = 7;
  for (let y = 0; y < height; y += 1) {
    for (let x = 0; x < width; x += 1) {
      state = (state * 1103515245 + 12345) & 0x7fffffff;
      const noise = (state >> 16) % 24;
      const i = (y * width + x) * 3;
      raw[i] = Math.min(255, Math.round((255 * x) / width) + noise);
      raw[i + 1] = Math.min(255, Math.round((255 * y) / height) + noise);
      raw[i + 2] = (Math.round(128 + 100 * Math.sin(x / 37) * Math.cos(y / 23)) + noise) % 256;
    }
  }
  return sharp(raw, { raw: { width, height, channels: 3 } }).jpeg({ quality }).toBuffer();
}

async function openLiveView(page: Page, file: { name: string; mimeType: string; buffer: Buffer }): Promise<Locator> {
  await page.getByLabel('Add images', { exact: true }).setInputFiles([file]);
  const row = page.locator('.result-row').filter({ hasText: file.name });
  await expect(row).toHaveAttribute('data-status', 'done', { timeout: 60_000 });
  // Opening a row (its name is the button) is the row's main action.
  await row.getByRole('button', { name: `Open ${file.name}`, exact: true }).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog).toBeVisible();
  // The full result is in: both sides are drawn.
  await expect(dialog.locator('.live-after')).toHaveAttribute('data-kind', 'full', { timeout: 60_000 });
  return dialog;
}

/** Opaque pixels and distinct colours in a band of the stage's canvas (x from..to as fractions of its width). */
function sampleCanvas(page: Page, from: number, to: number): Promise<{ opaque: number; colours: number; total: number }> {
  return page.evaluate(([from, to]) => {
    const canvas = document.querySelector<HTMLCanvasElement>('.live-canvas');
    const ctx = canvas?.getContext('2d');
    if (!canvas || !ctx) return { opaque: 0, colours: 0, total: 0 };
    const x0 = Math.floor(canvas.width * (from as number));
    const x1 = Math.floor(canvas.width * (to as number));
    const { data } = ctx.getImageData(x0, 0, Math.max(1, x1 - x0), canvas.height);
    const colours = new Set<number>();
    let opaque = 0;
    for (let i = 0; i < data.length; i += 4) {
      if ((data[i + 3] as number) < 250) continue;
      opaque += 1;
      colours.add(((data[i] as number) << 16) | ((data[i + 1] as number) << 8) | (data[i + 2] as number));
    }
    return { opaque, colours: colours.size, total: data.length / 4 };
  }, [from, to]);
}

test.describe('live view', () => {
  test('the HEIC compare\'s before side has visible pixels (decoded by the engine), and so has the after side', async ({ page }) => {
    const problems = await watchPage(page);
    await openTool(page, 'compress');
    const dialog = await openLiveView(page, heic());
    await expect(dialog).toContainText(/Before.*HEIC\/HEIF 24×32/);
    await expect(dialog.locator('.live-after')).toContainText('JPEG 24×32');
    // Left of the divider (at 50 %) is the original; its pixels come from libheif in the worker, not from an <img>.
    const before = await sampleCanvas(page, 0, 0.49);
    expect(before.opaque, 'opaque pixels on the before side').toBeGreaterThan(1000);
    expect(before.colours, 'distinct colours on the before side').toBeGreaterThan(8);
    const after = await sampleCanvas(page, 0.51, 1);
    expect(after.opaque, 'opaque pixels on the after side').toBeGreaterThan(1000);
    expect(after.colours).toBeGreaterThan(8);
    await expect(dialog.getByText('This browser cannot display')).toHaveCount(0);
    expect(problems.pageErrors).toEqual([]);
    expect(await problems.violations()).toEqual([]);
  });

  test('a quality change shows a new size, the divider moves by keyboard, the wheel zooms about the pointer', async ({ page }) => {
    const problems = await watchPage(page);
    await openTool(page, 'compress');
    const dialog = await openLiveView(page, { name: 'photo.jpg', mimeType: 'image/jpeg', buffer: await photoJpeg(640, 480) });
    const after = dialog.locator('.live-after');
    const firstBytes = Number(await after.getAttribute('data-bytes'));
    expect(firstBytes).toBeGreaterThan(0);
    const firstText = await dialog.locator('.live-size').textContent();

    // Tune and see: quality 20 makes a smaller file, shown without leaving the view.
    await dialog.getByRole('slider', { name: /^Quality/ }).fill('20');
    await expect.poll(async () => Number(await after.getAttribute('data-bytes')), { timeout: 60_000 }).toBeLessThan(firstBytes * 0.8);
    await expect(after).toHaveAttribute('data-kind', 'full', { timeout: 60_000 });
    await expect(dialog.locator('.live-size')).not.toHaveText(firstText ?? '');
    await expect(after).toContainText(/SSIM 0\.\d{4}/);
    console.log(`live view, 640×480 JPEG: quality 75 → ${firstBytes} B, quality 20 → ${await after.getAttribute('data-bytes')} B; change to full result ${await after.getAttribute('data-full-ms')} ms`);

    // The divider is a slider: arrows, Home, End.
    const divider = dialog.getByRole('slider', { name: 'Split' });
    await divider.focus();
    await page.keyboard.press('ArrowRight');
    await expect(divider).toHaveAttribute('aria-valuenow', '51');
    await page.keyboard.press('Shift+ArrowLeft');
    await expect(divider).toHaveAttribute('aria-valuenow', '41');
    await page.keyboard.press('End');
    await expect(divider).toHaveAttribute('aria-valuenow', '100');
    await page.keyboard.press('Home');
    await expect(divider).toHaveAttribute('aria-valuenow', '0');
    await page.keyboard.press('PageUp');
    await expect(divider).toHaveAttribute('aria-valuenow', '10');

    // Wheel zoom keeps the image point under the pointer where it was.
    const stage = dialog.locator('.live-stage');
    const box = await stage.boundingBox();
    if (!box) throw new Error('the stage has no box');
    const read = async () => ({ zoom: Number(await stage.getAttribute('data-zoom')), x: Number(await stage.getAttribute('data-pan-x')), y: Number(await stage.getAttribute('data-pan-y')) });
    const start = await read();
    // A point on the image, 40 % into it each way (the image is centred in the stage).
    const anchor = { x: start.x + 0.4 * 640 * start.zoom, y: start.y + 0.4 * 480 * start.zoom };
    const underBefore = { x: (anchor.x - start.x) / start.zoom, y: (anchor.y - start.y) / start.zoom };
    await page.mouse.move(box.x + anchor.x, box.y + anchor.y);
    await page.mouse.wheel(0, -600);
    await expect.poll(async () => (await read()).zoom).toBeGreaterThan(start.zoom * 2);
    const end = await read();
    expect(Math.abs((anchor.x - end.x) / end.zoom - underBefore.x), 'x under the pointer').toBeLessThan(1);
    expect(Math.abs((anchor.y - end.y) / end.zoom - underBefore.y), 'y under the pointer').toBeLessThan(1);
    // Above 100 % pixels are drawn as sharp squares.
    await expect(stage).toHaveClass(/live-stage-pixelated/);

    // "Apply to this file" makes quality 20 this row's override: the batch re-encodes the row with it.
    const row = page.locator('.result-row').filter({ hasText: 'photo.jpg' });
    const rowSizeBefore = await row.locator('.result-new-size').textContent();
    await dialog.getByRole('button', { name: 'Apply to this file', exact: true }).click();
    await expect(dialog.getByRole('button', { name: 'Reset to batch settings', exact: true })).toBeEnabled();
    await page.keyboard.press('Escape');
    await expect(dialog).toBeHidden();
    await expect(row.locator('.result-new-size')).not.toHaveText(rowSizeBefore ?? '', { timeout: 60_000 });
    await expect(row).toHaveAttribute('data-status', 'done', { timeout: 60_000 });
    expect(problems.pageErrors).toEqual([]);
    expect(await problems.violations()).toEqual([]);
  });

  test('a Story (cover crop) result lies on the region of the original it came from, not over all of it', async ({ page }) => {
    await openTool(page, 'resize');
    await page.getByLabel('Preset', { exact: true }).selectOption({ label: 'Story / Reel — 1080 × 1920 px' });
    const dialog = await openLiveView(page, { name: 'wide.jpg', mimeType: 'image/jpeg', buffer: await photoJpeg(1200, 800) });
    // 9:16 out of 1200 × 800, not enlarged: the centred 450 × 800 region.
    await expect(dialog.locator('.live-after')).toContainText('450×800');
    const stage = dialog.locator('.live-stage');
    await expect(stage).toHaveAttribute('data-region', '375,0,450,800');
    // On the after side, inside the region the result is opaque; outside it the original shows faded (translucent).
    const alphaAt = (imageX: number) => page.evaluate((imageX) => {
      const element = document.querySelector<HTMLElement>('.live-stage');
      const canvas = document.querySelector<HTMLCanvasElement>('.live-canvas');
      if (!element || !canvas) return -1;
      const zoom = Number(element.dataset['zoom']);
      const dpr = canvas.width / element.clientWidth;
      const x = Math.round((Number(element.dataset['panX']) + imageX * zoom) * dpr);
      const y = Math.round((Number(element.dataset['panY']) + 400 * zoom) * dpr);
      return canvas.getContext('2d')?.getImageData(x, y, 1, 1).data[3] ?? -1;
    }, imageX);
    expect(await alphaAt(700), 'inside the region, right of the divider').toBe(255);
    const outside = await alphaAt(1100);
    expect(outside, 'outside the region: faded original').toBeGreaterThan(20);
    expect(outside).toBeLessThan(120);
    expect(await alphaAt(200), 'before side: the original').toBe(255);
  });

  test('two fingers pinch-zoom about their midpoint (touch)', async ({ browser }) => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, bypassCSP: false, serviceWorkers: 'block' });
    try {
      const page = await context.newPage();
      await openTool(page, 'compress');
      const dialog = await openLiveView(page, { name: 'photo.jpg', mimeType: 'image/jpeg', buffer: await photoJpeg(640, 480) });
      const stage = dialog.locator('.live-stage');
      await stage.scrollIntoViewIfNeeded();
      const box = await stage.boundingBox();
      if (!box) throw new Error('the stage has no box');
      const read = async () => ({ zoom: Number(await stage.getAttribute('data-zoom')), x: Number(await stage.getAttribute('data-pan-x')), y: Number(await stage.getAttribute('data-pan-y')) });
      const start = await read();
      // Midpoint on the image, left of the divider (the divider has its own pointer handling).
      const mid = { x: start.x + 0.3 * 640 * start.zoom, y: start.y + 0.5 * 480 * start.zoom };
      const under = { x: (mid.x - start.x) / start.zoom, y: (mid.y - start.y) / start.zoom };
      const cdp = await context.newCDPSession(page);
      const touch = (type: 'touchStart' | 'touchMove' | 'touchEnd', spread: number) => cdp.send('Input.dispatchTouchEvent', {
        type,
        touchPoints: type === 'touchEnd' ? [] : [
          { x: box.x + mid.x - spread, y: box.y + mid.y, id: 1 },
          { x: box.x + mid.x + spread, y: box.y + mid.y, id: 2 },
        ],
      });
      await touch('touchStart', 20);
      for (const spread of [30, 40, 50, 60]) await touch('touchMove', spread);
      await touch('touchEnd', 60);
      await expect.poll(async () => (await read()).zoom).toBeGreaterThan(start.zoom * 2.5);
      const end = await read();
      expect(end.zoom / start.zoom).toBeCloseTo(3, 1);
      expect(Math.abs((mid.x - end.x) / end.zoom - under.x), 'x under the fingers').toBeLessThan(1.5);
      expect(Math.abs((mid.y - end.y) / end.zoom - under.y), 'y under the fingers').toBeLessThan(1.5);
    } finally {
      await context.close();
    }
  });

  test('preview latency for a 4 MP photo (logged, not asserted)', async ({ page }) => {
    test.setTimeout(240_000);
    await page.goto(`${baseUrl()}/lab/`);
    await expect(page.locator('[data-engine-ready="true"]')).toBeVisible({ timeout: 60_000 });
    const input = await photoJpeg(2304, 1728);
    const figures = await page.evaluate(async (base64) => {
      const engine = window.imglioEngine;
      if (!engine) throw new Error('window.imglioEngine is missing');
      const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0)).buffer;
      const opening = performance.now();
      const session = await engine.openView(bytes);
      const openMs = performance.now() - opening;
      const runs: Array<{ format: string; quality: number; previewMs: number; fullMs: number; previewBytes: number; fullBytes: number; previewSsim: number; fullSsim: number; previewEncodeMs: number }> = [];
      const tune = (format: 'jpeg' | 'webp', quality: number) => new Promise<void>((resolve, reject) => {
        const sent = performance.now();
        let preview: { ms: number; bytes: number; ssim: number; encode: number } | undefined;
        // What the page shows at fit: all of it; the worker encodes a scaled copy of at most 1 MP for the preview.
        session.tune({ output: { format, quality }, visible: { x: 0, y: 0, width: 2304, height: 1728 } }, (update) => {
          if (update.kind === 'error') return reject(update.error);
          if (update.kind === 'preview') preview = { ms: performance.now() - sent, bytes: update.bytes, ssim: update.ssim, encode: update.timings.encode };
          else {
            runs.push({ format, quality, previewMs: preview?.ms ?? Number.NaN, fullMs: performance.now() - sent, previewBytes: preview?.bytes ?? 0, fullBytes: update.bytes, previewSsim: preview?.ssim ?? 0, fullSsim: update.ssim, previewEncodeMs: preview?.encode ?? 0 });
            resolve();
          }
        });
      });
      for (const quality of [75, 60, 40]) await tune('jpeg', quality);
      for (const quality of [75, 50]) await tune('webp', quality);
      // Zoomed to 100 %: a 1280 × 800 visible area is encoded at full resolution.
      const region = await new Promise<{ ms: number; bytes: number }>((resolve, reject) => {
        const sent = performance.now();
        session.tune({ output: { format: 'jpeg', quality: 70 }, visible: { x: 500, y: 400, width: 1280, height: 800 } }, (update) => {
          if (update.kind === 'error') reject(update.error);
          else if (update.kind === 'preview') resolve({ ms: performance.now() - sent, bytes: update.bytes });
        });
      });
      session.close();
      return { openMs, runs, region };
    }, input.toString('base64'));
    console.log(`live view, 4 MP (2304×1728) JPEG photo: open (decode + display copy) ${figures.openMs.toFixed(0)} ms`);
    for (const run of figures.runs) {
      console.log(`  ${run.format} q${run.quality}: preview ${run.previewMs.toFixed(0)} ms (encode ${run.previewEncodeMs.toFixed(0)} ms, ≈${run.previewBytes} B, SSIM ${run.previewSsim.toFixed(4)}), full ${run.fullMs.toFixed(0)} ms (${run.fullBytes} B, SSIM ${run.fullSsim.toFixed(4)})`);
    }
    console.log(`  jpeg q70, 1280×800 region at 100 %: preview ${figures.region.ms.toFixed(0)} ms (≈${figures.region.bytes} B)`);
    expect(figures.runs).toHaveLength(5);
  });

  test('screenshots of the live view (desktop and phone, light and dark)', async ({ browser }) => {
    test.setTimeout(240_000);
    const photo = await photoJpeg(1200, 800);
    const written = await captureVariants(browser, 'live-view', async (page) => {
      await openTool(page, 'compress');
      const dialog = await openLiveView(page, { name: 'photo.jpg', mimeType: 'image/jpeg', buffer: photo });
      await expect(dialog.locator('.live-after')).toContainText('SSIM');
    });
    expect(written).toHaveLength(4);
  });
});
