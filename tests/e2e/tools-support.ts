/** Helpers for the tool page tests: fixtures made with sharp, downloads, ZIP listing, request recording. */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { expect, type Download, type Page } from '@playwright/test';
import { REPO_ROOT } from '../../scripts/nginx-server.mjs';
import { baseUrl, waitForPrefetch } from './support.ts';

export { waitForPrefetch };

export interface Fixture {
  readonly name: string;
  readonly mimeType: string;
  readonly buffer: Buffer;
  /** Undefined for the corrupt file. */
  readonly width?: number;
  readonly height?: number;
}

/** A noisy gradient, so encoders have something real to compress. */
async function photo(width: number, height: number, seed: number, alpha = false): Promise<sharp.Sharp> {
  const channels = alpha ? 4 : 3;
  const raw = Buffer.alloc(width * height * channels);
  let state = seed;
  for (let y = 0; y < height; y += 1) {
    for (let x = 0; x < width; x += 1) {
      state = (state * 1103515245 + 12345) & 0x7fffffff;
      const noise = (state >> 16) % 24;
      const i = (y * width + x) * channels;
      raw[i] = Math.min(255, Math.round((255 * x) / width) + noise);
      raw[i + 1] = Math.min(255, Math.round((255 * y) / height) + noise);
      raw[i + 2] = (seed * 40 + noise * 3) % 256;
      if (alpha) raw[i + 3] = x < width / 3 ? 0 : 255;
    }
  }
  return sharp(raw, { raw: { width, height, channels } });
}

/** Four good images (two share a name) and one corrupt file that starts like a JPEG. */
export async function batchFixtures(): Promise<Fixture[]> {
  const corrupt = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10]), Buffer.from('JFIF\0 this is not the rest of a JPEG '.repeat(20))]);
  return [
    { name: 'photo.jpg', mimeType: 'image/jpeg', buffer: await (await photo(320, 240, 1)).jpeg({ quality: 92 }).toBuffer(), width: 320, height: 240 },
    { name: 'graphic.png', mimeType: 'image/png', buffer: await (await photo(200, 150, 2, true)).png().toBuffer(), width: 200, height: 150 },
    { name: 'picture.webp', mimeType: 'image/webp', buffer: await (await photo(180, 120, 3)).webp({ quality: 90 }).toBuffer(), width: 180, height: 120 },
    { name: 'broken.jpg', mimeType: 'image/jpeg', buffer: corrupt },
    { name: 'photo.jpg', mimeType: 'image/jpeg', buffer: await (await photo(320, 240, 4)).jpeg({ quality: 92 }).toBuffer(), width: 320, height: 240 },
  ];
}

/** A JPEG carrying camera, date, software and a GPS position. */
export async function jpegWithGps(): Promise<Fixture> {
  const buffer = await (await photo(240, 160, 5)).jpeg({ quality: 90 }).withExif({
    IFD0: { Make: 'Imglio Test Camera Co', Model: 'Model T1000', Software: 'Imglio fixture 1.0', DateTime: '2024:05:17 10:42:00' },
    IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '48/1 51/1 2952/100', GPSLongitudeRef: 'E', GPSLongitude: '2/1 17/1 4020/100' },
  }).toBuffer();
  return { name: 'located.jpg', mimeType: 'image/jpeg', buffer, width: 240, height: 160 };
}

export async function tinyImages(count: number): Promise<Fixture[]> {
  return Promise.all(Array.from({ length: count }, async (_, i) => {
    const buffer = await sharp({ create: { width: 48, height: 32, channels: 3, background: { r: (i * 37) % 256, g: (i * 91) % 256, b: (i * 13) % 256 } } }).png().toBuffer();
    return { name: `tiny-${String(i).padStart(3, '0')}.png`, mimeType: 'image/png', buffer, width: 48, height: 32 };
  }));
}

export interface RequestLog {
  /** Requests until the load event. */
  readonly atLoad: { method: string; url: string }[];
  /** From the load event until the prefetch has finished (islands still hydrating, then the prefetch list). */
  readonly prefetch: { method: string; url: string }[];
  /** Everything after the prefetch: only the HTTP cache and blob: URLs may answer these. */
  readonly afterPrefetch: { method: string; url: string }[];
}

