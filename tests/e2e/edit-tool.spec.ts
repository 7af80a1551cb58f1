/**
 * Issue 12 acceptance: the Edit tool (/edit/) crops, turns, flips and straightens in the real engine, in
 * Chromium, served by nginx. Results are checked by decoding the downloads with sharp (EXIF orientation
 * applied with rotate()), never by trusting the page's own figures alone.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import sharp from 'sharp';
import { expect, test, type Page } from '@playwright/test';
import { captureVariants } from './screenshots.ts';
import { openTool } from './tools-support.ts';
import { baseUrl, waitForPrefetch } from './support.ts';
import { REPO_ROOT } from '../../scripts/nginx-server.mjs';

interface Input {
  readonly name: string;
  readonly mimeType: string;
  readonly buffer: Buffer;
}

/** A smooth picture with a red square in the top-left corner, so orientation can be checked by its pixels. */
async function marked(width: number, height: number, format: 'jpeg' | 'png', name: string): Promise<Input> {
  const marker = Math.max(8, Math.round(Math.min(width, height) / 8));
  const red = await sharp({ create: { width: marker, height: marker, channels: 3, background: '#ff0000' } }).png().toBuffer();
  const base = sharp({ create: { width, height, channels: 3, background: '#2050a0' } }).composite([{ input: red, left: 0, top: 0 }]);
  const buffer = format === 'jpeg' ? await base.jpeg({ quality: 85 }).toBuffer() : await base.png().toBuffer();
  return { name, mimeType: format === 'jpeg' ? 'image/jpeg' : 'image/png', buffer };
}

/** Random-looking pixels, so a flip that went wrong cannot pass by symmetry. */
async function noisy(width: number, height: number, seed: number, name: string): Promise<Input> {
  const raw = Buffer.alloc(width * height * 3);
  let state = seed;
  for (let i = 0; i < raw.length; i += 1) {
    state = (state * 1103515245 + 12345) & 0x7fffffff;
    raw[i] = (state >> 16) & 0xff;
  }
  return { name, mimeType: 'image/png', buffer: await sharp(raw, { raw: { width, height, channels: 3 } }).png().toBuffer() };
}

/** Which corner of the upright picture is red. */
async function redCorner(bytes: Buffer): Promise<{ width: number; height: number; corner: string }> {
  const { data, info } = await sharp(bytes).rotate().raw().toBuffer({ resolveWithObject: true });
  const isRed = (x: number, y: number) => {
    const i = (y * info.width + x) * info.channels;
    return (data[i] as number) > 200 && (data[i + 1] as number) < 80 && (data[i + 2] as number) < 80;
  };
  const corners: Record<string, [number, number]> = { 'top-left': [3, 3], 'top-right': [info.width - 4, 3], 'bottom-left': [3, info.height - 4], 'bottom-right': [info.width - 4, info.height - 4] };
  const red = Object.entries(corners).filter(([, [x, y]]) => isRed(x, y)).map(([name]) => name);
  return { width: info.width, height: info.height, corner: red.join(',') || 'none' };
}

async function addFiles(page: Page, files: readonly Input[]): Promise<void> {
  await page.getByLabel('Add images', { exact: true }).setInputFiles(files.map(({ name, mimeType, buffer }) => ({ name, mimeType, buffer })));
  await expect(page.locator('.edit-workspace')).toBeVisible();
}

/** Waits until every row is done with the current settings, then downloads one row's result. */
async function downloadRow(page: Page, index = 0): Promise<{ name: string; bytes: Buffer }> {
  const row = page.locator('.result-row').nth(index);
  await expect(row).toHaveAttribute('data-status', 'done', { timeout: 45_000 });
  const dir = mkdtempSync(join(tmpdir(), 'imglio-edit-'));
  const [download] = await Promise.all([page.waitForEvent('download'), row.getByRole('link', { name: 'Download' }).click()]);
  const path = join(dir, download.suggestedFilename());
  await download.saveAs(path);
  return { name: download.suggestedFilename(), bytes: readFileSync(path) };
}

/** Waits for a row's dimensions text to show the expected size (the re-run after a settings change is over). */
async function expectRowSize(page: Page, size: string, index = 0): Promise<void> {
  const row = page.locator('.result-row').nth(index);
  await expect(row.locator('.result-dims')).toContainText(size, { timeout: 45_000 });
  await expect(row).toHaveAttribute('data-status', 'done', { timeout: 45_000 });
}

