/**
 * Helpers for the prefetch tests: a server of the test's own (so its access log
 * holds only this test's requests), small fixtures in every input format the
 * tools take, and a driver that runs a tool page through every output format.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { expect, type Page } from '@playwright/test';
import { measurePage } from '../../scripts/js-budget.mjs';
import { REPO_ROOT, startNginx } from '../../scripts/nginx-server.mjs';
import { offeredEncoders } from '../../src/codecs/registry.ts';
import { qoi } from '../support/image-fixtures.ts';
import { siteRoot } from './support.ts';
import type { Fixture } from './tools-support.ts';

export interface OwnServer {
  readonly url: string;
  /** Paths of every request nginx has logged so far, in order. */
  readonly loggedPaths: () => string[];
  readonly stop: () => Promise<void>;
}

/** nginx with the shipped config and the anonymised access log, serving the tests' copy of the build. */
export async function startOwnServer(): Promise<OwnServer> {
  const nginx = await startNginx({ root: siteRoot(), accessLog: 'anonymized' });
  const logPath = nginx.accessLogPath;
  if (!logPath) throw new Error('nginx was started without an access log');
  return {
    url: nginx.url,
    loggedPaths: () => {
      let text = '';
      try { text = readFileSync(logPath, 'utf8'); } catch { return []; }
      // 127.0.0.0 [time] "GET /path" 200 123
      return text.split('\n').filter(Boolean).map((line) => /"[A-Z]+ ([^"]*)"/.exec(line)?.[1] ?? line);
    },
    stop: nginx.stop,
  };
}

/** The scripts a page loads before it is interactive, as `npm run budget` measures them. */
export const scriptsAtStart = (pagePath: string): string[] => measurePage(join(REPO_ROOT, 'dist'), pagePath).files.map((file) => file.url);

const fixtureDir = join(REPO_ROOT, 'tests', 'fixtures', 'decode');

/** One small file per input format family: native (PNG, JPEG, WebP), TIFF, HEIC, JPEG XL, QOI and SVG. */
export async function everyInput(): Promise<Record<string, Fixture>> {
  const base = sharp({ create: { width: 40, height: 30, channels: 4, background: { r: 200, g: 80, b: 30, alpha: 0.6 } } });
  return {
    png: { name: 'graphic.png', mimeType: 'image/png', buffer: await base.clone().png().toBuffer(), width: 40, height: 30 },
    jpeg: { name: 'photo.jpg', mimeType: 'image/jpeg', buffer: await base.clone().flatten({ background: '#ffffff' }).jpeg().toBuffer(), width: 40, height: 30 },
    webp: { name: 'picture.webp', mimeType: 'image/webp', buffer: await base.clone().webp().toBuffer(), width: 40, height: 30 },
    tiff: { name: 'scan.tiff', mimeType: 'image/tiff', buffer: await base.clone().tiff().toBuffer(), width: 40, height: 30 },
    heic: { name: 'phone.heic', mimeType: 'image/heic', buffer: readFileSync(join(fixtureDir, 'oriented.heic')) },
    jxl: { name: 'modern.jxl', mimeType: 'image/jxl', buffer: readFileSync(join(fixtureDir, 'oriented.jxl')) },
    qoi: { name: 'pixels.qoi', mimeType: 'image/qoi', buffer: qoi(Buffer.from(Array.from({ length: 24 * 16 * 3 }, (_, i) => (i * 7) % 256)), 24, 16), width: 24, height: 16 },
    svg: { name: 'drawing.svg', mimeType: 'image/svg+xml', buffer: Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="32" height="24"><rect width="32" height="24" fill="#2f5bd3"/><circle cx="16" cy="12" r="8" fill="#ffd166"/></svg>') },
  };
}

/** What each tool accepts (src/tools/<slug>/meta.ts), as fixtures. */
export function inputsFor(slug: string, inputs: Record<string, Fixture>): Fixture[] {
  const pick = (...keys: string[]) => keys.map((key) => inputs[key] as Fixture);
  if (slug === 'metadata') return pick('jpeg', 'png', 'webp', 'tiff', 'heic');
  if (slug === 'resize') return pick('png', 'jpeg', 'tiff', 'heic', 'jxl', 'qoi');
  return pick('png', 'jpeg', 'webp', 'tiff', 'heic', 'jxl', 'qoi', 'svg');
}

/** The extension a result gets: the chosen format's, or for "Same as input" what src/workers/pipeline.ts picks. */
function expectedExtension(choice: string, fixture: Fixture): string {
  const extensionOf: Record<string, string> = { jpeg: 'jpg', png: 'png', webp: 'webp', avif: 'avif', jxl: 'jxl', qoi: 'qoi' };
  if (choice !== 'same') return extensionOf[choice] ?? choice;
  const input = fixture.name.slice(fixture.name.lastIndexOf('.') + 1);
  if (input === 'jpg' || input === 'png' || input === 'webp' || input === 'jxl' || input === 'qoi') return input;
  return input === 'heic' ? 'jpg' : 'png';
}

/**
 * Runs a tool page through every output format it offers (one batch of every input it accepts
 * per format, cleared between formats), then "Download all" once. Returns what was run.
 */
export async function runEveryFormat(page: Page, slug: string, inputs: Record<string, Fixture>): Promise<string[]> {
  const files = inputsFor(slug, inputs);
  const rows = page.locator('.result-row');
  const formatSelect = page.getByLabel('Output format', { exact: true });
  const choices = (await formatSelect.count()) === 0 ? ['(strip)'] : ['same', ...offeredEncoders().map((encoder) => encoder.format)];
  if (slug === 'resize') {
    // Smaller than every input, so the WASM resizer runs.
    await page.getByLabel('Width (px)').fill('20');
    await page.getByLabel('Height (px)').fill('');
  }
  const ran: string[] = [];
  for (const choice of choices) {
    if (choice !== '(strip)') await formatSelect.selectOption(choice);
    await page.getByLabel('Add images', { exact: true }).setInputFiles(files.map(({ name, mimeType, buffer }) => ({ name, mimeType, buffer })));
    await expect(rows).toHaveCount(files.length);
    await expect(page.locator('.result-row[data-status="done"]'), `${slug} → ${choice}: every file done`).toHaveCount(files.length, { timeout: 120_000 });
    if (choice !== '(strip)') {
      for (let i = 0; i < files.length; i += 1) {
        const fixture = files[i] as Fixture;
        await expect(rows.nth(i).getByRole('link', { name: 'Download' }), `${slug}: ${fixture.name} → ${choice}`).toHaveAttribute('download', new RegExp(`\\.${expectedExtension(choice, fixture)}$`));
      }
    }
    ran.push(`${choice}: ${files.map((f) => f.name).join(' ')}`);
    if (choice === choices[choices.length - 1]) {
      // The ZIP writer (client-zip) is prefetched too.
      const [zip] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download all', exact: true }).click()]);
      expect(zip.suggestedFilename()).toMatch(/\.zip$/);
    }
    await page.getByRole('button', { name: 'Clear list', exact: true }).click();
    await expect(rows).toHaveCount(0);
  }
  return ran;
}
