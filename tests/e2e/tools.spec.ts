/**
 * The four tool pages end to end, in Chromium against the nginx-served build
 * with the real engine: five files in (one corrupt), settings changed through
 * their accessible names, every good file downloadable and decoding to the
 * chosen format and size, the corrupt one explained, "Download all" a ZIP of
 * exactly the good results, and after the prefetch no request but the cached scripts.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { expect, test, type Page } from '@playwright/test';
import { REPO_ROOT } from '../../scripts/nginx-server.mjs';
import { watchPage } from './support.ts';
import { batchFixtures, expectNothingNewAfterPrefetch, jpegWithGps, listZip, openTool, prefetchOrder, saveDownload, screenshotPath, type Fixture } from './tools-support.ts';

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

interface Case {
  readonly slug: string;
  /** Label of the "Output format" option to choose; undefined keeps the input format (Metadata). */
  readonly formatLabel?: string;
  readonly quality?: number;
  /** sharp's name for the expected output format, or undefined for "same as the input". */
  readonly sharpFormat?: string;
  readonly configure?: (page: Page) => Promise<void>;
  readonly expectedSize: (fixture: Fixture) => { width: number; height: number };
}

const sharpFormatOf: Record<string, string> = { 'image/jpeg': 'jpeg', 'image/png': 'png', 'image/webp': 'webp' };
const same = (f: Fixture) => ({ width: f.width ?? 0, height: f.height ?? 0 });

const cases: Case[] = [
  {
    slug: 'compress', formatLabel: 'JPEG', quality: 60, sharpFormat: 'jpeg', expectedSize: same,
    configure: async (page) => {
      await page.getByLabel('Keep the original when the result is larger').uncheck();
    },
  },
  { slug: 'convert', formatLabel: 'WebP', quality: 70, sharpFormat: 'webp', expectedSize: same },
  {
    slug: 'resize', formatLabel: 'AVIF', quality: 50, sharpFormat: 'heif',
    configure: async (page) => {
      await page.getByLabel('Width (px)').fill('100');
      await page.getByLabel('Height (px)').fill('');
    },
    expectedSize: (f) => ({ width: 100, height: Math.round(((f.height ?? 0) * 100) / (f.width ?? 1)) }),
  },
  { slug: 'metadata', expectedSize: same },
];

async function runAxe(page: Page): Promise<Array<{ id: string; impact: string | null; nodes: number }>> {
  await page.evaluate(axeSource);
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (ctx: Document, opts: object) => Promise<{ violations: Array<{ id: string; impact: string | null; nodes: unknown[] }> }> } }).axe;
    const outcome = await axe.run(document, { resultTypes: ['violations'] });
    return outcome.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.length }));
  });
}

