/**
 * The batch controller in the real page (nginx, Chromium, the real engine):
 * a quality change keeps every download link on screen and re-encodes only the
 * rows whose encoder has a quality option; results not downloaded are guarded
 * by the unload warning and reported after a reload.
 */
import sharp from 'sharp';
import { expect, test, type Page } from '@playwright/test';
import { openTool } from './tools-support.ts';

interface Watch {
  minLinks: number;
  samples: number;
  /** Row name → every data-stale / data-status seen. */
  seen: Record<string, string[]>;
}

/** Ten small photos and graphics: 4 JPEG and 3 WebP (lossy encoders), 3 PNG (no quality option). */
async function tenFiles(): Promise<{ name: string; mimeType: string; buffer: Buffer }[]> {
  const base = (seed: number) => {
    const width = 96;
    const height = 64;
    const raw = Buffer.alloc(width * height * 3);
    for (let i = 0; i < raw.length; i += 1) raw[i] = (i * (seed + 7) + ((i * 2654435761) >>> 24)) % 256;
    return sharp(raw, { raw: { width, height, channels: 3 } });
  };
  const files = [];
  for (let i = 0; i < 4; i += 1) files.push({ name: `photo-${i}.jpg`, mimeType: 'image/jpeg', buffer: await base(i).jpeg({ quality: 90 }).toBuffer() });
  for (let i = 0; i < 3; i += 1) files.push({ name: `picture-${i}.webp`, mimeType: 'image/webp', buffer: await base(10 + i).webp({ quality: 90 }).toBuffer() });
  for (let i = 0; i < 3; i += 1) files.push({ name: `graphic-${i}.png`, mimeType: 'image/png', buffer: await base(20 + i).png().toBuffer() });
  return files;
}

/** Each row's name and the href of its Download link. */
const links = (page: Page) => page.locator('.result-row').evaluateAll((rows) => Object.fromEntries(rows.map((row) => [row.getAttribute('aria-label') ?? '', row.querySelector('a[download]')?.getAttribute('href') ?? ''])));

test('changing quality with 10 finished rows keeps 10 download links at every moment and re-encodes only the lossy rows', async ({ page }) => {
  test.setTimeout(180_000);
  await openTool(page, 'compress');
  await expect(page.getByLabel('Output format', { exact: true })).toHaveValue('same');
  await page.getByLabel('Add images', { exact: true }).setInputFiles(await tenFiles());
  await expect(page.locator('.result-row[data-status="done"]')).toHaveCount(10, { timeout: 120_000 });
  const before = await links(page);
  expect(Object.values(before).filter(Boolean)).toHaveLength(10);

  // Watch every change of the list from now on: the fewest links ever present, and every state each row went through.
  await page.evaluate(() => {
    const list = document.querySelector('.result-list');
    if (!list) throw new Error('no result list');
    const watch: Watch = { minLinks: Number.POSITIVE_INFINITY, samples: 0, seen: {} };
    (window as unknown as { __watch: Watch }).__watch = watch;
    const sample = () => {
      watch.samples += 1;
      watch.minLinks = Math.min(watch.minLinks, list.querySelectorAll('.result-row a[download]').length);
      for (const row of list.querySelectorAll('.result-row')) {
        const state = `${row.getAttribute('data-status') ?? ''}${row.getAttribute('data-stale') === 'true' ? '+stale' : ''}`;
        const name = row.getAttribute('aria-label') ?? '';
        const states = (watch.seen[name] ??= []);
        if (states.at(-1) !== state) states.push(state);
      }
    };
    sample();
    new MutationObserver(sample).observe(list, { subtree: true, childList: true, attributes: true });
  });

  await page.getByRole('slider', { name: 'Quality', exact: true }).fill('40');
  const lossy = Object.keys(before).filter((name) => !name.endsWith('.png'));
  const lossless = Object.keys(before).filter((name) => name.endsWith('.png'));
  expect(lossy).toHaveLength(7);
  // Done when every lossy row has a new link and nothing is out of date or running any more.
  await expect.poll(async () => {
    const now = await links(page);
    const renewed = lossy.filter((name) => now[name] && now[name] !== before[name]).length;
    const busy = await page.locator('.result-row[data-stale="true"], .result-row[data-status="queued"], .result-row[data-status="working"]').count();
    return `${renewed} renewed, ${busy} busy`;
  }, { timeout: 120_000 }).toBe('7 renewed, 0 busy');

  const after = await links(page);
  const watch = await page.evaluate(() => (window as unknown as { __watch: Watch }).__watch);
  console.log(`quality change: ${watch.samples} list mutations watched, fewest download links seen ${watch.minLinks}; states: ${JSON.stringify(watch.seen)}`);
  expect(watch.minLinks).toBe(10);
  for (const name of lossless) {
    expect(after[name], `${name}: same result, same link`).toBe(before[name]);
    expect(watch.seen[name], `${name} was never re-run`).toEqual(['done']);
  }
  for (const name of lossy) expect(watch.seen[name], `${name} was re-run while its old result stayed`).toContain('working+stale');
  await expect(page.locator('.result-row[data-status="done"]')).toHaveCount(10);
});

test('results not downloaded: leaving asks first, and the next load says how many were lost', async ({ page }) => {
  test.setTimeout(120_000);
  await openTool(page, 'compress');
  const files = (await tenFiles()).slice(0, 3);
  await page.getByLabel('Add images', { exact: true }).setInputFiles(files);
  await expect(page.locator('.result-row[data-status="done"]')).toHaveCount(3, { timeout: 60_000 });
  const stored = () => page.evaluate(() => sessionStorage.getItem('imglio-unsaved-compress'));
  expect(await stored()).toBe('{"count":3}');

  // Saving one row's result (its link) leaves two unsaved.
  const [download] = await Promise.all([page.waitForEvent('download'), page.locator('.result-row a[download]').first().click()]);
  await download.cancel();
  await expect.poll(stored).toBe('{"count":2}');
  // Only the count is stored: nothing else in sessionStorage.
  expect(await page.evaluate(() => Object.keys(sessionStorage))).toEqual(['imglio-unsaved-compress']);

  const dialogs: string[] = [];
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.type());
    void dialog.accept();
  });
  await page.reload();
  expect(dialogs).toEqual(['beforeunload']);
  await expect(page.locator('.tool[data-hydrated="true"]')).toBeVisible();
  await expect(page.getByRole('status').filter({ hasText: 'were not downloaded' })).toHaveText('2 results from your last visit were not downloaded and are gone: images are only kept in memory.');
  // The new, empty batch clears the record.
  await expect.poll(stored).toBeNull();

  // Everything downloaded (Download all): no warning, nothing stored.
  await page.getByLabel('Add images', { exact: true }).setInputFiles(files.slice(0, 2));
  await expect(page.locator('.result-row[data-status="done"]')).toHaveCount(2, { timeout: 60_000 });
  await expect.poll(stored).toBe('{"count":2}');
  const [zip] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download all', exact: true }).click()]);
  await zip.cancel();
  await expect.poll(stored).toBeNull();
  await page.reload();
  expect(dialogs).toEqual(['beforeunload']);
  await expect(page.locator('.tool[data-hydrated="true"]')).toBeVisible();
  await expect(page.getByText('were not downloaded')).toHaveCount(0);
});
