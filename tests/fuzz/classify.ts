/**
 * What one fuzz input's result means: converted, failed with a specific
 * message, failed with a generic one (library internals leaking to the
 * user), hang, tab crash, good file rejected, or converted into something
 * wrong. Pure; used by the runner and its report.
 */
import type { ImageErrorCode } from '../../src/core/types.ts';
import type { FuzzInput } from './generate.ts';

export const OUTCOMES = ['converted', 'failed-specific', 'failed-generic', 'hang', 'tab-crash', 'good-file-rejected', 'wrong-output'] as const;
export type Outcome = (typeof OUTCOMES)[number];
/** Outcomes that fail the run. */
export const FAILING_OUTCOMES: readonly Outcome[] = ['failed-generic', 'hang', 'tab-crash', 'good-file-rejected', 'wrong-output'];

/** The engine's error codes; typed so a code added to ImageErrorCode must be added here too. */
const CODES: Record<ImageErrorCode, true> = {
  empty: true, 'not-an-image': true, unsupported: true, corrupt: true, 'too-large': true, 'too-large-for-format': true, timeout: true,
  'out-of-memory': true, 'invalid-options': true, 'encode-failed': true, 'worker-crashed': true, aborted: true,
};
const KNOWN_CODES = new Set<string>(Object.keys(CODES));

export type GenericPredicate = (message: string) => boolean;

export interface RawResult {
  readonly ok: boolean;
  readonly hang?: boolean;
  readonly crash?: boolean;
  readonly code?: string;
  readonly message?: string;
  readonly format?: string;
  readonly width?: number;
  readonly height?: number;
  readonly bytes?: number;
  /** The output's first bytes (hex), to check its signature. */
  readonly head?: string;
}

const SIGNATURES: Record<string, (head: Buffer) => boolean> = {
  png: (h) => h.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])),
  jpeg: (h) => h[0] === 0xff && h[1] === 0xd8,
  webp: (h) => h.toString('latin1', 0, 4) === 'RIFF' && h.toString('latin1', 8, 12) === 'WEBP',
  avif: (h) => h.toString('latin1', 4, 8) === 'ftyp',
  jxl: (h) => (h[0] === 0xff && h[1] === 0x0a) || h.toString('latin1', 4, 8) === 'JXL ',
  qoi: (h) => h.toString('latin1', 0, 4) === 'qoif',
  gif: (h) => h.toString('latin1', 0, 3) === 'GIF',
  tiff: (h) => h.toString('latin1', 0, 2) === 'II' || h.toString('latin1', 0, 2) === 'MM',
};

/** Why a conversion's output is wrong, or null when it looks right. */
export function outputProblem(input: Pick<FuzzInput, 'output' | 'size' | 'expect'>, raw: RawResult): string | null {
  if (!raw.bytes || raw.bytes <= 0) return 'the output is empty';
  if (!raw.width || !raw.height) return `the output is ${raw.width} × ${raw.height}`;
  if (input.output !== 'same' && raw.format !== input.output) return `asked for ${input.output}, got ${raw.format}`;
  const check = raw.format ? SIGNATURES[raw.format] : undefined;
  if (check && !check(Buffer.from(raw.head ?? '', 'hex'))) return `the output does not start with a ${raw.format} signature`;
  if (input.expect === 'valid' && input.size && (raw.width !== input.size.width || raw.height !== input.size.height)) {
    return `expected ${input.size.width} × ${input.size.height}, got ${raw.width} × ${raw.height}`;
  }
  return null;
}

export function classify(input: Pick<FuzzInput, 'output' | 'size' | 'expect'>, raw: RawResult, isGeneric: GenericPredicate): { outcome: Outcome; detail?: string } {
  if (raw.crash) return { outcome: 'tab-crash' };
  if (raw.hang) return { outcome: 'hang' };
  if (raw.ok) {
    const problem = outputProblem(input, raw);
    return problem ? { outcome: 'wrong-output', detail: problem } : { outcome: 'converted' };
  }
  if (input.expect === 'valid') return { outcome: 'good-file-rejected' };
  const message = raw.message ?? '';
  if (!raw.code || !KNOWN_CODES.has(raw.code)) return { outcome: 'failed-generic', detail: `unknown error code "${raw.code}"` };
  return isGeneric(message) ? { outcome: 'failed-generic' } : { outcome: 'failed-specific' };
}
