/**
 * SVG through the real engine on /lab/: rendered by resvg (WebAssembly) in the
 * image worker. A <use> bomb is refused by the pre-scan while the rest of the
 * batch converts, a heavy drawing leaves the page responsive and can be
 * cancelled, and the files the old main-thread path refused (foreignObject,
 * UTF-16, a long comment before the root, ">" in an attribute) convert.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { readCollected } from '../support/collector.ts';
import { uprightSvg } from '../support/image-fixtures.ts';
import { processMany, uprightProblems } from './decode-support.ts';
import { decodeOutput, openLab, pixelAt } from './engine-support.ts';
import { baseUrl, env, watchPage } from './support.ts';
import { expectNothingNewAfterPrefetch, openTool } from './tools-support.ts';

const toPng = { name: 'drawing.svg', output: { format: 'png' as const } };
const NS = 'xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"';

/** The issue's file: 2 KB, eight levels of ten <use> each, 10^8 rectangles. */
function useBomb(): Buffer {
  let defs = '<rect id="l0" width="1" height="1"/>';
  for (let level = 1; level <= 8; level += 1) defs += `<g id="l${level}">${`<use href="#l${level - 1}"/>`.repeat(10)}</g>`;
  return Buffer.from(`<svg ${NS} width="100" height="100"><defs>${defs}</defs><use href="#l8"/></svg>`);
}

/** Within the pre-scan's limits but seconds of work for the renderer: 40 000 translucent circles. */
function heavySvg(): Buffer {
  const shapes: string[] = [];
  for (let i = 0; i < 40_000; i += 1) shapes.push(`<circle cx="${(i * 7) % 1000}" cy="${(i * 13) % 1000}" r="${3 + (i % 10)}" fill-opacity="0.3"/>`);
  return Buffer.from(`<svg ${NS} width="1000" height="1000">${shapes.join('')}</svg>`);
}

const utf16 = (text: string, order: 'le' | 'be'): Buffer => {
  const le = Buffer.from(`\ufeff${text}`, 'utf16le');
  return order === 'le' ? le : le.swap16();
};

