/**
 * One build, two deployments: the same dist/ served by nginx at "/" (the
 * global setup's server) and under "/tools/imglio/" (a second nginx on the
 * same files, its site locations rendered by docker/50-imglio-base-path.sh
 * exactly as the container does with IMGLIO_BASE_PATH). Under both, every page
 * loads with no CSP violation and no console error, everything it fetches is
 * inside the site, and a tool converts a file; the 404 page works at depth.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { expect, test, type Page } from '@playwright/test';
import { freePort, REPO_ROOT, startNginx } from '../../scripts/nginx-server.mjs';
import { baseUrl, builtPagePaths, builtScripts, siteRoot, watchPage } from './support.ts';
import { batchFixtures, saveDownload, waitForPrefetch } from './tools-support.ts';

const PREFIX = '/tools/imglio/';
const MISSING = '/this-page-does-not-exist/';
const pages = builtPagePaths(join(REPO_ROOT, 'dist'));
const classHeaders = JSON.parse(readFileSync(join(REPO_ROOT, 'build', 'response-headers.json'), 'utf8')) as Record<string, Record<string, string>>;

let prefixed: Awaited<ReturnType<typeof startNginx>>;
test.beforeAll(async () => {
  prefixed = await startNginx({ root: siteRoot(), accessLog: 'off', basePath: PREFIX });
});
test.afterAll(async () => {
  await prefixed.stop();
});

const deployments = [
  { name: 'at /', site: () => `${baseUrl()}/` },
  { name: `under ${PREFIX}`, site: () => prefixed.siteUrl },
];

/** Every request the page and its workers make; all must stay inside `site` (or be data:/blob:). */
function recordRequests(page: Page): string[] {
  const urls: string[] = [];
  page.on('request', (request) => urls.push(request.url()));
  return urls;
}
const outside = (urls: readonly string[], site: string) => urls.filter((url) => !url.startsWith(site) && !url.startsWith('data:') && !url.startsWith('blob:'));

