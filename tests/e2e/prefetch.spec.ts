/**
 * "No request caused by the user, ever": after a page has loaded it fetches the
 * rest of the site's code, one file at a time, in the build's fixed order
 * (build/prefetch-order.json); afterwards nothing reaches the server, whatever
 * the user does, and everything works offline. Each test runs its own nginx,
 * so the access log holds only that test's requests.
 */
import { expect, test, type BrowserContext, type Page } from '@playwright/test';
import { everyInput, runEveryFormat, scriptsAtStart, startOwnServer, type OwnServer } from './prefetch-support.ts';
import { prefetchOrder, waitForPrefetch } from './tools-support.ts';
import { watchPage, type PageProblems } from './support.ts';

const TOOLS = ['compress', 'convert', 'resize', 'metadata'] as const;

interface Recorded {
  /** /_astro/ paths the browser requested after the load event (page and workers), in order. */
  readonly afterLoad: string[];
  /** Every request after the prefetch finished: browser side, whoever answered it. */
  readonly afterPrefetch: { url: string; method: string }[];
  markPrefetchDone: () => void;
}

function record(page: Page): Recorded {
  let loaded = false;
  let done = false;
  const recorded: Recorded = { afterLoad: [], afterPrefetch: [], markPrefetchDone: () => { done = true; } };
  page.on('load', () => { loaded = true; });
  page.on('request', (request) => {
    const url = new URL(request.url());
    if (done) recorded.afterPrefetch.push({ url: request.url(), method: request.method() });
    else if (loaded && url.pathname.startsWith('/_astro/')) recorded.afterLoad.push(url.pathname);
  });
  return recorded;
}

async function openAndPrefetch(context: BrowserContext, server: OwnServer, path: string): Promise<{ page: Page; recorded: Recorded; ms: number; problems: PageProblems }> {
  const page = await context.newPage();
  const problems = await watchPage(page);
  // Headless Chromium cannot answer a native save dialog: "Download all" takes the Blob path.
  await page.addInitScript(() => { delete (window as unknown as { showSaveFilePicker?: unknown }).showSaveFilePicker; });
  const recorded = record(page);
  const started = Date.now();
  await page.goto(`${server.url}${path}`, { waitUntil: 'load' });
  expect(await waitForPrefetch(page)).toBe('done');
  recorded.markPrefetchDone();
  return { page, recorded, ms: Date.now() - started, problems };
}

/**
 * After load, the page may still finish hydrating its islands (its own start scripts); then comes
 * exactly the list. With `jobsAfter`, files were processed once it was done: their workers may ask
 * the HTTP cache for prefetched scripts again, after the list.
 */
function expectPrefetchSequence(afterLoad: string[], pagePath: string, order: string[], { jobsAfter = false } = {}): void {
  const start = new Set(scriptsAtStart(pagePath));
  const firstListed = afterLoad.findIndex((path) => !start.has(path));
  const prefetched = firstListed < 0 ? [] : afterLoad.slice(firstListed, jobsAfter ? firstListed + order.length : undefined);
  expect(afterLoad.slice(0, Math.max(0, firstListed)).every((path) => start.has(path))).toBe(true);
  expect(prefetched, `${pagePath}: the requests after load are the build's list, in order`).toEqual(order);
  if (jobsAfter) {
    const listed = new Set(order);
    expect(afterLoad.slice(firstListed + order.length).filter((path) => !listed.has(path))).toEqual([]);
  }
}

test('the prefetch sequence is the same in two fresh browser contexts and equals build/prefetch-order.json', async ({ browser }) => {
  test.setTimeout(180_000);
  const order = prefetchOrder();
  expect(order.length).toBeGreaterThan(20);
  const server = await startOwnServer();
  try {
    const sequences: string[][] = [];
    for (const path of ['/compress/', '/compress/', '/', '/lab/']) {
      const context = await browser.newContext();
      try {
        const before = server.loggedPaths().length;
        const { recorded, ms } = await openAndPrefetch(context, server, path);
        expectPrefetchSequence(recorded.afterLoad, path, order);
        // nginx saw the same list in the same order, each file once (the page's own files came before).
        const logged = server.loggedPaths().slice(before);
        const listed = new Set(order);
        expect(logged.filter((p) => listed.has(p)), `${path}: nginx's view of the prefetch`).toEqual(order);
        const firstPrefetch = logged.findIndex((p) => listed.has(p));
        expect(logged.slice(firstPrefetch).filter((p) => !listed.has(p)), `${path}: nothing else after the prefetch began`).toEqual([]);
        sequences.push(recorded.afterLoad.filter((p) => listed.has(p)));
        console.log(`${path}: ${order.length} scripts prefetched in ${ms} ms (load to done, informational)`);
      } finally {
        await context.close();
      }
    }
    expect(sequences[1]).toEqual(sequences[0]);
  } finally {
    await server.stop();
  }
});