for (const tool of cases) {
  test(`${tool.slug}: a batch of five, settings, downloads, ZIP, compare, no requests out`, async ({ page }) => {
    test.setTimeout(180_000);
    const problems = await watchPage(page);
    const requests = await openTool(page, tool.slug);
    const fixtures = tool.slug === 'metadata' ? [...(await batchFixtures()).slice(0, 4), await jpegWithGps()] : await batchFixtures();
    const good = fixtures.filter((f) => f.width !== undefined);

    // Nothing heavy before the page is interactive: the engine, workers and codecs came with the prefetch, after load.
    expect(requests.atLoad.filter((r) => /pool|worker|encode|registry/.test(r.url))).toEqual([]);

    if (tool.formatLabel) {
      const format = page.getByLabel('Output format', { exact: true });
      await expect(format).toHaveJSProperty('tagName', 'SELECT');
      await format.selectOption({ label: tool.formatLabel });
      await page.getByRole('slider', { name: 'Quality', exact: true }).fill(String(tool.quality));
    } else {
      await expect(page.getByLabel('Output format', { exact: true })).toHaveCount(0);
    }
    await tool.configure?.(page);

    await page.getByLabel('Add images', { exact: true }).setInputFiles(fixtures.map(({ name, mimeType, buffer }) => ({ name, mimeType, buffer })));
    const rows = page.locator('.result-row');
    await expect(rows).toHaveCount(5);
    await expect(page.locator('.result-row[data-status="done"]')).toHaveCount(good.length, { timeout: 120_000 });
    await expect(page.locator('.result-row[data-status="failed"]')).toHaveCount(1);

    const broken = rows.filter({ hasText: 'broken.jpg' });
    await expect(broken.getByRole('alert')).toHaveText(/\w+/);
    console.log(`${tool.slug}: corrupt file says: ${await broken.getByRole('alert').textContent()}`);
    await expect(broken.getByRole('link', { name: 'Download' })).toHaveCount(0);
    await expect(page.getByText(`${good.length} of 5 done, 1 failed`)).toBeVisible();

    // Every good file: a download link whose file decodes to the chosen format and size.
    const dir = mkdtempSync(join(tmpdir(), `imglio-${tool.slug}-`));
    const downloads: { name: string; bytes: Buffer }[] = [];
    for (let i = 0; i < fixtures.length; i += 1) {
      const fixture = fixtures[i];
      if (!fixture?.width) continue;
      const row = rows.nth(i);
      const link = row.getByRole('link', { name: 'Download' });
      await expect(link).toHaveAttribute('download', /\S/);
      const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
      const saved = await saveDownload(download, dir);
      downloads.push(saved);
      const meta = await sharp(saved.bytes).metadata();
      expect(meta.format, `${saved.name} format`).toBe(tool.sharpFormat ?? sharpFormatOf[fixture.mimeType]);
      const expected = tool.expectedSize(fixture);
      expect(meta.width, `${saved.name} width`).toBe(expected.width);
      expect(Math.abs((meta.height ?? 0) - expected.height), `${saved.name} height ${meta.height} vs ${expected.height}`).toBeLessThanOrEqual(1);
      if (tool.slug === 'metadata') expect(meta.exif, `${saved.name} still carries EXIF`).toBeUndefined();
    }
    const names = downloads.map((d) => d.name);
    expect(new Set(names).size, `unique names: ${names.join(', ')}`).toBe(names.length);
    console.log(`${tool.slug}: downloads ${downloads.map((d) => `${d.name} (${d.bytes.length} B)`).join(', ')}`);

    if (tool.slug === 'metadata') {
      const located = rows.filter({ hasText: 'located.jpg' });
      await expect(located.locator('details[open]')).toHaveCount(1);
      await expect(located.getByRole('note')).toContainText('48.8');
      await expect(located.getByRole('note')).toContainText(/reveals where it was taken/);
      await expect(located).toContainText('Imglio Test Camera Co');
      await expect(located).toContainText('Removed losslessly');
      await expect(rows.filter({ hasText: 'graphic.png' })).toContainText(/image data is unchanged/);
      // WebP is stripped losslessly too now (its image chunks copied byte for byte).
      await expect(rows.filter({ hasText: 'picture.webp' })).toContainText(/Removed losslessly|image data is unchanged/);
    }

    // "Download all": a ZIP with exactly the good results, byte sizes matching the single downloads.
    const [zipDownload] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download all', exact: true }).click()]);
    const zip = await saveDownload(zipDownload, dir);
    expect(zip.name).toMatch(/^imglio-.+\.zip$/);
    const entries = listZip(join(dir, zip.name));
    expect(entries.map((e) => e.name).sort()).toEqual([...names].sort());
    for (const entry of entries) expect(entry.size).toBe(downloads.find((d) => d.name === entry.name)?.bytes.length);
    await expect(page.getByRole('status').filter({ hasText: /ZIP with \d+ files? downloaded/ })).toBeVisible();

    expect(await runAxe(page)).toEqual([]);

    // Screenshots with results, light and dark, then the compare view.
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      await page.screenshot({ path: screenshotPath(`${tool.slug}-${scheme}`), fullPage: true });
    }
    const desktop = page.viewportSize();
    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({ path: screenshotPath(`${tool.slug}-phone-dark`), fullPage: true });
    expect(await page.evaluate(() => document.documentElement.scrollWidth), 'no horizontal scrolling on a phone').toBeLessThanOrEqual(390);
    if (desktop) await page.setViewportSize(desktop);
    if (tool.slug !== 'metadata') {
      // Opening a row (its name, stretched over the row) is the row's main action.
      await rows.first().getByRole('button', { name: /^Open / }).click();
      const dialog = page.getByRole('dialog');
      await expect(dialog).toBeVisible();
      // The live view (tests/e2e/live-view.spec.ts covers it in depth): both sides drawn once the full result is in.
      await expect(dialog.locator('.live-after')).toHaveAttribute('data-kind', 'full', { timeout: 60_000 });
      await expect(dialog).toContainText(/Before.*KB/);
      // Keyboard: the split moves with the arrow keys, the stage zooms with + and the dialog closes with Escape.
      const split = dialog.getByRole('slider', { name: 'Split' });
      await split.focus();
      await page.keyboard.press('ArrowRight');
      await expect(split).toHaveAttribute('aria-valuenow', '51');
      const zoomLabel = dialog.locator('.compare-zoom-value');
      const before = await zoomLabel.textContent();
      await dialog.getByRole('group', { name: /Before and after/ }).focus();
      await page.keyboard.press('+');
      await expect(zoomLabel).not.toHaveText(before ?? '');
      await page.keyboard.press('0');
      expect(await runAxe(page)).toEqual([]);
      for (const scheme of ['light', 'dark'] as const) {
        await page.emulateMedia({ colorScheme: scheme });
        await page.screenshot({ path: screenshotPath(`${tool.slug}-compare-${scheme}`) });
      }
      await page.keyboard.press('Escape');
      await expect(dialog).toBeHidden();
    }

    // Remove a row: it goes, and the batch counts follow.
    await rows.filter({ hasText: 'broken.jpg' }).getByRole('button', { name: 'Remove', exact: true }).click();
    await expect(rows).toHaveCount(4);

    expectNothingNewAfterPrefetch(requests);
    expect(await problems.violations()).toEqual([]);
    expect(problems.pageErrors).toEqual([]);
  });
}