test.describe('SVG in the worker', () => {
  test('a <use> bomb fails alone with a specific message while another file converts', async ({ page }) => {
    await openLab(page);
    expect(useBomb().length).toBeLessThan(2048);
    const [bomb, good] = await processMany(page, [
      { input: useBomb(), request: toPng },
      { input: uprightSvg(), request: toPng },
    ]);
    expect(bomb).toMatchObject({ ok: false, code: 'too-large' });
    if (bomb?.ok === false) expect(bomb.message).toMatch(/refused before rendering: its references .* would draw about [\d,]+ elements \(limit [\d,]+\), a "use bomb"/);
    if (!good?.ok) throw new Error(JSON.stringify(good));
    expect(uprightProblems(await decodeOutput(good.output))).toEqual([]);
  });

  test('a heavy drawing renders off the main thread: the page answers while it runs, and cancelling stops it', async ({ page }) => {
    test.setTimeout(180_000);
    await openLab(page);
    const heavy = heavySvg().toString('base64');
    await page.evaluate((input) => {
      const engine = window.imglioEngine;
      if (!engine) throw new Error('window.imglioEngine is missing');
      const bytes = Uint8Array.from(atob(input), (c) => c.charCodeAt(0));
      const state = window as unknown as { __heavy: string; __cancelled: string; __cancel: AbortController };
      state.__heavy = 'running';
      state.__cancelled = 'running';
      engine.process({ input: bytes.slice().buffer, name: 'heavy.svg', output: { format: 'png' } }).then(
        () => (state.__heavy = 'done'),
        (error: { code?: string }) => (state.__heavy = `failed: ${String(error.code)}`),
      );
      state.__cancel = new AbortController();
      engine.process({ input: bytes.buffer, name: 'cancelled.svg', output: { format: 'png' } }, { signal: state.__cancel.signal }).then(
        () => (state.__cancelled = 'done'),
        (error: { code?: string }) => (state.__cancelled = String(error.code)),
      );
    }, heavy);
    // Round trips through the page's main thread are answered while both renders are still running.
    const answeredWhileRunning = await page.evaluate(() => (window as unknown as { __heavy: string }).__heavy);
    expect(answeredWhileRunning).toBe('running');
    await page.evaluate(() => (window as unknown as { __cancel: AbortController }).__cancel.abort());
    await expect.poll(() => page.evaluate(() => (window as unknown as { __cancelled: string }).__cancelled)).toBe('aborted');
    await expect.poll(() => page.evaluate(() => (window as unknown as { __heavy: string }).__heavy), { timeout: 120_000 }).toBe('done');
  });

  test('an SVG with <foreignObject> converts; the HTML part is named as not drawn', async ({ page }) => {
    await openLab(page);
    const diagram = Buffer.from(
      `<svg ${NS} width="40" height="20"><rect width="40" height="20" fill="rgb(0,0,230)"/>` +
        '<foreignObject x="0" y="0" width="40" height="20"><div xmlns="http://www.w3.org/1999/xhtml">Label</div></foreignObject></svg>',
    );
    const [outcome] = await processMany(page, [{ input: diagram, request: toPng }]);
    if (!outcome?.ok) throw new Error(JSON.stringify(outcome));
    expect(outcome.result).toMatchObject({ width: 40, height: 20, inputFormat: 'svg' });
    expect(outcome.result.notes?.join(' ')).toMatch(/Not drawn: one <foreignObject>/);
    expect(pixelAt(await decodeOutput(outcome.output), 20, 10).slice(0, 3)).toEqual([0, 0, 230]);
  });

  test('UTF-16 (LE and BE, with a BOM) and a long comment and DOCTYPE before the root convert', async ({ page }) => {
    await openLab(page);
    const picture = uprightSvg().toString('utf8').replace('<?xml version="1.0"?>', '<?xml version="1.0" encoding="UTF-16"?>');
    const prolog = `<?xml version="1.0"?>\n<!-- ${'generated by a diagram tool; '.repeat(4000)} -->\n<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">\n`;
    const inputs = [utf16(picture, 'le'), utf16(picture, 'be'), Buffer.from(prolog + uprightSvg().toString('utf8').replace('<?xml version="1.0"?>\n', ''))];
    expect(inputs[2]?.length).toBeGreaterThan(100_000);
    const outcomes = await processMany(page, inputs.map((input) => ({ input, request: toPng })));
    for (const [index, outcome] of outcomes.entries()) {
      if (!outcome?.ok) throw new Error(`input ${index}: ${JSON.stringify(outcome)}`);
      expect(outcome.result.inputFormat).toBe('svg');
      expect(uprightProblems(await decodeOutput(outcome.output)), `input ${index}`).toEqual([]);
    }
  });

  test('a ">" inside an attribute value does not change the declared size', async ({ page }) => {
    await openLab(page);
    const svg = Buffer.from(`<svg ${NS} aria-label="a > b" data-note='1>0' width="120" height="80"><rect width="120" height="80" fill="rgb(0,200,0)"/></svg>`);
    const [outcome] = await processMany(page, [{ input: svg, request: toPng }]);
    if (!outcome?.ok) throw new Error(JSON.stringify(outcome));
    expect(outcome.result).toMatchObject({ width: 120, height: 80, inputWidth: 120, inputHeight: 80 });
  });

  test('text is drawn with the bundled font; an image linked by URL is not fetched, and is named as not drawn', async ({ page }) => {
    const problems = await watchPage(page);
    await openLab(page);
    const marker = randomUUID();
    const svg = Buffer.from(
      `<svg ${NS} width="120" height="40"><rect width="120" height="40" fill="white"/>` +
        `<image href="${env('IMGLIO_COLLECTOR_URL')}/${marker}.png" width="10" height="10"/><image xlink:href="${baseUrl()}/${marker}.png" width="10" height="10"/>` +
        '<text x="4" y="30" font-family="Helvetica, sans-serif" font-size="28" fill="black">Imglio</text></svg>',
    );
    const [outcome] = await processMany(page, [{ input: svg, request: toPng }]);
    if (!outcome?.ok) throw new Error(JSON.stringify(outcome));
    expect(outcome.result.notes?.join(' ')).toMatch(/Not drawn: 2 images linked from outside the file.*Text drawn in DejaVu Sans/);
    const image = await decodeOutput(outcome.output);
    let dark = 0;
    for (let i = 0; i < image.data.length; i += 4) if ((image.data[i] ?? 255) < 100) dark += 1;
    // "Imglio" at 28 px covers a few hundred pixels; no text would leave none.
    expect(dark).toBeGreaterThan(200);
    const atNginx = readFileSync(env('IMGLIO_ACCESS_LOG'), 'utf8').split('\n').filter((line) => line.includes(marker));
    const atCollector = readCollected(env('IMGLIO_COLLECTOR_LOG')).filter((entry) => String(entry['url']).includes(marker));
    expect(atNginx, 'requests that reached nginx').toEqual([]);
    expect(atCollector, 'requests that reached the second origin').toEqual([]);
    expect(await problems.violations()).toEqual([]);
  });

  test('resvg draws shapes, gradients, strokes and transparency as Chromium does', async ({ page }) => {
    await openLab(page);
    const drawings = [
      uprightSvg().toString('utf8'),
      `<svg ${NS} width="96" height="64"><defs><linearGradient id="g"><stop offset="0" stop-color="#f00"/><stop offset="1" stop-color="#00f" stop-opacity="0.4"/></linearGradient></defs>` +
        '<rect width="96" height="64" fill="url(#g)"/><circle cx="48" cy="32" r="20" fill="none" stroke="#0a0" stroke-width="6"/>' +
        '<path d="M4 60 L30 8 L56 60 Z" fill="#fc0" fill-opacity="0.6" transform="rotate(-8 30 34)"/></svg>',
      `<svg ${NS} viewBox="0 0 20 10" width="80" height="40"><rect x="1" y="1" width="8" height="8" rx="2" fill="#123456"/><ellipse cx="15" cy="5" rx="4" ry="3" fill="rgba(200,100,0,0.5)"/></svg>`,
    ];
    for (const svg of drawings) {
      const [outcome] = await processMany(page, [{ input: Buffer.from(svg), request: toPng }]);
      if (!outcome?.ok) throw new Error(JSON.stringify(outcome));
      const ours = await decodeOutput(outcome.output);
      const chromium = await renderInChromium(page, svg, ours.width, ours.height);
      let total = 0;
      let worst = 0;
      for (let i = 0; i < ours.data.length; i += 1) {
        const difference = Math.abs((ours.data[i] ?? 0) - (chromium[i] ?? 0));
        total += difference;
        worst = Math.max(worst, difference);
      }
      const mean = total / ours.data.length;
      console.log(`resvg vs Chromium, ${ours.width} × ${ours.height}: mean channel difference ${mean.toFixed(3)}, largest ${worst}`);
      // Anti-aliasing differs a little at edges; a wrong colour, offset or alpha would move the mean by far more.
      expect(mean).toBeLessThan(2);
    }
  });
});

