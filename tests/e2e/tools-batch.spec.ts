/** A 200-image batch completes; the JS heap is reported before and after (figures, not assertions). */
import { expect, test } from '@playwright/test';
import { expectNothingNewAfterPrefetch, openTool, tinyImages } from './tools-support.ts';

test('a 200-image batch completes and memory stays bounded', async ({ page }) => {
  test.setTimeout(420_000);
  // Count object URLs the page creates and revokes, to prove rows release theirs.
  await page.addInitScript(() => {
    const counts = { created: 0, revoked: 0 };
    (window as unknown as { __objectUrls: typeof counts }).__objectUrls = counts;
    const create = URL.createObjectURL.bind(URL);
    const revoke = URL.revokeObjectURL.bind(URL);
    URL.createObjectURL = (object: Blob | MediaSource) => { counts.created += 1; return create(object); };
    URL.revokeObjectURL = (url: string) => { counts.revoked += 1; revoke(url); };
  });
  const liveObjectUrls = () => page.evaluate(() => {
    const { created, revoked } = (window as unknown as { __objectUrls: { created: number; revoked: number } }).__objectUrls;
    return created - revoked;
  });
  const requests = await openTool(page, 'compress');
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  const heap = async (): Promise<number> => {
    await cdp.send('HeapProfiler.collectGarbage');
    const { metrics } = await cdp.send('Performance.getMetrics');
    return metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? Number.NaN;
  };
  await page.getByLabel('Output format', { exact: true }).selectOption({ label: 'WebP' });
  await page.getByRole('slider', { name: 'Quality', exact: true }).fill('60');
  const before = await heap();
  const files = await tinyImages(200);
  const started = Date.now();
  await page.getByLabel('Add images', { exact: true }).setInputFiles(files.map(({ name, mimeType, buffer }) => ({ name, mimeType, buffer })));
  await expect(page.locator('.result-row')).toHaveCount(200);
  await expect(page.getByText('200 of 200 done')).toBeVisible({ timeout: 400_000 });
  const seconds = (Date.now() - started) / 1000;
  const after = await heap();
  const thumbnails = await page.locator('.result-row img').count();
  console.log(`200-image batch: ${seconds.toFixed(1)} s; JS heap before ${(before / 1e6).toFixed(1)} MB, after ${(after / 1e6).toFixed(1)} MB; ${thumbnails} thumbnails shown so far, ${await liveObjectUrls()} object URLs alive`);
  await expect(page.locator('.result-row[data-status="failed"]')).toHaveCount(0);

  // Clearing the list releases the rows (and revokes their object URLs).
  await page.getByRole('button', { name: 'Clear list', exact: true }).click();
  await expect(page.locator('.result-row')).toHaveCount(0);
  await expect.poll(liveObjectUrls, { message: 'object URLs still alive after "Clear list"' }).toBe(0);
  console.log(`after "Clear list": JS heap ${((await heap()) / 1e6).toFixed(1)} MB; every object URL revoked`);
  expectNothingNewAfterPrefetch(requests);
});