test('changing a setting re-processes the batch, and Cancel all / Retry failed work', async ({ page }) => {
  // Opening the tool now includes the prefetch; 24 AVIF encodes follow on a shared 2-core machine.
  test.setTimeout(240_000);
  await openTool(page, 'convert');
  await page.getByLabel('Output format', { exact: true }).selectOption({ label: 'PNG' });
  const fixtures = (await batchFixtures()).filter((f) => f.width);
  await page.getByLabel('Add images', { exact: true }).setInputFiles(fixtures.map(({ name, mimeType, buffer }) => ({ name, mimeType, buffer })));
  const done = page.locator('.result-row[data-status="done"]');
  await expect(done).toHaveCount(4, { timeout: 60_000 });
  await expect(page.getByRole('link', { name: 'Download' }).first()).toHaveAttribute('download', /\.png$/);

  await page.getByLabel('Output format', { exact: true }).selectOption({ label: 'JPEG' });
  await expect(page.getByRole('link', { name: 'Download' })).toHaveCount(4, { timeout: 60_000 });
  await expect(done).toHaveCount(4, { timeout: 60_000 });
  // Re-encoding takes a moment after the pause: the old PNG links stay until the JPEG ones replace them.
  for (const link of await page.getByRole('link', { name: 'Download' }).all()) await expect(link).toHaveAttribute('download', /\.jpg$|\.jpeg$/, { timeout: 60_000 });

  // A long AVIF batch: Cancel all stops what is queued or running; Retry failed finishes the rest.
  await page.getByRole('button', { name: 'Clear list', exact: true }).click();
  await page.getByLabel('Output format', { exact: true }).selectOption({ label: 'AVIF' });
  const photo = fixtures[0];
  if (!photo) throw new Error('fixture missing');
  await page.getByLabel('Add images', { exact: true }).setInputFiles(Array.from({ length: 24 }, (_, i) => ({ name: `copy-${i}.jpg`, mimeType: photo.mimeType, buffer: photo.buffer })));
  await page.getByRole('button', { name: 'Cancel all', exact: true }).click();
  const cancelled = page.locator('.result-row[data-status="cancelled"]');
  await expect(cancelled.first()).toBeVisible();
  await expect(page.locator('.result-row[data-status="queued"], .result-row[data-status="working"]')).toHaveCount(0);
  console.log(`Cancel all: ${await cancelled.count()} of 24 cancelled, ${await done.count()} already done`);
  // Offered with the count of what it would run again.
  await page.getByRole('button', { name: `Retry failed (${await cancelled.count()})`, exact: true }).click();
  await expect(done).toHaveCount(24, { timeout: 120_000 });
});