for (const deployment of deployments) {
  test.describe(deployment.name, () => {
    for (const path of pages) {
      test(`page ${path} loads cleanly and fetches only inside the site`, async ({ page }) => {
        const site = deployment.site();
        const problems = await watchPage(page);
        const requests = recordRequests(page);
        const response = await page.goto(`${site}${path.slice(1)}`, { waitUntil: 'load' });
        if (path === MISSING) {
          expect(response?.status()).toBe(404);
          await expect(page.getByRole('heading', { name: 'Page not found' })).toBeVisible();
        } else {
          expect(response?.status()).toBe(200);
          await expect(page.locator('.theme-toggle[data-hydrated="true"]')).toBeVisible();
          expect(await waitForPrefetch(page)).toBe('done');
        }
        expect(await problems.violations()).toEqual([]);
        // The 404 page's own status is reported as a console error by Chromium.
        expect(problems.consoleErrors.filter((text) => !(path === MISSING && /404/.test(text)))).toEqual([]);
        expect(problems.pageErrors).toEqual([]);
        expect(outside(requests, site)).toEqual([]);
        // The nav links lead to pages of this deployment.
        if (path !== MISSING) {
          const hrefs = await page.locator('a[href]').evaluateAll((links) => links.map((a) => (a as HTMLAnchorElement).href));
          expect(outside(hrefs.filter((href) => !href.includes('#')), site).filter((href) => new URL(href).origin === new URL(site).origin)).toEqual([]);
        }
      });
    }

    test('the 404 page works at any depth: its links lead back into the site', async ({ page }) => {
      const site = deployment.site();
      const problems = await watchPage(page);
      for (const deep of ['nope', 'a/b/c/d', 'compress/extra/', 'x/y/z.html']) {
        const response = await page.goto(`${site}${deep}`, { waitUntil: 'load' });
        expect(response?.status(), deep).toBe(404);
        await expect(page.getByRole('heading', { name: 'Page not found' })).toBeVisible();
        expect(await page.evaluate(() => performance.getEntriesByType('resource').length), `${deep}: the 404 page loads nothing`).toBe(0);
      }
      await page.getByRole('link', { name: 'Compress' }).click();
      await expect(page).toHaveURL(`${site}compress/`);
      await expect(page.locator('.tool[data-hydrated="true"]')).toBeVisible();
      await page.goto(`${site}a/b/c/d`, { waitUntil: 'load' });
      await page.getByRole('link', { name: 'Home' }).click();
      await expect(page).toHaveURL(site);
      expect(await problems.violations()).toEqual([]);
      expect(problems.pageErrors).toEqual([]);
    });

    test('a tool converts a file: the download arrives and is the chosen format', async ({ page }) => {
      test.setTimeout(120_000);
      const site = deployment.site();
      const problems = await watchPage(page);
      const requests = recordRequests(page);
      await page.goto(`${site}convert/`, { waitUntil: 'load' });
      await expect(page.locator('.tool[data-hydrated="true"]')).toBeVisible();
      expect(await waitForPrefetch(page)).toBe('done');
      await page.getByLabel('Output format', { exact: true }).selectOption({ label: 'WebP' });
      const photo = (await batchFixtures())[0];
      if (!photo) throw new Error('fixture missing');
      await page.getByLabel('Add images', { exact: true }).setInputFiles([{ name: photo.name, mimeType: photo.mimeType, buffer: photo.buffer }]);
      const row = page.locator('.result-row[data-status="done"]');
      await expect(row).toHaveCount(1, { timeout: 90_000 });
      const [download] = await Promise.all([page.waitForEvent('download'), row.getByRole('link', { name: 'Download' }).click()]);
      const saved = await saveDownload(download, mkdtempSync(join(tmpdir(), 'imglio-subpath-')));
      const metadata = await sharp(saved.bytes).metadata();
      expect(metadata.format).toBe('webp');
      expect([metadata.width, metadata.height]).toEqual([photo.width, photo.height]);
      expect(await problems.violations()).toEqual([]);
      expect(problems.consoleErrors).toEqual([]);
      expect(outside(requests, site)).toEqual([]);
      console.log(`${deployment.name}: ${saved.name} (${saved.bytes.length} B), ${requests.length} request(s), all inside ${site}`);
    });
  });
}

