/**
 * Compress writes PNGs as palette PNGs by default (issue 11 item 9): the file
 * that downloads is a valid indexed PNG (IHDR colour type 3, a PLTE chunk) and
 * smaller than the same graphic in the visible "Lossless" mode, which keeps
 * every pixel. The graphic is made with sharp here.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { expect, test, type Page } from '@playwright/test';
import { crc32 } from '../../src/lib/bytes.ts';
import { openTool, saveDownload } from './tools-support.ts';

/** A 640 × 400 graphic: a gradient band, flat shapes and anti-aliased edges, so far more than 256 colours. */
async function graphicPng(): Promise<Buffer> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="640" height="400">
    <defs><linearGradient id="g" x1="0" x2="1"><stop offset="0" stop-color="#1d4ed8"/><stop offset="1" stop-color="#f59e0b"/></linearGradient></defs>
    <rect width="640" height="400" fill="#f8fafc"/>
    <rect x="20" y="20" width="600" height="90" rx="16" fill="url(#g)"/>
    <circle cx="160" cy="250" r="90" fill="#16a34a"/>
    <polygon points="330,330 450,150 570,330" fill="#dc2626" stroke="#111827" stroke-width="6"/>
  </svg>`;
  return sharp(Buffer.from(svg)).png().toBuffer();
}

interface Chunk { readonly type: string; readonly data: Buffer; readonly crcOk: boolean }

/** The PNG's chunks, checking the signature and every CRC. */
function pngChunks(bytes: Buffer): Chunk[] {
  expect(bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])), 'PNG signature').toBe(true);
  const chunks: Chunk[] = [];
  for (let offset = 8; offset < bytes.length;) {
    const length = bytes.readUInt32BE(offset);
    const typeAndData = bytes.subarray(offset + 4, offset + 8 + length);
    chunks.push({ type: typeAndData.subarray(0, 4).toString('latin1'), data: typeAndData.subarray(4), crcOk: crc32([typeAndData]) === bytes.readUInt32BE(offset + 8 + length) });
    offset += 12 + length;
  }
  return chunks;
}

async function compressOne(page: Page, input: Buffer, dir: string): Promise<Buffer> {
  await page.getByLabel('Add images', { exact: true }).setInputFiles([{ name: 'graphic.png', mimeType: 'image/png', buffer: input }]);
  const row = page.locator('.result-row[data-status="done"]');
  await expect(row).toHaveCount(1, { timeout: 60_000 });
  const [download] = await Promise.all([page.waitForEvent('download'), row.getByRole('link', { name: 'Download' }).click()]);
  return (await saveDownload(download, dir)).bytes;
}

test('Compress: the default "Smaller (palette)" PNG is a valid indexed PNG, smaller than the lossless one', async ({ page }) => {
  test.setTimeout(120_000);
  const dir = mkdtempSync(join(tmpdir(), 'imglio-palette-'));
  const input = await graphicPng();
  await openTool(page, 'compress');
  const palette = page.getByRole('radio', { name: 'Smaller (palette, up to 256 colours)' });
  const lossless = page.getByRole('radio', { name: 'Lossless' });
  await expect(palette, 'palette is the default in Compress').toBeChecked();
  await expect(page.getByText(/smooth gradients can show visible banding/)).toBeVisible();
  // Compare encoder outputs, not the original kept when a result is larger.
  await page.getByLabel('Keep the original when the result is larger').uncheck();

  const indexed = await compressOne(page, input, dir);
  const chunks = pngChunks(indexed);
  expect(chunks.every((c) => c.crcOk), 'every chunk CRC').toBe(true);
  expect(chunks[0]?.type).toBe('IHDR');
  expect(chunks.at(-1)?.type).toBe('IEND');
  const ihdr = chunks[0]?.data;
  expect(ihdr?.readUInt32BE(0)).toBe(640);
  expect(ihdr?.readUInt32BE(4)).toBe(400);
  expect(ihdr?.[9], 'colour type 3: indexed colour').toBe(3);
  const plte = chunks.find((c) => c.type === 'PLTE');
  expect(plte, 'a PLTE chunk').toBeDefined();
  expect((plte?.data.length ?? 0) % 3).toBe(0);
  expect((plte?.data.length ?? 0) / 3).toBeLessThanOrEqual(256);
  expect(chunks.findIndex((c) => c.type === 'PLTE')).toBeLessThan(chunks.findIndex((c) => c.type === 'IDAT'));
  const decoded = await sharp(indexed).metadata();
  expect(decoded).toMatchObject({ format: 'png', width: 640, height: 400, isPalette: true });

  await page.getByRole('button', { name: 'Clear list', exact: true }).click();
  await lossless.check();
  await expect(page.getByText(/Every pixel is kept exactly/)).toBeVisible();
  const full = await compressOne(page, input, dir);
  expect(pngChunks(full)[0]?.data[9], 'lossless keeps truecolour').not.toBe(3);
  const [a, b] = await Promise.all([sharp(full).ensureAlpha().raw().toBuffer(), sharp(input).ensureAlpha().raw().toBuffer()]);
  expect(a.equals(b), 'lossless output has the input pixels').toBe(true);
  console.log(`palette PNG ${indexed.length} B (${(plte?.data.length ?? 0) / 3} colours), lossless ${full.length} B, input ${input.length} B`);
  expect(indexed.length).toBeLessThan(full.length);
});
