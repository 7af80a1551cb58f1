/**
 * Issue 11 items 3, 5 and 8 end to end (nginx-served build, real engine, Chromium): keep-original hands back
 * the losslessly stripped original and says so; rows name the format written; the Metadata tool names a
 * HEIC it turned into a JPEG ".jpg"; "Remove location only" drops GPS and keeps camera and date. Every
 * download is checked in Node (exifr, byte sniffing), never from what the page says about it.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import exifr from 'exifr';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { extractHeifExif } from '../../src/lib/heif-metadata.ts';
import { shippedFixture } from '../support/image-fixtures.ts';
import { watchPage } from './support.ts';
import { jpegWithGps, openTool, saveDownload } from './tools-support.ts';

const downloadOf = async (page: Page, row: Locator) => {
  const dir = mkdtempSync(join(tmpdir(), 'imglio-honest-'));
  const [download] = await Promise.all([page.waitForEvent('download'), row.getByRole('link', { name: 'Download' }).click()]);
  return saveDownload(download, dir);
};

const addFiles = (page: Page, files: { name: string; mimeType: string; buffer: Buffer }[]) =>
  page.getByLabel('Add images', { exact: true }).setInputFiles(files.map(({ name, mimeType, buffer }) => ({ name, mimeType, buffer })));

const doneRow = async (page: Page, name: string): Promise<Locator> => {
  const row = page.locator('.result-row').filter({ hasText: name });
  await expect(row).toHaveAttribute('data-status', 'done', { timeout: 60_000 });
  return row;
};

const isJpeg = (bytes: Buffer) => bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff;

test('Compress at quality 100, keep-original on, strip: the photo comes back no larger, without GPS, and the row says which was kept', async ({ page }) => {
  const problems = await watchPage(page);
  await openTool(page, 'compress');
  await expect(page.getByLabel('Keep the original when the result is larger')).toBeChecked();
  await expect(page.getByLabel('Keep metadata (camera, date, GPS)')).not.toBeChecked();
  await page.getByRole('slider', { name: 'Quality', exact: true }).fill('100');
  const photo = await jpegWithGps();
  expect((await exifr.gps(photo.buffer))?.latitude).toBeCloseTo(48.858, 2);

  await addFiles(page, [photo]);
  const row = await doneRow(page, photo.name);
  const saved = await downloadOf(page, row);
  console.log(`keep-original: ${photo.buffer.length} B in, ${saved.bytes.length} B out (${saved.name}); row: ${await row.locator('.result-note').textContent()}`);
  expect(saved.bytes.length).toBeLessThanOrEqual(photo.buffer.length);
  expect(isJpeg(saved.bytes)).toBe(true);
  expect(await exifr.gps(saved.bytes)).toBeUndefined();
  const left = await exifr.parse(saved.bytes, { tiff: true, exif: true, gps: true, xmp: true, iptc: true });
  expect(left?.Make).toBeUndefined();
  expect(left?.latitude).toBeUndefined();
  await expect(row.locator('.result-note')).toContainText(/Kept the original without its metadata \(image data unchanged\): a new JPEG would have been [\d.]+ KB, [\d.]+% larger/);
  await expect(row.locator('.result-format')).toContainText('JPEG');
  await expect(row.locator('.result-format')).toContainText('.jpg');
  expect(await problems.violations()).toEqual([]);
  expect(problems.pageErrors).toEqual([]);
});

test('Compress with "Same as input": a HEIC row says HEIC → JPEG and .jpg, and the download is a JPEG', async ({ page }) => {
  const problems = await watchPage(page);
  await openTool(page, 'compress');
  await expect(page.getByLabel('Output format', { exact: true })).toHaveValue('same');
  await addFiles(page, [{ name: 'phone.heic', mimeType: 'image/heic', buffer: shippedFixture('oriented.heic') }]);
  const row = await doneRow(page, 'phone.heic');
  await expect(row.locator('.result-format')).toHaveText(/HEIC\/HEIF → JPEG\s*\.jpg/);
  await expect(row.locator('.result-note')).toContainText('HEIC/HEIF cannot be written here, so “Same as input” made a JPEG.');
  const saved = await downloadOf(page, row);
  expect(saved.name).toMatch(/\.jpg$/);
  expect(isJpeg(saved.bytes)).toBe(true);
  expect(await problems.violations()).toEqual([]);
  expect(problems.pageErrors).toEqual([]);
});

test('Metadata tool: a HEIC is cleaned into a JPEG named .jpg, and the row says what it became and what it cost', async ({ page }) => {
  const problems = await watchPage(page);
  await openTool(page, 'metadata');
  const heic = shippedFixture('oriented.heic');
  await addFiles(page, [{ name: 'photo.heic', mimeType: 'image/heic', buffer: heic }]);
  const row = await doneRow(page, 'photo.heic');
  const saved = await downloadOf(page, row);
  // The name matches the real format, sniffed from the downloaded bytes.
  expect(isJpeg(saved.bytes)).toBe(true);
  expect(saved.name).toBe('photo.jpg');
  expect(await exifr.gps(saved.bytes)).toBeUndefined();
  await expect(row.locator('.result-format')).toHaveText(/HEIC\/HEIF → JPEG\s*\.jpg/);
  await expect(row.locator('.result-note')).toContainText(/Converted to JPEG \(named \.jpg\).*new lossy JPEG encode at quality \d+ \([\d.]+ (KB|B) → [\d.]+ (KB|B)/);
  console.log(`metadata HEIC: ${heic.length} B → ${saved.name} ${saved.bytes.length} B; row: ${await row.locator('.result-note').textContent()}`);
  expect(await problems.violations()).toEqual([]);
  expect(problems.pageErrors).toEqual([]);
});

test('Metadata tool, "Remove location only": GPS goes, camera and date stay, image data unchanged', async ({ page }) => {
  const problems = await watchPage(page);
  await openTool(page, 'metadata');
  await page.getByLabel('Remove location only').check();
  const photo = await jpegWithGps();
  await addFiles(page, [photo]);
  const row = await doneRow(page, photo.name);
  await expect(row.locator('.result-note')).toContainText('Location removed losslessly: the GPS position.');
  const saved = await downloadOf(page, row);
  expect(saved.name).toBe('located.jpg');
  expect(await exifr.gps(saved.bytes)).toBeUndefined();
  const after = await exifr.parse(saved.bytes, { tiff: true, exif: true, gps: true });
  expect(after).toMatchObject({ Make: 'Imglio Test Camera Co', Model: 'Model T1000' });
  expect(after?.ModifyDate ?? after?.DateTime).toBeInstanceOf(Date);
  expect(after?.latitude).toBeUndefined();
  // Same length: the GPS directory is zeroed in place, nothing else moves.
  expect(saved.bytes.length).toBe(photo.buffer.length);
  expect(await problems.violations()).toEqual([]);
  expect(problems.pageErrors).toEqual([]);
});

test('Metadata tool, "Remove location only" on a HEIC: still a HEIC, edited in place, GPS gone, camera kept', async ({ page }) => {
  const problems = await watchPage(page);
  await openTool(page, 'metadata');
  await page.getByLabel('Remove location only').check();
  const heic = shippedFixture('oriented.heic');
  // exifr reads the Exif item's TIFF block (found by the project's HEIF reader).
  const exifOf = async (file: Buffer) => exifr.parse(Buffer.from(extractHeifExif(file) ?? []), { tiff: true, exif: true, gps: true });
  expect((await exifOf(heic))?.latitude).toBeCloseTo(48.858, 2);
  await addFiles(page, [{ name: 'phone.heic', mimeType: 'image/heic', buffer: heic }]);
  const row = await doneRow(page, 'phone.heic');
  await expect(row.locator('.result-note')).toContainText('Location removed losslessly: the GPS position.');
  await expect(row.locator('.result-format')).toHaveText(/^(Written as )?HEIC\/HEIF\s*\.heic$/);
  const saved = await downloadOf(page, row);
  expect(saved.name).toBe('phone.heic');
  expect(saved.bytes.subarray(4, 12).toString('latin1')).toMatch(/^ftyp(heic|mif1)/);
  expect(saved.bytes.length).toBe(heic.length);
  const after = await exifOf(saved.bytes);
  expect(after?.latitude).toBeUndefined();
  expect(after?.GPSLatitude).toBeUndefined();
  expect(after).toMatchObject({ Make: 'Imglio Test Cameras', Model: 'Orientation Six' });
  expect(await problems.violations()).toEqual([]);
  expect(problems.pageErrors).toEqual([]);
});