test(`under ${PREFIX}: redirects into the prefix, 404 outside it, and the same rules and headers as at /`, async () => {
  const origin = prefixed.url;
  const get = (path: string, init: RequestInit = {}) => fetch(`${origin}${path}`, { redirect: 'manual', ...init });
  const expectClass = (response: Response, responseClass: string, label: string) => {
    for (const [name, value] of Object.entries(classHeaders[responseClass] ?? {})) expect(response.headers.get(name), `${label}: ${name}`).toBe(value);
  };

  const bare = await get('/tools/imglio');
  expect(bare.status).toBe(301);
  expect(bare.headers.get('location')).toBe(PREFIX);
  const root = await get('/');
  expect(root.status).toBe(302);
  expect(root.headers.get('location')).toBe(PREFIX);
  const dir = await get(`${PREFIX}privacy`);
  expect(dir.status).toBe(301);
  expect(dir.headers.get('location')).toBe(`${PREFIX}privacy/`);

  const script = builtScripts(siteRoot())[0] ?? '';
  for (const path of ['/compress/', script, '/.well-known/imglio/manifest.json', '/privacy/', '/tools/imglioX/', '/tools/']) {
    const response = await get(path);
    expect(response.status, `${path} is outside the site`).toBe(404);
    expectClass(response, 'notFound', path);
  }

  const home = await get(PREFIX);
  expect(home.status).toBe(200);
  expectClass(home, 'html', PREFIX);
  const code = await get(`${PREFIX}${script.slice(1)}`);
  expect(code.status).toBe(200);
  expectClass(code, 'astro', script);
  expect(await code.text()).toBe(readFileSync(join(siteRoot(), script), 'utf8'));
  const manifest = await get(`${PREFIX}.well-known/imglio/manifest.json`);
  expect(manifest.status).toBe(200);
  expect(Buffer.from(await manifest.arrayBuffer())).toEqual(readFileSync(join(siteRoot(), '.well-known', 'imglio', 'manifest.json')));
  const gzipped = await fetch(`${origin}${PREFIX}_astro/${script.split('/').pop()}`, { headers: { 'accept-encoding': 'gzip' } });
  expect(gzipped.status).toBe(200);

  for (const path of [`${PREFIX}.git/config`, `${PREFIX}.env`, `${PREFIX}${script.slice(1)}.map`, `${PREFIX}404.html`, `${PREFIX}compress/extra`]) {
    const response = await get(path);
    expect(response.status, path).toBe(404);
    expectClass(response, 'notFound', path);
    expect(await response.text(), `${path}: the 404 page`).toBe(readFileSync(join(siteRoot(), '404.html'), 'utf8'));
  }
  const post = await get(PREFIX, { method: 'POST', body: 'x' });
  expect(post.status).toBe(405);
  expectClass(post, 'methodNotAllowed', 'POST');
  const link = await get(`${PREFIX}a/b/_imglio/compress/`);
  expect(link.status).toBe(302);
  expect(link.headers.get('location')).toBe(`${PREFIX}compress/`);
  // Not an open redirect: nginx merges the slashes, so the target is always a path inside the site.
  for (const path of [`${PREFIX}_imglio//evil.example/`, `/_imglio//evil.example/`, `${PREFIX}_imglio/\\evil.example/`]) {
    const response = await get(path);
    const location = response.headers.get('location') ?? '';
    expect(response.status === 404 || (response.status === 302 && location.startsWith(PREFIX) && !location.startsWith(`${PREFIX}/`)), `${path} → ${response.status} ${location}`).toBe(true);
  }
});

test(`npm start with BASE_PATH=${PREFIX} serves the same files and answers like nginx`, async () => {
  const port = await freePort();
  const server = spawn(process.execPath, [join(REPO_ROOT, 'scripts', 'serve.mjs')], { env: { ...process.env, PORT: String(port), BASE_PATH: PREFIX }, stdio: ['ignore', 'pipe', 'inherit'] });
  try {
    await new Promise<void>((resolve, reject) => {
      server.stdout?.on('data', (chunk: Buffer) => chunk.toString().includes('served') && resolve());
      server.on('exit', (code) => reject(new Error(`serve.mjs exited with ${code}`)));
    });
    const local = `http://127.0.0.1:${port}`;
    const script = builtScripts(join(REPO_ROOT, 'dist'))[0] ?? '';
    for (const path of [PREFIX, `${PREFIX}compress/`, `${PREFIX}${script.slice(1)}`, `${PREFIX}.well-known/imglio/manifest.json`, '/', '/tools/imglio', `${PREFIX}privacy`, '/compress/', script, `${PREFIX}a/b/_imglio/compress/`, `${PREFIX}no/such/page`]) {
      const [fromNginx, fromLocal] = await Promise.all([fetch(`${prefixed.url}${path}`, { redirect: 'manual' }), fetch(`${local}${path}`, { redirect: 'manual' })]);
      expect(fromLocal.status, path).toBe(fromNginx.status);
      expect(fromLocal.headers.get('location'), path).toBe(fromNginx.headers.get('location'));
      for (const name of ['content-security-policy', 'cache-control']) expect(fromLocal.headers.get(name), `${name} on ${path}`).toBe(fromNginx.headers.get(name));
      if (fromNginx.status === 200 || fromNginx.status === 404) expect(Buffer.from(await fromLocal.arrayBuffer()), path).toEqual(Buffer.from(await fromNginx.arrayBuffer()));
    }
  } finally {
    server.kill('SIGTERM');
  }
});