test('on the Convert page, a <use> bomb fails alone with its reason, a diagram converts with its note, and nothing is fetched', async ({ page }) => {
  const log = await openTool(page, 'convert');
  const diagram = Buffer.from(`<svg ${NS} width="40" height="20"><rect width="40" height="20" fill="#36c"/><foreignObject width="40" height="20"><p xmlns="http://www.w3.org/1999/xhtml">Label</p></foreignObject></svg>`);
  await page.getByLabel('Add images', { exact: true }).setInputFiles([
    { name: 'bomb.svg', mimeType: 'image/svg+xml', buffer: useBomb() },
    { name: 'diagram.svg', mimeType: 'image/svg+xml', buffer: diagram },
    { name: 'upright.svg', mimeType: 'image/svg+xml', buffer: uprightSvg() },
  ]);
  // The page's main thread answers while the batch runs.
  expect(await page.evaluate(() => document.querySelectorAll('.result-row').length)).toBe(3);
  await expect(page.locator('.result-row[data-status="done"]')).toHaveCount(2, { timeout: 60_000 });
  const bomb = page.locator('.result-row[data-status="failed"]');
  await expect(bomb).toHaveCount(1);
  await expect(bomb.getByRole('alert')).toHaveText(/refused before rendering.*use bomb/);
  await expect(page.locator('.result-row', { hasText: 'diagram' })).toContainText('Not drawn: one <foreignObject>');
  expectNothingNewAfterPrefetch(log);
});

/** The same SVG drawn by Chromium's own renderer (an <img> on a canvas), as straight RGBA. */
async function renderInChromium(page: Page, svg: string, width: number, height: number): Promise<Uint8Array> {
  const base64 = await page.evaluate(
    async ({ svg, width, height }) => {
      const url = URL.createObjectURL(new Blob([svg], { type: 'image/svg+xml' }));
      const image = new Image();
      image.src = url;
      await image.decode();
      const canvas = new OffscreenCanvas(width, height);
      const context = canvas.getContext('2d');
      if (!context) throw new Error('no canvas');
      context.drawImage(image, 0, 0, width, height);
      URL.revokeObjectURL(url);
      const data = context.getImageData(0, 0, width, height).data;
      let text = '';
      for (let i = 0; i < data.length; i += 0x8000) text += String.fromCharCode(...data.subarray(i, i + 0x8000));
      return btoa(text);
    },
    { svg, width, height },
  );
  return new Uint8Array(Buffer.from(base64, 'base64'));
}
