/**
 * Hostile containers through the real engine (window.imglioEngine on /lab/) in
 * Chromium: each fails alone with a specific message while the good files of
 * the same batch convert; a CMYK TIFF converts with the right colours. The
 * hostile files are made at test time (tests/support/tiff-builder.ts,
 * compressedChunkBombPng), never committed.
 */
import { expect, test } from '@playwright/test';
import { compressedChunkBombPng, uprightImage } from '../support/image-fixtures.ts';
import { CMYK_TIFF_RGB, cmykTiff, selfLoopTiff } from '../support/tiff-builder.ts';
import { decodeOutput, processMany, uprightProblems } from './decode-support.ts';
import { openLab, pixelAt } from './engine-support.ts';
import { watchPage } from './support.ts';

const toPng = { name: 'input', output: { format: 'png' as const } };

test.describe('bounded parsers', () => {
  test('the IFD-loop TIFF and the iCCP-bomb PNG fail alone with specific messages; the rest of the batch converts', async ({ page }) => {
    test.setTimeout(180_000); // making three 1 GiB bombs takes seconds on a busy machine
    const problems = await watchPage(page);
    await openLab(page);
    const inputs = [
      { name: 'IFD self-loop TIFF', input: Buffer.from(selfLoopTiff()) },
      { name: 'good PNG', input: await uprightImage().png().toBuffer() },
      { name: 'iCCP bomb PNG (1 GiB inflated)', input: await compressedChunkBombPng('iCCP') },
      { name: 'good LZW TIFF', input: await uprightImage().tiff({ compression: 'lzw', predictor: 'horizontal' }).toBuffer() },
      { name: 'zTXt bomb PNG (never inflated: converts)', input: await compressedChunkBombPng('zTXt') },
      { name: 'iCCP bomb of zeros (no profile header)', input: await compressedChunkBombPng('iCCP', 1 << 30, 0) },
    ];
    const started = Date.now();
    const outcomes = await processMany(page, inputs.map(({ input }) => ({ input, request: toPng })));
    test.info().annotations.push({ type: 'batch time', description: `${Date.now() - started} ms for ${inputs.length} files` });

    const [loop, goodPng, bomb, goodTiff, textBomb, zeros] = outcomes;
    expect(loop).toMatchObject({ ok: false, code: 'corrupt' });
    expect(loop?.ok === false && loop.message).toMatch(/^This TIFF file is damaged or incomplete: its directory chain loops back on itself/);
    expect(bomb).toMatchObject({ ok: false, code: 'corrupt', message: 'This PNG file is damaged or incomplete: its ICC profile (iCCP chunk) declares 1073741824 bytes, more than the 16 MB allowed.' });
    for (const [name, outcome] of [['good PNG', goodPng], ['good LZW TIFF', goodTiff]] as const) {
      expect(outcome?.ok, `${name}: ${JSON.stringify(outcome)}`).toBe(true);
      if (outcome?.ok) expect(uprightProblems(await decodeOutput(outcome.output)), name).toEqual([]);
    }
    expect(textBomb?.ok, JSON.stringify(textBomb)).toBe(true);
    expect(zeros).toMatchObject({ ok: false, code: 'corrupt', message: 'This PNG file is damaged or incomplete: its ICC profile (iCCP chunk) is not a profile: it declares 0 bytes.' });
    expect(await problems.violations()).toEqual([]);
  });

  test('a CMYK TIFF converts with the right colours (it failed with "window is not defined")', async ({ page }) => {
    await openLab(page);
    const [outcome] = await processMany(page, [{ input: Buffer.from(cmykTiff()), request: toPng }]);
    if (!outcome?.ok) throw new Error(JSON.stringify(outcome));
    expect(outcome.result).toMatchObject({ inputFormat: 'tiff', width: 4, height: 2, format: 'png' });
    const image = await decodeOutput(outcome.output);
    const colours = CMYK_TIFF_RGB.map((_, i) => pixelAt(image, i % 4, Math.floor(i / 4)).slice(0, 3));
    expect(colours).toEqual(CMYK_TIFF_RGB);
  });

  test('the Metadata tool refuses the looping TIFF and the iCCP bomb with the same messages', async ({ page }) => {
    await openLab(page);
    const results = await page.evaluate(async (inputs) => {
      const engine = window.imglioEngine;
      if (!engine) throw new Error('window.imglioEngine is missing');
      return Promise.all(inputs.map(async (base64) => {
        try {
          await engine.inspect(Uint8Array.from(atob(base64), (c) => c.charCodeAt(0)).buffer);
          return 'accepted';
        } catch (error) {
          return String((error as Error).message);
        }
      }));
    }, [Buffer.from(selfLoopTiff()).toString('base64'), (await compressedChunkBombPng('iCCP')).toString('base64')]);
    expect(results[0]).toMatch(/^This TIFF file is damaged or incomplete: its directory chain loops back on itself/);
    expect(results[1]).toBe('This PNG file is damaged or incomplete: its ICC profile (iCCP chunk) declares 1073741824 bytes, more than the 16 MB allowed.');
  });
});