test('settings are remembered in localStorage, never in cookies, and reset restores the defaults', async ({ page, context }) => {
  await openTool(page, 'compress');
  await page.getByLabel('Output format', { exact: true }).selectOption({ label: 'AVIF' });
  await page.getByRole('slider', { name: 'Quality', exact: true }).fill('33');
  await page.reload();
  await expect(page.locator('.tool[data-hydrated="true"]')).toBeVisible();
  await expect(page.getByLabel('Output format', { exact: true })).toHaveValue('avif');
  await expect(page.getByRole('slider', { name: 'Quality', exact: true })).toHaveValue('33');
  expect(await context.cookies()).toEqual([]);
  const stored = await page.evaluate(() => localStorage.getItem('imglio-settings-compress'));
  expect(JSON.parse(stored ?? '{}')).toMatchObject({ version: 1, current: { format: 'avif', quality: 33 } });

  await page.getByText('Presets and reset').click();
  await page.getByLabel('Save current settings as').fill('Small AVIF');
  await page.getByRole('button', { name: 'Save preset' }).click();
  await page.getByRole('button', { name: 'Reset settings' }).click();
  await expect(page.getByLabel('Output format', { exact: true })).toHaveValue('same');
  await page.getByLabel('Saved presets').selectOption('Small AVIF');
  await page.getByRole('button', { name: 'Apply' }).click();
  await expect(page.getByLabel('Output format', { exact: true })).toHaveValue('avif');
});

test('the JS budget script passes: at most 50 KB of gzipped JS before the first file', async ({ page }) => {
  const output = execFileSync('node', [join(REPO_ROOT, 'scripts', 'js-budget.mjs'), '--json'], { encoding: 'utf8' });
  const pages = JSON.parse(output) as { page: string; gzipBytes: number }[];
  expect(pages.map((p) => p.page)).toEqual(['/compress/', '/convert/', '/edit/', '/metadata/', '/resize/']);
  for (const entry of pages) {
    console.log(`JS budget ${entry.page}: ${(entry.gzipBytes / 1000).toFixed(1)} KB gzipped (module graph)`);
    expect(entry.gzipBytes).toBeLessThanOrEqual(50_000);
  }
  // The same figure measured in Chromium: every script response except the prefetch list (fetched after load), gzipped.
  const scripts = new Set<string>();
  page.on('response', (response) => { if (response.request().resourceType() === 'script') scripts.add(new URL(response.url()).pathname); });
  const log = await openTool(page, 'compress', { forceBlobZip: false });
  const prefetched = new Set(prefetchOrder());
  const atStart = [...scripts].filter((path) => !prefetched.has(path));
  const { gzipSync } = await import('node:zlib');
  const root = join(REPO_ROOT, 'dist');
  const total = atStart.reduce((sum, path) => sum + gzipSync(readFileSync(join(root, path)), { level: 9 }).length, 0);
  console.log(`JS budget /compress/ in Chromium: ${(total / 1000).toFixed(1)} KB gzipped over ${atStart.length} scripts: ${atStart.join(', ')}`);
  expect(total).toBeLessThanOrEqual(50_000);
  expect(atStart.some((p) => /pool|worker|client-zip/.test(p))).toBe(false);
  // The codec registry is on the page, as plain data (the metas the settings read); no codec code comes with it.
  // (Option labels may name WebAssembly in words; code that loads it calls the WebAssembly API.)
  const codecCode = atStart.filter((path) => /WebAssembly\.(?:instantiate|compile|Module|Instance|validate)|@jsquash|inline-wasm|libimagequant/.test(readFileSync(join(root, path), 'utf8')));
  expect(codecCode).toEqual([]);
  // Those start scripts all came before the load event or while the islands hydrated, never after the prefetch.
  expect(log.afterPrefetch.filter((r) => atStart.includes(new URL(r.url).pathname))).toEqual([]);
});