/** The bytes from the first SOS marker to the end: the entropy-coded image data. */
function scanData(jpeg: Buffer): Buffer {
  for (let i = 2; i + 1 < jpeg.length; i += 1) if (jpeg[i] === 0xff && jpeg[i + 1] === 0xda) return jpeg.subarray(i);
  throw new Error('no SOS marker');
}

test('a 2560×1600 photo cropped with the 1:1 preset comes out 1600×1600', async ({ page }) => {
  await openTool(page, 'edit');
  await addFiles(page, [await marked(2560, 1600, 'jpeg', 'wide.jpg')]);
  await page.getByLabel('Aspect ratio').selectOption({ label: 'Square 1:1' });
  await expect(page.getByTestId('edit-result-size')).toHaveText('1600 × 1600 px');
  await expectRowSize(page, '→ 1600×1600');
  const { bytes } = await downloadRow(page);
  const meta = await sharp(bytes).metadata();
  expect([meta.format, meta.width, meta.height]).toEqual(['jpeg', 1600, 1600]);
  // Centred: the red corner (top-left of the input) is cut off.
  expect((await redCorner(bytes)).corner).toBe('none');
  // Anchored left, the red corner is back.
  await page.getByLabel('Place').selectOption({ label: 'Left' });
  await expect(page.getByLabel('X', { exact: true })).toHaveValue('0');
  await expect.poll(async () => (await redCorner((await downloadRow(page)).bytes)).corner, { timeout: 45_000 }).toBe('top-left');
});

test('rotated 90° a 1600×1000 photo comes out 1000×1600 and upright (pixels turned)', async ({ page }) => {
  await openTool(page, 'edit');
  await addFiles(page, [await marked(1600, 1000, 'png', 'landscape.png')]);
  await page.getByRole('button', { name: 'Rotate right' }).click();
  await expect(page.getByTestId('edit-result-size')).toHaveText('1000 × 1600 px');
  await expectRowSize(page, '→ 1000×1600');
  const { bytes } = await downloadRow(page);
  // Turned clockwise: the top-left corner goes to the top right.
  expect(await redCorner(bytes)).toEqual({ width: 1000, height: 1600, corner: 'top-right' });
});

test('flip twice equals the input pixels; flip once mirrors them', async ({ page }) => {
  await openTool(page, 'edit');
  const input = await noisy(64, 48, 7, 'noise.png');
  const original = await sharp(input.buffer).raw().toBuffer();
  const mirrored = await sharp(input.buffer).flop().raw().toBuffer();
  await addFiles(page, [input]);
  await page.getByRole('button', { name: 'Flip horizontal' }).click();
  await expect.poll(async () => (await sharp((await downloadRow(page)).bytes).raw().toBuffer()).equals(mirrored), { timeout: 45_000 }).toBe(true);
  await page.getByRole('button', { name: 'Flip horizontal' }).click();
  await expect.poll(async () => (await sharp((await downloadRow(page)).bytes).raw().toBuffer()).equals(original), { timeout: 45_000 }).toBe(true);
  // The same with vertical flips (a half turn plus a horizontal flip inside).
  await page.getByRole('button', { name: 'Flip vertical' }).click();
  await page.getByRole('button', { name: 'Flip vertical' }).click();
  await expect.poll(async () => (await sharp((await downloadRow(page)).bytes).raw().toBuffer()).equals(original), { timeout: 45_000 }).toBe(true);
});

test('a 5-file batch with 16:9 gives five 16:9 results, downloaded as one ZIP', async ({ page }) => {
  await openTool(page, 'edit');
  const sizes: [number, number][] = [[320, 240], [240, 320], [400, 400], [500, 200], [360, 202]];
  await addFiles(page, await Promise.all(sizes.map(([w, h], i) => marked(w, h, 'png', `file-${i}.png`))));
  await page.getByLabel('Aspect ratio').selectOption({ label: '16:9' });
  await expect(page.getByText('5 of 5 done')).toBeVisible({ timeout: 60_000 });
  for (let i = 0; i < 5; i += 1) await expect(page.locator('.result-row').nth(i).locator('.result-dims')).not.toHaveText(`${sizes[i]?.[0]}×${sizes[i]?.[1]}`);
  const dir = mkdtempSync(join(tmpdir(), 'imglio-edit-zip-'));
  const [zip] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download all', exact: true }).click()]);
  const zipPath = join(dir, 'all.zip');
  await zip.saveAs(zipPath);
  execFileSync('python3', ['-c', 'import sys,zipfile; zipfile.ZipFile(sys.argv[1]).extractall(sys.argv[2])', zipPath, join(dir, 'out')]);
  for (let i = 0; i < 5; i += 1) {
    const meta = await sharp(readFileSync(join(dir, 'out', `file-${i}-edited.png`))).metadata();
    const [w, h] = sizes[i] as [number, number];
    // The largest 16:9 box: full width unless the image is wider than 16:9; within a pixel of rounding.
    const expected = w / h >= 16 / 9 ? [Math.round(h * (16 / 9)), h] : [w, Math.round(w / (16 / 9))];
    expect([meta.width, meta.height], `file-${i}`).toEqual(expected);
    expect(Math.abs((meta.width as number) / (meta.height as number) - 16 / 9)).toBeLessThan(0.01);
  }
});