for (const slug of TOOLS) {
  test(`${slug}: after the prefetch, every output format makes zero requests that reach the server`, async ({ browser }) => {
    test.setTimeout(300_000);
    const server = await startOwnServer();
    const context = await browser.newContext();
    try {
      const { page, recorded, problems } = await openAndPrefetch(context, server, `/${slug}/`);
      const loggedAtDone = server.loggedPaths().length;
      const ran = await runEveryFormat(page, slug, await everyInput());
      const reachedServer = server.loggedPaths().slice(loggedAtDone);
      expect(reachedServer, `${slug}: requests that reached nginx after the prefetch`).toEqual([]);

      const origin = new URL(server.url).origin;
      const listed = new Set(prefetchOrder());
      const blobReads = recorded.afterPrefetch.filter((r) => r.url.startsWith(`blob:${origin}/`));
      const scripts = recorded.afterPrefetch.filter((r) => !r.url.startsWith('blob:'));
      // Browser side, only the prefetched scripts may be asked for again (new workers, codec imports), and the HTTP cache answered them.
      expect(scripts.filter((r) => !(r.method === 'GET' && listed.has(new URL(r.url).pathname)))).toEqual([]);
      const perFile = new Map<string, number>();
      for (const r of scripts) perFile.set(new URL(r.url).pathname.replace('/_astro/', ''), (perFile.get(new URL(r.url).pathname.replace('/_astro/', '')) ?? 0) + 1);
      console.log(`${slug}: ${ran.length} format run(s) (${ran.join('; ')}); 0 requests reached nginx; browser side ${scripts.length} script request(s), all answered by the HTTP cache (${[...perFile].map(([f, n]) => `${f}×${n}`).join(', ') || 'none'}), ${blobReads.length} blob: reads`);
      expect(problems.pageErrors).toEqual([]);
      expect(await problems.violations()).toEqual([]);
    } finally {
      await context.close();
      await server.stop();
    }
  });

  test(`${slug}: offline right after the prefetch, every output format works, codecs never used before included`, async ({ browser }) => {
    test.setTimeout(300_000);
    const server = await startOwnServer();
    const context = await browser.newContext();
    try {
      const { page, problems } = await openAndPrefetch(context, server, `/${slug}/`);
      const inputs = await everyInput();
      await context.setOffline(true);
      const loggedAtDone = server.loggedPaths().length;
      const ran = await runEveryFormat(page, slug, inputs);
      expect(server.loggedPaths().slice(loggedAtDone)).toEqual([]);
      console.log(`${slug} offline: ${ran.length} format run(s) done with the network cut before the first file`);
      expect(problems.pageErrors).toEqual([]);
      expect(await problems.violations()).toEqual([]);
    } finally {
      await context.setOffline(false);
      await context.close();
      await server.stop();
    }
  });
}

test('with navigator.connection.saveData, nothing is prefetched before the first file; then the same sequence', async ({ browser }) => {
  test.setTimeout(180_000);
  const order = prefetchOrder();
  const server = await startOwnServer();
  const context = await browser.newContext();
  try {
    await context.addInitScript(() => {
      Object.defineProperty(Navigator.prototype, 'connection', { configurable: true, get: () => ({ saveData: true, effectiveType: '4g', addEventListener() {}, removeEventListener() {} }) });
    });
    const page = await context.newPage();
    const recorded = record(page);
    await page.goto(`${server.url}/convert/`, { waitUntil: 'load' });
    await expect(page.locator('.tool[data-hydrated="true"]')).toBeVisible();
    await expect(page.locator('html')).toHaveAttribute('data-imglio-prefetch', 'waiting');
    await page.waitForLoadState('networkidle');
    const listed = new Set(order);
    expect(recorded.afterLoad.filter((p) => listed.has(p)), 'nothing of the list before a file is added').toEqual([]);
    expect(server.loggedPaths().filter((p) => listed.has(p))).toEqual([]);

    const { png } = await everyInput();
    if (!png) throw new Error('fixture missing');
    await page.getByLabel('Add images', { exact: true }).setInputFiles([{ name: png.name, mimeType: png.mimeType, buffer: png.buffer }]);
    expect(await waitForPrefetch(page)).toBe('done');
    await expect(page.locator('.result-row[data-status="done"]')).toHaveCount(1, { timeout: 60_000 });
    expectPrefetchSequence(recorded.afterLoad, '/convert/', order, { jobsAfter: true });
    expect(server.loggedPaths().filter((p) => listed.has(p)), 'nginx saw the list once, in order').toEqual(order);
  } finally {
    await context.close();
    await server.stop();
  }
});