test('files dropped anywhere on the page and images pasted from the clipboard are processed; a non-image is listed with its error', async ({ page }) => {
  await openTool(page, 'convert');
  const graphic = (await batchFixtures())[1];
  if (!graphic) throw new Error('fixture missing');
  await page.evaluate(async (base64) => {
    const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
    const dropped = new DataTransfer();
    dropped.items.add(new File([bytes], 'dropped.png', { type: 'image/png' }));
    dropped.items.add(new File(['just some notes'], 'notes.txt', { type: 'text/plain' }));
    const footer = document.querySelector('footer');
    if (!footer) throw new Error('no footer');
    for (const type of ['dragenter', 'dragover', 'drop']) footer.dispatchEvent(new DragEvent(type, { bubbles: true, cancelable: true, dataTransfer: dropped }));
    const clipboard = new DataTransfer();
    clipboard.items.add(new File([bytes], 'image.png', { type: 'image/png' }));
    document.body.dispatchEvent(new ClipboardEvent('paste', { bubbles: true, cancelable: true, clipboardData: clipboard }));
  }, graphic.buffer.toString('base64'));
  const rows = page.locator('.result-row');
  await expect(rows).toHaveCount(3);
  // Not an image: listed with its own error, not dropped silently.
  await expect(rows.filter({ hasText: 'notes.txt' }).getByRole('alert')).toBeVisible({ timeout: 30_000 });
  console.log(`notes.txt says: ${await rows.filter({ hasText: 'notes.txt' }).getByRole('alert').textContent()}`);
  // The drop is read asynchronously (folders are walked), so the paste may land first.
  await expect(rows.filter({ hasText: 'dropped.png' })).toHaveCount(1);
  await expect(rows.filter({ hasText: /pasted-[\d-]+\.png/ })).toHaveCount(1);
  await expect(page.locator('.result-row[data-status="done"]')).toHaveCount(2, { timeout: 60_000 });
  await expect(page.locator('.drop-overlay')).toHaveCount(0);
});

test('Compress "Target size" keeps each result under the limit and says which quality it chose', async ({ page }) => {
  test.setTimeout(120_000);
  await openTool(page, 'compress');
  await page.getByLabel('Output format', { exact: true }).selectOption({ label: 'JPEG' });
  await page.getByLabel('Choose quality by').selectOption({ label: 'Target size' });
  await page.getByLabel('At most (KB)').fill('8');
  const photo = (await batchFixtures())[0];
  if (!photo) throw new Error('fixture missing');
  await page.getByLabel('Add images', { exact: true }).setInputFiles([{ name: photo.name, mimeType: photo.mimeType, buffer: photo.buffer }]);
  const row = page.locator('.result-row[data-status="done"]');
  await expect(row).toHaveCount(1, { timeout: 90_000 });
  await expect(row).toContainText(/quality \d+/i);
  const [download] = await Promise.all([page.waitForEvent('download'), row.getByRole('link', { name: 'Download' }).click()]);
  const saved = await saveDownload(download, mkdtempSync(join(tmpdir(), 'imglio-target-')));
  console.log(`target size 8 KB: ${saved.bytes.length} B; ${await row.locator('.result-note').textContent()}`);
  expect(saved.bytes.length).toBeLessThanOrEqual(8_000);
  expect((await sharp(saved.bytes).metadata()).format).toBe('jpeg');
});