test('per-file adjustment: one file of the batch gets its own crop, the others keep the batch\'s', async ({ page }) => {
  await openTool(page, 'edit');
  await addFiles(page, [await marked(320, 240, 'png', 'first.png'), await marked(300, 200, 'png', 'second.png')]);
  await page.getByLabel('Aspect ratio').selectOption({ label: '16:9' });
  await expectRowSize(page, '→ 320×180', 0);
  await expectRowSize(page, '→ 300×169', 1);
  await page.getByLabel('Showing').selectOption({ label: 'second.png' });
  await page.getByRole('checkbox', { name: 'Only this file' }).check();
  await page.getByLabel('Aspect ratio').selectOption({ label: 'Square 1:1' });
  await expect(page.getByTestId('edit-result-size')).toHaveText('200 × 200 px');
  await expectRowSize(page, '→ 200×200', 1);
  await expectRowSize(page, '→ 320×180', 0);
  // Back to the batch's edit: the override goes, the file follows the batch again.
  await page.getByRole('checkbox', { name: 'Only this file' }).uncheck();
  await expectRowSize(page, '→ 300×169', 1);
});

test('a lossless JPEG rotation keeps the compressed image data and says so', async ({ page }) => {
  await openTool(page, 'edit');
  const input = await marked(320, 200, 'jpeg', 'turn.jpg');
  await addFiles(page, [input]);
  await expect(page.getByRole('checkbox', { name: 'Lossless JPEG turns' })).toBeChecked();
  await page.getByRole('button', { name: 'Rotate right' }).click();
  const row = page.locator('.result-row').first();
  await expect(row.locator('.result-note')).toContainText('Rotated losslessly: image data unchanged (orientation set).', { timeout: 45_000 });
  const { bytes } = await downloadRow(page);
  expect(scanData(bytes).equals(scanData(input.buffer))).toBe(true);
  expect(await redCorner(bytes)).toEqual({ width: 200, height: 320, corner: 'top-right' });
  await expect(row.locator('.result-dims')).toContainText('200×320');
  // A crop needs new pixels: the row says the JPEG was re-encoded.
  await page.getByLabel('Aspect ratio').selectOption({ label: 'Square 1:1' });
  await expect(row.locator('.result-note')).toContainText('Re-encoded: cropping needs new pixels', { timeout: 45_000 });
  const cropped = await downloadRow(page);
  expect(scanData(cropped.bytes).equals(scanData(input.buffer))).toBe(false);
  expect((await sharp(cropped.bytes).rotate().metadata()).width).toBe(200);
});

