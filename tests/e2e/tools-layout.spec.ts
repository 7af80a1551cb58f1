/**
 * The tool page's layout (issue 11 item 6) and the settings that used to contradict each other (item 10):
 * the settings collapse beside the list on a desktop and open in a modal bottom sheet on a phone, the batch
 * bar stays in view over a long list without hiding the row in focus, the JPEG background picker shows only
 * where the output can be JPEG, and the resize settings say "never enlarge" one way.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { expect, test, type Page } from '@playwright/test';
import { openTool, tinyImages } from './tools-support.ts';

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

async function seriousAxe(page: Page): Promise<string[]> {
  await page.evaluate(axeSource);
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (ctx: Document, opts: object) => Promise<{ violations: Array<{ id: string; impact: string | null }> }> } }).axe;
    const outcome = await axe.run(document, { resultTypes: ['violations'] });
    return outcome.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id);
  });
}

const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true } as const;

test('desktop: the settings collapse beside the list, the list takes the room, and they stay as left', async ({ page }) => {
  await openTool(page, 'compress');
  const toggle = page.getByRole('button', { name: 'Settings', exact: true });
  const files = page.getByRole('region', { name: 'Files' });
  await expect(toggle).toHaveAttribute('aria-expanded', 'true');
  await page.getByRole('slider', { name: 'Quality', exact: true }).fill('41');
  const wide = (await files.boundingBox())?.width ?? 0;
  await toggle.click();
  await expect(toggle).toHaveAttribute('aria-expanded', 'false');
  await expect(page.getByLabel('Output format', { exact: true })).toBeHidden();
  const wider = (await files.boundingBox())?.width ?? 0;
  expect(wider, `files ${wide}px → ${wider}px`).toBeGreaterThan(wide + 150);
  // Adding files does not reopen them.
  await page.getByLabel('Add images', { exact: true }).setInputFiles((await tinyImages(2)).map(({ name, mimeType, buffer }) => ({ name, mimeType, buffer })));
  await expect(page.locator('.result-row')).toHaveCount(2);
  await expect(toggle).toHaveAttribute('aria-expanded', 'false');
  await toggle.click();
  await expect(page.getByRole('slider', { name: 'Quality', exact: true })).toHaveValue('41');
});

test('phone: "Settings" opens a modal bottom sheet that keeps focus inside and closes with Escape', async ({ browser }) => {
  const context = await browser.newContext({ ...PHONE, bypassCSP: false, serviceWorkers: 'block' });
  const page = await context.newPage();
  try {
    await openTool(page, 'compress');
    // The settings are not laid out below the list: only the button that opens them is there.
    await expect(page.getByLabel('Output format', { exact: true })).toBeHidden();
    const open = page.getByRole('button', { name: 'Settings', exact: true });
    await page.getByLabel('Add images', { exact: true }).focus();
    await page.keyboard.press('Tab');
    await expect(open).toBeFocused();
    await page.keyboard.press('Enter');
    const sheet = page.getByRole('dialog', { name: 'Settings' });
    await expect(sheet).toBeVisible();
    const box = await sheet.boundingBox();
    expect((box?.y ?? 0) + (box?.height ?? 0), 'the sheet sits at the bottom').toBeGreaterThan(840);
    await sheet.getByLabel('Output format', { exact: true }).selectOption({ label: 'WebP' });
    // Tab and Shift+Tab go round inside the sheet.
    for (let i = 0; i < 40; i += 1) {
      await page.keyboard.press(i % 3 === 2 ? 'Shift+Tab' : 'Tab');
      expect(await page.evaluate(() => Boolean(document.activeElement?.closest('dialog[open]'))), `focus left the sheet after ${i + 1} presses`).toBe(true);
    }
    expect(await seriousAxe(page)).toEqual([]);
    await page.keyboard.press('Escape');
    await expect(sheet).toBeHidden();
    await expect(open).toBeFocused();
    await open.click();
    await expect(sheet.getByLabel('Output format', { exact: true })).toHaveValue('webp');
    await sheet.getByRole('button', { name: 'Done', exact: true }).click();
    await expect(sheet).toBeHidden();
  } finally {
    await context.close();
  }
});

for (const device of ['desktop', 'phone'] as const) {
  test(`${device}: with 30 rows the batch bar stays in view and never covers the row in focus`, async ({ browser }) => {
    test.setTimeout(120_000);
    const context = await browser.newContext({ ...(device === 'phone' ? PHONE : { viewport: { width: 1280, height: 800 } }), bypassCSP: false, serviceWorkers: 'block' });
    const page = await context.newPage();
    try {
      await openTool(page, 'compress');
      await page.getByLabel('Add images', { exact: true }).setInputFiles((await tinyImages(30)).map(({ name, mimeType, buffer }) => ({ name, mimeType, buffer })));
      await expect(page.locator('.result-row[data-status="done"]')).toHaveCount(30, { timeout: 90_000 });
      const bar = page.getByRole('region', { name: 'Batch' });
      // Down to the end of the list (below it come the page's help text and footer, where the bar may go with its list).
      await page.locator('.result-row').last().evaluate((el) => el.scrollIntoView({ block: 'end' }));
      await expect(page.getByRole('button', { name: 'Download all', exact: true })).toBeInViewport();
      const barBox = await bar.boundingBox();
      expect(barBox?.y ?? -1, 'the bar sticks to the top').toBeGreaterThanOrEqual(-1);
      expect(barBox?.y ?? 99, 'the bar sticks to the top').toBeLessThan(20);
      const barBottom = await page.locator('.batch-dock').evaluate((el) => el.getBoundingClientRect().bottom);
      expect(barBottom, 'the bar is compact').toBeLessThan(device === 'phone' ? 200 : 170);
      // Put row 12 right under the bar, then reach its Remove button by keyboard: it must come out from under the bar.
      const row = page.locator('.result-row').nth(12);
      await row.evaluate((el) => { el.scrollIntoView({ block: 'start' }); window.scrollBy(0, el.getBoundingClientRect().top - 2); });
      await page.locator('.result-row').nth(11).getByRole('button', { name: 'Remove', exact: true }).evaluate((el: HTMLElement) => el.focus({ preventScroll: true }));
      await page.keyboard.press('Tab');
      const open = row.getByRole('button', { name: /^Open / });
      await expect(open).toBeFocused();
      const top = await open.evaluate((el) => el.getBoundingClientRect().top);
      const barNow = await page.locator('.batch-dock').evaluate((el) => el.getBoundingClientRect().bottom);
      expect(top, `focused row at ${top}px, bar ends at ${barNow}px`).toBeGreaterThanOrEqual(barNow);
      expect(await page.evaluate(() => document.documentElement.scrollWidth), 'no horizontal scrolling').toBeLessThanOrEqual(page.viewportSize()?.width ?? 0);
    } finally {
      await context.close();
    }
  });
}

test('one primary action per row: the row opens, download and remove are quiet named icons', async ({ page }) => {
  await openTool(page, 'convert');
  await page.getByLabel('Add images', { exact: true }).setInputFiles((await tinyImages(2)).map(({ name, mimeType, buffer }) => ({ name, mimeType, buffer })));
  const row = page.locator('.result-row[data-status="done"]').first();
  await expect(row).toBeVisible({ timeout: 30_000 });
  await expect(page.locator('.result-row .button-primary')).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Download all', exact: true })).toHaveClass(/button-primary/);
  await expect(row.getByRole('link', { name: 'Download', exact: true })).toBeVisible();
  // A click anywhere on the row (here: its thumbnail) opens it.
  await row.locator('.result-thumb').click({ force: true });
  await expect(page.getByRole('dialog')).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(page.getByRole('dialog')).toBeHidden();
  expect(await seriousAxe(page)).toEqual([]);
});

test('the JPEG background picker shows only where the output can be JPEG; PNG smart modes and JPEG XL metadata say they cannot apply', async ({ page }) => {
  await openTool(page, 'compress');
  const format = page.getByLabel('Output format', { exact: true });
  const picker = page.getByLabel('Background colour', { exact: true });
  await expect(format).toHaveValue('same');
  await expect(picker).toBeVisible();
  await expect(page.getByText(/HEIC\/HEIF files become JPEG/)).toBeVisible();
  await format.selectOption({ label: 'PNG' });
  await expect(picker).toHaveCount(0);
  // Nor does a smart mode that has no quality to choose pass silently (the engine refuses it).
  await page.getByLabel('Choose quality by').selectOption({ label: 'Target size' });
  await expect(page.getByText('PNG has no quality to choose: pick a lossy format or the Quality slider.')).toBeVisible();
  await page.getByLabel('Choose quality by').selectOption({ label: 'The Quality slider' });
  await format.selectOption({ label: 'JPEG XL' });
  await expect(page.getByText('JPEG XL results carry no metadata, with or without this.')).toBeVisible();
  await format.selectOption({ label: 'WebP' });
  await expect(picker).toHaveCount(0);
  await format.selectOption({ label: 'JPEG' });
  await expect(picker).toBeVisible();
  await expect(page.getByText(/JPEG has no transparency/)).toBeVisible();
});

test('resize says "never enlarge" one way, and the focus ring is not the error colour', async ({ page }) => {
  await openTool(page, 'resize');
  const fit = page.getByLabel('Fit', { exact: true });
  const labels = await fit.locator('option').allTextContents();
  expect(labels).toEqual(['Fit inside', 'Fill and crop', 'Stretch to exact size']);
  await expect(page.getByRole('checkbox', { name: /enlarge/i })).toHaveCount(1);
  await expect(page.getByRole('checkbox', { name: "Don't enlarge smaller images" })).toBeChecked();
  await page.getByRole('radio', { name: 'Percentage' }).check();
  await expect(fit).toHaveCount(0);
  const percent = page.getByRole('spinbutton', { name: 'Percentage' });
  await percent.fill('200');
  await expect(page.getByText(/200 % would enlarge/)).toBeVisible();

  // Reached by keyboard, so :focus-visible applies.
  await percent.focus();
  await page.keyboard.press('Shift+Tab');
  await page.keyboard.press('Tab');
  await expect(percent).toBeFocused();
  const { ring, style, danger } = await page.evaluate(() => {
    const probe = document.createElement('span');
    probe.style.setProperty('color', 'var(--danger)');
    document.body.append(probe);
    const dangerColour = getComputedStyle(probe).color;
    probe.remove();
    const focused = getComputedStyle(document.activeElement as Element);
    return { ring: focused.outlineColor, style: focused.outlineStyle, danger: dangerColour };
  });
  expect(style).toBe('solid');
  expect(ring, 'focus ring colour').not.toBe(danger);
});
