/**
 * Review screenshots of a batch (issue 11 acceptance): 13 files in Compress with mixed results and one that
 * fails, on a desktop and a phone, light and dark; then scrolled down the list (the batch bar stays on top),
 * and on the phone with the settings sheet open. Written to screenshots/batch-*.png.
 */
import sharp from 'sharp';
import { expect, test, type Page } from '@playwright/test';
import { captureVariants, SCREENSHOT_VARIANTS } from './screenshots.ts';
import { batchFixtures, openTool, tinyImages, type Fixture } from './tools-support.ts';

/** Soft gradients with a little noise, like photos and graphics of a few sizes. */
async function gradient(name: string, width: number, height: number, seed: number, format: 'jpeg' | 'png' | 'webp'): Promise<Fixture> {
  const raw = Buffer.alloc(width * height * 3);
  let state = seed;
  for (let i = 0; i < width * height; i += 1) {
    state = (state * 1103515245 + 12345) & 0x7fffffff;
    const x = i % width;
    const y = Math.floor(i / width);
    raw[i * 3] = (x * 255) / width + ((state >> 16) % 16);
    raw[i * 3 + 1] = (y * 200) / height + seed * 20;
    raw[i * 3 + 2] = 255 - (x * 180) / width;
  }
  const image = sharp(raw, { raw: { width, height, channels: 3 } });
  const buffer = await (format === 'jpeg' ? image.jpeg({ quality: 95 }) : format === 'png' ? image.png() : image.webp({ quality: 92 })).toBuffer();
  return { name, mimeType: `image/${format}`, buffer, width, height };
}

async function fixtures(): Promise<Fixture[]> {
  const named = await batchFixtures();
  return [
    ...named.slice(0, 3),
    await gradient('holiday-beach-2024-07-14.jpg', 640, 427, 1, 'jpeg'),
    await gradient('team-photo.jpg', 480, 320, 2, 'jpeg'),
    named[3] as Fixture,
    await gradient('screenshot-dashboard.png', 320, 200, 3, 'png'),
    await gradient('banner-wide.webp', 720, 180, 4, 'webp'),
    await gradient('IMG_20240517_104200.jpg', 360, 480, 5, 'jpeg'),
    ...(await tinyImages(3)),
    named[4] as Fixture,
  ];
}

async function showBatch(page: Page, files: readonly Fixture[]): Promise<void> {
  await openTool(page, 'compress');
  await page.getByLabel('Add images', { exact: true }).setInputFiles(files.map(({ name, mimeType, buffer }) => ({ name, mimeType, buffer })));
  await expect(page.locator('.result-row[data-status="done"]')).toHaveCount(files.length - 1, { timeout: 90_000 });
  await expect(page.locator('.result-row[data-status="failed"]')).toHaveCount(1);
  // Thumbnails are made off the main thread; wait until every good row shows one.
  await expect(page.locator('.result-row[data-status="done"] .result-thumb img')).toHaveCount(files.length - 1, { timeout: 30_000 });
}

test('batch screenshots: desktop and phone, light and dark', async ({ browser }) => {
  test.setTimeout(300_000);
  const files = await fixtures();
  const written = [
    ...(await captureVariants(browser, 'batch', (page) => showBatch(page, files))),
    ...(await captureVariants(browser, 'batch-scrolled', async (page) => {
      await showBatch(page, files);
      await page.locator('.result-row').nth(9).evaluate((el) => el.scrollIntoView({ block: 'end' }));
      await expect(page.getByRole('button', { name: 'Download all', exact: true })).toBeInViewport();
    }, SCREENSHOT_VARIANTS.filter((v) => v.scheme === 'light'))),
    ...(await captureVariants(browser, 'batch-sheet', async (page) => {
      await showBatch(page, files);
      await page.getByRole('button', { name: 'Settings', exact: true }).click();
      await expect(page.getByRole('dialog', { name: 'Settings' })).toBeVisible();
    }, SCREENSHOT_VARIANTS.filter((v) => v.device === 'phone' && v.scheme === 'light'))),
  ];
  console.log(`batch screenshots: ${written.length} written`);
});