test('the crop box works from the keyboard and the numeric fields; straighten leaves no empty corners', async ({ page }) => {
  await openTool(page, 'edit');
  await addFiles(page, [await marked(400, 300, 'png', 'keys.png')]);
  await expect(page.getByTestId('edit-result-size')).toHaveText('400 × 300 px');
  // The open editor passes axe (labels for every handle and field); axe runs through DevTools, outside the CSP.
  await page.evaluate(readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8'));
  const serious = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (ctx: Element, opts: object) => Promise<{ violations: Array<{ id: string; impact: string | null; nodes: Array<{ target: unknown }> }> }> } }).axe;
    const outcome = await axe.run(document.querySelector('.edit-workspace') as Element, { resultTypes: ['violations'] });
    return outcome.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => ({ id: v.id, targets: v.nodes.map((n) => n.target) }));
  });
  expect(serious, JSON.stringify(serious)).toEqual([]);
  const right = page.getByRole('button', { name: /^Right edge handle/ });
  await right.focus();
  await page.keyboard.press('Shift+ArrowLeft');
  await page.keyboard.press('ArrowLeft');
  await expect(page.getByTestId('edit-result-size')).toHaveText('389 × 300 px');
  await expect(right).toHaveAccessibleName(/389 × 300 pixels at x 0, y 0/);
  const area = page.getByRole('button', { name: /^Crop area/ });
  await area.focus();
  await page.keyboard.press('ArrowRight');
  await expect(page.getByLabel('X', { exact: true })).toHaveValue('1');
  await page.getByLabel('Height', { exact: true }).fill('150');
  await page.getByLabel('Height', { exact: true }).press('Enter');
  await expect(page.getByTestId('edit-result-size')).toHaveText('389 × 150 px');
  await expectRowSize(page, '→ 389×150');
  // Drag the bottom-right handle with the pointer: it grows the box.
  const handle = page.getByRole('button', { name: /^Bottom-right corner handle/ });
  const box = await handle.boundingBox();
  if (!box) throw new Error('no handle box');
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width / 2 + 5, box.y + box.height / 2 + 400, { steps: 4 });
  await page.mouse.up();
  await expect(page.getByTestId('edit-result-size')).toHaveText(/^\d+ × 300 px$/);
  await page.getByRole('button', { name: 'Reset edit' }).click();
  await expect(page.getByTestId('edit-result-size')).toHaveText('400 × 300 px');
  // Straighten by 10°: smaller, same shape, and every corner has picture (opaque, not the transparent turn).
  await page.getByRole('slider', { name: 'Straighten' }).fill('10');
  await expect(page.getByTestId('edit-result-size')).toHaveText('328 × 246 px');
  await expectRowSize(page, '→ 328×246');
  const { data, info } = await sharp((await downloadRow(page)).bytes).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  for (const [x, y] of [[0, 0], [info.width - 1, 0], [0, info.height - 1], [info.width - 1, info.height - 1]]) {
    expect(data[((y as number) * info.width + (x as number)) * 4 + 3], `alpha at ${x},${y}`).toBe(255);
  }
});

test('a HEIC, which the browser cannot show, gets its preview from the engine: upright size and visible pixels', async ({ page }) => {
  await openTool(page, 'edit');
  const buffer = readFileSync(join(REPO_ROOT, 'tests', 'fixtures', 'decode', 'oriented.heic'));
  await addFiles(page, [{ name: 'phone.heic', mimeType: 'image/heic', buffer }]);
  // The fixture is stored 32×24 with an EXIF turn: upright it is 24×32, before any row has finished.
  await expect(page.getByTestId('edit-result-size')).toHaveText('24 × 32 px');
  const canvas = page.locator('.edit-canvas');
  await expect(canvas).toBeVisible();
  const painted = await canvas.evaluate((element: HTMLCanvasElement) => {
    const data = element.getContext('2d')?.getImageData(0, 0, element.width, element.height).data ?? new Uint8ClampedArray(0);
    const colours = new Set<number>();
    let opaque = 0;
    for (let i = 0; i < data.length; i += 4) {
      if (data[i + 3] === 255) opaque += 1;
      colours.add(((data[i] ?? 0) << 16) | ((data[i + 1] ?? 0) << 8) | (data[i + 2] ?? 0));
    }
    return { opaque, colours: colours.size };
  });
  expect(painted.opaque).toBeGreaterThan(100);
  expect(painted.colours).toBeGreaterThan(4);
  await expect(page.locator('.edit-note')).toHaveCount(0);
});

test('screenshots of the editor (desktop and phone, light and dark)', async ({ browser }) => {
  test.setTimeout(180_000);
  const photo = await marked(1200, 800, 'jpeg', 'holiday.jpg');
  const written = await captureVariants(browser, 'edit', async (page) => {
    await page.goto(`${baseUrl()}/edit/`);
    await expect(page.locator('.tool[data-hydrated="true"]')).toBeVisible();
    expect(await waitForPrefetch(page)).toBe('done');
    await addFiles(page, [photo]);
    await page.getByLabel('Aspect ratio').selectOption({ label: '4:3' });
    await expect(page.getByTestId('edit-result-size')).toHaveText('1067 × 800 px');
    await expect(page.locator('.edit-canvas')).toBeVisible();
    await expect(page.locator('.result-row').first()).toHaveAttribute('data-status', 'done', { timeout: 45_000 });
    await page.locator('.edit-workspace').scrollIntoViewIfNeeded();
  });
  expect(written).toHaveLength(4);
});
