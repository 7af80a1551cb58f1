/** Helpers for the decode/metadata end-to-end tests: many inputs per page, inspect and strip. */
import type { Page } from '@playwright/test';
import type { MetadataReport, StripResult } from '../../src/core/types.ts';
import type { JobOutcome, JobRequest } from './engine-support.ts';
import { decodeOutput, pixelAt, type DecodedOutput } from './engine-support.ts';

type EngineCall = { kind: 'process'; input: Buffer; request: JobRequest } | { kind: 'inspect' | 'strip'; input: Buffer };
type CallOutcome = { ok: true; value: unknown; output?: Buffer } | { ok: false; code: string; message: string };

/** Runs engine calls concurrently in the page, each with its own input; each settles on its own. */
async function callEngine(page: Page, calls: EngineCall[]): Promise<CallOutcome[]> {
  const settled = await page.evaluate(async (calls) => {
    const engine = window.imglioEngine;
    if (!engine) throw new Error('window.imglioEngine is missing');
    const fromBase64 = (text: string) => Uint8Array.from(atob(text), (c) => c.charCodeAt(0)).buffer;
    const toBase64 = (buffer: ArrayBuffer) => {
      const view = new Uint8Array(buffer);
      let text = '';
      for (let i = 0; i < view.length; i += 0x8000) text += String.fromCharCode(...view.subarray(i, i + 0x8000));
      return btoa(text);
    };
    return Promise.all(
      calls.map(async (call) => {
        try {
          const input = fromBase64(call.input);
          if (call.kind === 'inspect') return { ok: true as const, value: await engine.inspect(input) };
          if (call.kind === 'strip') {
            const { output, ...rest } = await engine.strip(input);
            return { ok: true as const, value: rest, output: toBase64(output) };
          }
          const { output, ...rest } = await engine.process({ ...((call as { request: object }).request), input } as Parameters<typeof engine.process>[0]);
          return { ok: true as const, value: rest, output: toBase64(output) };
        } catch (error) {
          const { code, message } = error as { code?: string; message?: string };
          return { ok: false as const, code: String(code), message: String(message) };
        }
      }),
    );
  }, calls.map((call) => ({ ...call, input: call.input.toString('base64') })));
  return settled.map((outcome) => (outcome.ok && outcome.output !== undefined ? { ...outcome, output: Buffer.from(outcome.output, 'base64') } : (outcome as CallOutcome)));
}

export async function processMany(page: Page, jobs: Array<{ input: Buffer; request: JobRequest }>): Promise<JobOutcome[]> {
  const outcomes = await callEngine(page, jobs.map((job) => ({ kind: 'process' as const, ...job })));
  return outcomes.map((outcome) => (outcome.ok ? { ok: true as const, result: outcome.value as Extract<JobOutcome, { ok: true }>['result'], output: outcome.output as Buffer } : outcome));
}

export async function inspect(page: Page, input: Buffer): Promise<MetadataReport> {
  const [outcome] = await callEngine(page, [{ kind: 'inspect', input }]);
  if (!outcome?.ok) throw new Error(`inspect failed: ${JSON.stringify(outcome)}`);
  return outcome.value as MetadataReport;
}

export async function strip(page: Page, input: Buffer): Promise<{ result: Omit<StripResult, 'output'>; output: Buffer }> {
  const [outcome] = await callEngine(page, [{ kind: 'strip', input }]);
  if (!outcome?.ok || !outcome.output) throw new Error(`strip failed: ${JSON.stringify(outcome)}`);
  return { result: outcome.value as Omit<StripResult, 'output'>, output: outcome.output };
}

const near = (actual: number[], expected: readonly number[], tolerance: number) => expected.every((value, i) => Math.abs((actual[i] ?? -999) - value) <= tolerance);

/**
 * The upright test picture (tests/support/image-fixtures.ts): 24 × 32, top-left
 * green, top-right red, bottom blue. Returns what was wrong, or [] when upright.
 */
export function uprightProblems(image: DecodedOutput, tolerance = 48): string[] {
  const problems: string[] = [];
  if (image.width !== 24 || image.height !== 32) problems.push(`size ${image.width} × ${image.height}, expected 24 × 32`);
  else {
    const probes: Array<[string, number, number, number[]]> = [
      ['top-left (green)', 5, 7, [0, 200, 0]],
      ['top-right (red)', 18, 7, [230, 0, 0]],
      ['bottom (blue)', 12, 26, [0, 0, 230]],
    ];
    for (const [where, x, y, colour] of probes) {
      const pixel = pixelAt(image, x, y).slice(0, 3);
      if (!near(pixel, colour, tolerance)) problems.push(`${where} is rgb(${pixel.join(', ')})`);
    }
  }
  return problems;
}

export { decodeOutput };