test('advanced encoder options come from the codec schema, collapsed until opened, and apply to the batch', async ({ page }) => {
  test.setTimeout(90_000);
  await openTool(page, 'convert');
  await page.getByLabel('Output format', { exact: true }).selectOption({ label: 'WebP' });
  const advanced = page.locator('details.advanced').filter({ hasText: 'Advanced encoder options' });
  await expect(advanced).not.toHaveAttribute('open', '');
  await expect(page.getByLabel('Lossless', { exact: true })).toBeHidden();
  await advanced.locator('summary').click();
  const lossless = page.getByLabel('Lossless', { exact: true });
  await expect(lossless).toBeVisible();
  await expect(advanced.getByRole('slider', { name: /Effort/ })).toBeVisible();
  await lossless.check();
  const photo = (await batchFixtures())[0];
  if (!photo) throw new Error('fixture missing');
  // An opaque PNG: every decoder agrees on its pixels.
  const png = await sharp(photo.buffer).png().toBuffer();
  await page.getByLabel('Add images', { exact: true }).setInputFiles([{ name: 'opaque.png', mimeType: 'image/png', buffer: png }]);
  const row = page.locator('.result-row[data-status="done"]');
  await expect(row).toHaveCount(1, { timeout: 60_000 });
  const [download] = await Promise.all([page.waitForEvent('download'), row.getByRole('link', { name: 'Download' }).click()]);
  const saved = await saveDownload(download, mkdtempSync(join(tmpdir(), 'imglio-advanced-')));
  // Lossless WebP gives back the exact pixels of the source.
  const [a, b] = await Promise.all([sharp(saved.bytes).raw().toBuffer(), sharp(png).raw().toBuffer()]);
  expect((await sharp(saved.bytes).metadata()).format).toBe('webp');
  expect(a.equals(b)).toBe(true);
  await page.screenshot({ path: screenshotPath('convert-advanced-light') });
});

test('keyboard: "Add images" is the first Tab stop of the tool and shows a visible focus ring', async ({ page }) => {
  await openTool(page, 'compress');
  const input = page.getByLabel('Add images', { exact: true });
  // From the top of the page: the skip link and the header come first, then the tool begins with the picker.
  await page.locator('body').focus();
  for (let i = 0; i < 30 && !(await page.evaluate(() => Boolean(document.activeElement?.closest('.tool')))); i += 1) await page.keyboard.press('Tab');
  await expect(input).toBeFocused();
  const outline = await page.locator('.dropzone-button').evaluate((label) => getComputedStyle(label).outlineStyle);
  expect(outline).toBe('solid');
  await page.screenshot({ path: screenshotPath('compress-keyboard-focus-light'), clip: { x: 0, y: 150, width: 1280, height: 300 } });
  // Next come the settings (their disclosure first), before the batch.
  await page.keyboard.press('Tab');
  await expect(page.getByRole('button', { name: 'Settings', exact: true })).toBeFocused();
});

test('Compress "Target visual similarity" chooses a quality per file and says why', async ({ page }) => {
  test.setTimeout(120_000);
  await openTool(page, 'compress');
  await page.getByLabel('Output format', { exact: true }).selectOption({ label: 'WebP' });
  await page.getByLabel('Choose quality by').selectOption({ label: 'Target visual similarity' });
  await expect(page.getByRole('slider', { name: /Similarity/ })).toBeVisible();
  const photo = (await batchFixtures())[0];
  if (!photo) throw new Error('fixture missing');
  await page.getByLabel('Add images', { exact: true }).setInputFiles([{ name: photo.name, mimeType: photo.mimeType, buffer: photo.buffer }]);
  const row = page.locator('.result-row[data-status="done"]');
  await expect(row).toHaveCount(1, { timeout: 90_000 });
  await expect(row.locator('.result-note')).toContainText(/quality \d+/i);
  console.log(`target similarity: ${await row.locator('.result-note').textContent()}`);
});