/** The build's prefetch list (root-relative paths, in fetch order). */
export const prefetchOrder = (): string[] => JSON.parse(readFileSync(join(REPO_ROOT, 'build', 'prefetch-order.json'), 'utf8')) as string[];

/**
 * Opens a tool page, waits for the prefetch to finish and records every request (page and workers)
 * in three phases: until load, during the prefetch, after it.
 */
export async function openTool(page: Page, slug: string, { forceBlobZip = true } = {}): Promise<RequestLog> {
  if (forceBlobZip) {
    // Headless Chromium cannot answer a native save dialog: test the Blob fallback of "Download all".
    await page.addInitScript(() => { delete (window as unknown as { showSaveFilePicker?: unknown }).showSaveFilePicker; });
  }
  const log: RequestLog = { atLoad: [], prefetch: [], afterPrefetch: [] };
  let phase: keyof RequestLog = 'atLoad';
  // Requests of the page's dedicated workers are reported on the page too.
  page.on('request', (request) => log[phase].push({ method: request.method(), url: request.url() }));
  // Switched from the load event itself (events arrive in order), not when goto returns: the prefetch may have begun by then.
  page.once('load', () => { phase = 'prefetch'; });
  await page.goto(`${baseUrl()}/${slug}/`, { waitUntil: 'load' });
  await expect(page.locator('.tool[data-hydrated="true"]')).toBeVisible();
  expect(await waitForPrefetch(page)).toBe('done');
  phase = 'afterPrefetch';
  return log;
}

/**
 * The promise, as seen from the browser: before load nothing heavy (no engine, worker or codec);
 * during the prefetch exactly the build's list; after it, no request other than reads of the
 * page's own blob: URLs and the site's scripts the prefetch already fetched (answered by the
 * HTTP cache: new workers and codec imports; prefetch.spec.ts proves none reaches the server).
 */
export function expectNothingNewAfterPrefetch(log: RequestLog): void {
  const origin = new URL(baseUrl()).origin;
  const order = prefetchOrder();
  const listed = new Set(order);
  const isBlob = (url: string) => url.startsWith(`blob:${origin}/`);
  expect(log.atLoad.filter((r) => listed.has(new URL(r.url).pathname)), 'prefetched scripts requested before the load event').toEqual([]);
  const prefetched = log.prefetch.map((r) => new URL(r.url).pathname).filter((path) => listed.has(path));
  expect(prefetched, 'the prefetch requests the build\'s list, in order').toEqual(order);
  const unexpected = log.afterPrefetch.filter((r) => !(r.method === 'GET' && (isBlob(r.url) || (r.url.startsWith(`${origin}/_astro/`) && listed.has(new URL(r.url).pathname)))));
  expect(unexpected, 'requests after the prefetch other than cached scripts and object URLs').toEqual([]);
  const cached = log.afterPrefetch.filter((r) => !isBlob(r.url)).length;
  console.log(`after the prefetch (${order.length} scripts): ${cached} script request(s) answered by the HTTP cache, ${log.afterPrefetch.length - cached} blob: reads; no other request`);
}

export async function saveDownload(download: Download, dir: string): Promise<{ name: string; bytes: Buffer }> {
  const path = join(dir, download.suggestedFilename());
  await download.saveAs(path);
  return { name: download.suggestedFilename(), bytes: readFileSync(path) };
}

/** Names and sizes inside a ZIP, read by Python's zipfile (which also checks every CRC). */
export function listZip(path: string): { name: string; size: number }[] {
  const script = 'import json,sys,zipfile\nz=zipfile.ZipFile(sys.argv[1])\nbad=z.testzip()\nassert bad is None, bad\nprint(json.dumps([{"name":i.filename,"size":i.file_size} for i in z.infolist()]))';
  return JSON.parse(execFileSync('python3', ['-c', script, path], { encoding: 'utf8' })) as { name: string; size: number }[];
}

export const SCREENSHOT_DIR = join(REPO_ROOT, 'test-results', 'screenshots');
export function screenshotPath(name: string): string {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  return join(SCREENSHOT_DIR, `${name}.png`);
}
