/**
 * Codecs are fetched on first use. Offline, a codec the page never loaded
 * cannot be fetched: the job must fail alone with a message that says so,
 * codecs already loaded keep working, and the job succeeds once back online.
 */
import { expect, test } from '@playwright/test';
import { gradientPng, openLab, runJob, runJobs } from './engine-support.ts';

test('offline, an unloaded codec fails with a clear message while loaded ones keep working', async ({ page, context }) => {
  await openLab(page);
  const png = await gradientPng(32, 24, { transparent: false });
  const warm = await runJob(page, png, { name: 'a.png', output: { format: 'jpeg', codecOptions: { quality: 70 } } });
  expect(warm.ok).toBe(true);

  await context.setOffline(true);
  try {
    const [avif, jpeg] = await runJobs(page, png, [
      { name: 'a.png', output: { format: 'avif', codecOptions: { quality: 50, speed: 8 } } },
      { name: 'b.png', output: { format: 'jpeg', codecOptions: { quality: 70 } } },
    ]);
    expect(avif?.ok).toBe(false);
    if (avif && !avif.ok) expect(avif.message).toMatch(/AVIF codec could not be loaded from the server: you may be offline|could not start: its code could not be loaded/);
    expect(jpeg?.ok, 'the codec loaded before going offline still works').toBe(true);
  } finally {
    await context.setOffline(false);
  }

  const retried = await runJob(page, png, { name: 'a.png', output: { format: 'avif', codecOptions: { quality: 50, speed: 8 } } });
  expect(retried.ok, 'the same job succeeds once back online').toBe(true);
});
