/**
 * Every built page, in Chromium under the real headers: no CSP violation, no
 * console error, the island hydrates, and axe finds nothing serious.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { REPO_ROOT } from '../../scripts/nginx-server.mjs';
import { baseUrl, builtPagePaths, siteRoot, watchPage } from './support.ts';
import { waitForPrefetch } from './tools-support.ts';

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

// Listed from dist/ at collection time; the served copy has the same pages.
const pages = builtPagePaths(join(REPO_ROOT, 'dist'));

test('the build has the expected pages', () => {
  expect(builtPagePaths(siteRoot())).toEqual(
    expect.arrayContaining(['/', '/privacy/', '/terms/', '/verify/', '/licenses/', '/this-page-does-not-exist/']),
  );
});

for (const path of pages) {
  test(`page ${path} loads cleanly, hydrates and passes axe`, async ({ page }) => {
    const problems = await watchPage(page);
    const response = await page.goto(`${baseUrl()}${path}`, { waitUntil: 'load' });
    const notFound = path === '/this-page-does-not-exist/';
    expect(response?.status()).toBe(notFound ? 404 : 200);
    if (notFound) {
      // Served at any depth, so self-contained: it loads nothing and has no island or prefetch (src/pages/404.astro).
      await expect(page.getByRole('heading', { name: 'Page not found' })).toBeVisible();
      expect(await page.evaluate(() => performance.getEntriesByType('resource').map((entry) => entry.name))).toEqual([]);
      expect(await page.locator('html').getAttribute('data-imglio-prefetch')).toBeNull();
    } else {
      await expect(page.locator('.theme-toggle[data-hydrated="true"]')).toBeVisible();
      // Every page fetches the rest of the site's code after load, without a CSP violation or console error.
      expect(await waitForPrefetch(page)).toBe('done');
    }
    expect(await problems.violations()).toEqual([]);

    // axe runs through the DevTools protocol, which the page's CSP does not govern.
    await page.evaluate(axeSource);
    const results = await page.evaluate(async () => {
      const axe = (window as unknown as { axe: { run: (ctx: Document, opts: object) => Promise<{ violations: Array<{ id: string; impact: string | null; nodes: unknown[] }> }> } }).axe;
      const outcome = await axe.run(document, { resultTypes: ['violations'] });
      return outcome.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.length }));
    });
    const serious = results.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    expect(serious, JSON.stringify(serious)).toEqual([]);

    expect(problems.consoleErrors.filter((text) => !(path === '/this-page-does-not-exist/' && /404/.test(text)))).toEqual([]);
    expect(problems.pageErrors).toEqual([]);
    expect(problems.headerWarnings).toEqual([]);
  });
}
