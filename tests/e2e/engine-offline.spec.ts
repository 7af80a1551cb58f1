/**
 * Offline right after load: once the page's prefetch is done (which is when
 * /lab/ says the engine is ready), the network is cut before any file is
 * added. Every encoder, every decoder and every edit path must still work,
 * including in workers started after the cut (fresh, replaced after a job,
 * restarted after idling) and the threaded builds' pthread workers.
 */
import { expect, test, type Page } from '@playwright/test';
import type { ProcessRequest } from '../../src/core/types.ts';
import { decodeOutput, gradientPng, openLab } from './engine-support.ts';
import { everyInput } from './prefetch-support.ts';

type Call =
  | { kind: 'process'; input: string; request: Omit<ProcessRequest, 'input'>; label: string }
  | { kind: 'inspect' | 'strip'; input: string; label: string };
type Outcome = { label: string; ok: true; format?: string; output?: string } | { label: string; ok: false; message: string };

/** Runs calls in the page on a pool of its own; with `concurrent`, all at once (a batch), else one after another. */
async function runOnPool(page: Page, calls: Call[], options: { recyclePixels?: number; idleMs?: number }, concurrent = false): Promise<Outcome[]> {
  return page.evaluate(async ({ calls, options, concurrent }) => {
    const create = window.imglioCreateEngine;
    if (!create) throw new Error('window.imglioCreateEngine is missing');
    const pool = create(options);
    const fromBase64 = (text: string) => Uint8Array.from(atob(text), (c) => c.charCodeAt(0)).buffer;
    const toBase64 = (buffer: ArrayBuffer) => {
      const view = new Uint8Array(buffer);
      let text = '';
      for (let i = 0; i < view.length; i += 0x8000) text += String.fromCharCode(...view.subarray(i, i + 0x8000));
      return btoa(text);
    };
    const run = async (call: (typeof calls)[number]) => {
      try {
        const input = fromBase64(call.input);
        if (call.kind === 'inspect') {
          await pool.inspect(input);
          return { label: call.label, ok: true as const };
        }
        if (call.kind === 'strip') {
          const { output } = await pool.strip(input);
          return { label: call.label, ok: true as const, output: toBase64(output) };
        }
        const { output, format } = await pool.process({ ...(call as { request: object }).request, input } as Parameters<typeof pool.process>[0]);
        return { label: call.label, ok: true as const, format, output: toBase64(output) };
      } catch (error) {
        return { label: call.label, ok: false as const, message: String((error as { message?: string }).message ?? error) };
      }
    };
    try {
      if (concurrent) return await Promise.all(calls.map(run));
      const outcomes = [];
      for (const call of calls) {
        outcomes.push(await run(call));
        // Let an idle timeout of a few ms stop the worker, so the next call starts a new one.
        if (options.idleMs !== undefined) await new Promise((resolve) => setTimeout(resolve, options.idleMs! * 4));
      }
      return outcomes;
    } finally {
      pool.terminate();
    }
  }, { calls, options, concurrent });
}

test('offline right after the prefetch: every encoder, decoder and edit path works, in workers started after the cut', async ({ page, context }) => {
  test.setTimeout(240_000);
  await openLab(page);
  await expect(page.locator('html')).toHaveAttribute('data-imglio-prefetch', 'done');
  const encoders = await page.evaluate(() => (window.imglioEncoders ?? []).map((encoder) => encoder.format));
  expect(encoders).toEqual(['jpeg', 'png', 'webp', 'avif', 'jxl', 'qoi']);
  const png = (await gradientPng(48, 32)).toString('base64');
  const inputs = await everyInput();
  const b64 = (key: string) => (inputs[key]?.buffer as Buffer).toString('base64');

  await context.setOffline(true);
  try {
    const encodeAll: Call[] = encoders.map((format) => ({ kind: 'process', input: png, label: `PNG → ${format}`, request: { name: 'a.png', output: { format } } }));
    const decodeAll: Call[] = ['jpeg', 'webp', 'tiff', 'heic', 'jxl', 'qoi', 'svg'].map((key) => ({ kind: 'process', input: b64(key), label: `${key} → PNG`, request: { name: inputs[key]?.name ?? key, output: { format: 'png' } } }));
    const edits: Call[] = [
      { kind: 'process', input: png, label: 'PNG palette reduction (libimagequant)', request: { name: 'a.png', output: { format: 'png', codecOptions: { reducePalette: true, colours: 16 } } } },
      ...(['lanczos3', 'mitchell', 'hqx', 'native'] as const).map((method): Call => ({ kind: 'process', input: png, label: `resize ${method}`, request: { name: 'a.png', output: { format: 'webp' }, edits: { resize: { width: method === 'hqx' ? 96 : 24, height: method === 'hqx' ? 64 : 16, fit: 'fill', method, allowEnlarge: true } } } })),
      { kind: 'process', input: png, label: 'JPEG by target size', request: { name: 'a.png', output: { format: 'jpeg' }, smart: { kind: 'target-size', maxBytes: 2000 } } },
      { kind: 'process', input: png, label: 'WebP by similarity', request: { name: 'a.png', output: { format: 'webp' }, smart: { kind: 'target-similarity', minSsim: 0.9 } } },
      { kind: 'inspect', input: b64('heic'), label: 'inspect HEIC' },
      { kind: 'strip', input: b64('jpeg'), label: 'strip JPEG' },
      { kind: 'strip', input: b64('tiff'), label: 'strip TIFF (re-encoded)' },
    ];

    // A worker replaced after every job (recyclePixels 0): each call runs in a worker started offline.
    const replaced = await runOnPool(page, [...encodeAll, ...decodeAll, ...edits], { recyclePixels: 0 });
    // Workers stopped by their idle timeout between calls, so each call starts one anew.
    const restarted = await runOnPool(page, encodeAll, { idleMs: 20 });
    // A batch of AVIFs runs the single-threaded build side by side; a lone AVIF and JPEG XL run threaded.
    const batch = await runOnPool(page, [0, 1, 2].map((i) => ({ kind: 'process', input: png, label: `AVIF batch ${i}`, request: { name: `${i}.png`, output: { format: 'avif', codecOptions: { speed: 9 } } } })), {}, true);

    for (const outcome of [...replaced, ...restarted, ...batch]) expect(outcome, outcome.label).toMatchObject({ ok: true });
    for (const outcome of [...replaced.slice(0, encoders.length), ...restarted]) {
      if (!outcome.ok || !outcome.output) continue;
      const decoded = await decodeOutput(Buffer.from(outcome.output, 'base64'));
      expect(decoded.format, outcome.label).toBe(outcome.format);
    }
    console.log(`offline after the prefetch: ${replaced.length} calls in replaced workers, ${restarted.length} in restarted ones, an AVIF batch of ${batch.length}; all succeeded`);
  } finally {
    await context.setOffline(false);
  }
});
