/**
 * Helpers for driving the image engine on /lab/ (window.imglioEngine) and
 * checking its output in Node: sharp for JPEG/PNG/WebP/AVIF, jSquash's own
 * decoders (wasm compiled from node_modules) for JPEG XL and QOI.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import sharp from 'sharp';
import { expect, type Page } from '@playwright/test';
import type { ProcessRequest, ProcessResult } from '../../src/core/types.ts';
import { baseUrl, waitForPrefetch } from './support.ts';

export type JobRequest = Omit<ProcessRequest, 'input'>;
export type JobOutcome =
  | { ok: true; result: Omit<ProcessResult, 'output'>; output: Buffer }
  | { ok: false; code: string; message: string };

/** Opens /lab/; its engine is ready once the page's prefetch is done (it imports the engine only then). */
export async function openLab(page: Page): Promise<void> {
  await page.goto(`${baseUrl()}/lab/`);
  expect(await waitForPrefetch(page)).toBe('done');
  await expect(page.locator('[data-engine-ready="true"]')).toBeVisible();
}

/** A w×h RGBA gradient whose left half fades to fully transparent (PNG bytes). */
export async function gradientPng(width = 64, height = 48, { transparent = true } = {}): Promise<Buffer> {
  const raw = Buffer.alloc(width * height * 4);
  for (let y = 0; y < height; y += 1) {
    for (let x = 0; x < width; x += 1) {
      const i = (y * width + x) * 4;
      raw[i] = Math.round((255 * x) / (width - 1));
      raw[i + 1] = Math.round((255 * y) / (height - 1));
      raw[i + 2] = 128;
      raw[i + 3] = transparent && x < width / 2 ? 0 : 255;
    }
  }
  return sharp(raw, { raw: { width, height, channels: 4 } }).png().toBuffer();
}

/** Runs jobs concurrently in the page; each settles on its own. */
export async function runJobs(page: Page, input: Buffer, requests: JobRequest[], abortAfterMs?: number[]): Promise<JobOutcome[]> {
  const settled = await page.evaluate(
    async ({ base64, requests, abortAfterMs }) => {
      const engine = window.imglioEngine;
      if (!engine) throw new Error('window.imglioEngine is missing');
      const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
      const toBase64 = (buffer: ArrayBuffer) => {
        const view = new Uint8Array(buffer);
        let text = '';
        for (let i = 0; i < view.length; i += 0x8000) text += String.fromCharCode(...view.subarray(i, i + 0x8000));
        return btoa(text);
      };
      return Promise.all(
        requests.map(async (request, index) => {
          const controller = new AbortController();
          const delay = abortAfterMs?.[index];
          if (delay !== undefined && delay >= 0) setTimeout(() => controller.abort(), delay);
          try {
            const { output, ...result } = await engine.process({ ...request, input: bytes.slice().buffer }, { signal: controller.signal });
            return { ok: true as const, result, output: toBase64(output) };
          } catch (error) {
            const { code, message } = error as { code?: string; message?: string };
            return { ok: false as const, code: String(code), message: String(message) };
          }
        }),
      );
    },
    { base64: input.toString('base64'), requests, abortAfterMs },
  );
  return settled.map((outcome) => (outcome.ok ? { ...outcome, output: Buffer.from(outcome.output, 'base64') } : outcome));
}

export async function runJob(page: Page, input: Buffer, request: JobRequest): Promise<Extract<JobOutcome, { ok: true }>> {
  const [outcome] = await runJobs(page, input, [request]);
  if (!outcome?.ok) throw new Error(`job failed: ${JSON.stringify(outcome)}`);
  return outcome;
}

export interface DecodedOutput {
  format: string;
  width: number;
  height: number;
  /** RGBA pixels. */
  data: Uint8Array;
}

const require = createRequire(import.meta.url);
const jsquashDir = (name: string) => dirname(require.resolve(`@jsquash/${name}/package.json`));

async function jsquashDecoder(name: 'jxl' | 'qoi', wasmFile: string): Promise<(bytes: ArrayBuffer) => Promise<{ data: Uint8ClampedArray; width: number; height: number }>> {
  // jSquash's decoders build their result with the DOM's ImageData.
  (globalThis as { ImageData?: unknown }).ImageData ??= class {
    constructor(readonly data: Uint8ClampedArray, readonly width: number, readonly height: number) {}
  };
  const codec = (await import(join(jsquashDir(name), 'decode.js'))) as { init: (m: WebAssembly.Module) => Promise<unknown>; default: (b: ArrayBuffer) => Promise<{ data: Uint8ClampedArray; width: number; height: number }> };
  await codec.init(await WebAssembly.compile(readFileSync(join(jsquashDir(name), 'codec', 'dec', wasmFile))));
  return codec.default;
}

/** Decodes any format the engine writes, checking the magic bytes for the ones sharp cannot read. */
export async function decodeOutput(output: Buffer): Promise<DecodedOutput> {
  const bytes = output.buffer.slice(output.byteOffset, output.byteOffset + output.byteLength) as ArrayBuffer;
  if (output.subarray(0, 4).toString('latin1') === 'qoif') {
    const image = await (await jsquashDecoder('qoi', 'qoi_dec.wasm'))(bytes);
    return { format: 'qoi', width: image.width, height: image.height, data: new Uint8Array(image.data.buffer) };
  }
  const jxlCodestream = output[0] === 0xff && output[1] === 0x0a;
  const jxlContainer = output.subarray(4, 8).toString('latin1') === 'JXL ';
  if (jxlCodestream || jxlContainer) {
    const image = await (await jsquashDecoder('jxl', 'jxl_dec.wasm'))(bytes);
    return { format: 'jxl', width: image.width, height: image.height, data: new Uint8Array(image.data.buffer) };
  }
  const image = sharp(output);
  const meta = await image.metadata();
  const { data, info } = await image.ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  const format = meta.format === 'heif' ? (meta.compression === 'av1' ? 'avif' : 'heif') : String(meta.format);
  return { format, width: info.width, height: info.height, data: new Uint8Array(data) };
}

export function pixelAt(image: DecodedOutput, x: number, y: number): number[] {
  const i = (y * image.width + x) * 4;
  return [...image.data.subarray(i, i + 4)];
}
