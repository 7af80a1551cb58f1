/**
 * Does a settings change affect a result already made? Pure, so the batch
 * controller can keep every result the change cannot touch (a quality change
 * leaves PNG rows alone, a new file-name template only renames).
 *
 * The comparison is made on what reaches the engine (planRequest), plus the
 * facts the previous result established (which encoder ran, what the input
 * was). Correct before clever: anything not understood here means "re-run".
 */
import type { ImageFormat } from '../core/formats.ts';
import { planRequest, type EncoderOptionsInfo } from './process-request.ts';
import type { ToolSettings } from './tool-settings.ts';

/** What the previous result of one file established. */
export interface ResultFacts {
  /** The input's sniffed format. */
  readonly inputFormat: ImageFormat;
  /** The encoder the request resolved to (also when the original was kept instead of its output). */
  readonly encoder: ImageFormat;
  /** The original's bytes were returned (keep-original). */
  readonly keptOriginal: boolean;
  /** Whether the input has transparent pixels; absent when not known. */
  readonly inputHasAlpha?: boolean;
}

/** What an encoder's meta says about itself that matters here. */
export interface ImpactEncoderInfo extends EncoderOptionsInfo {
  readonly supportsAlpha?: boolean;
}

export interface ImpactContext {
  readonly mode: 'process' | 'metadata';
  readonly encoders: readonly ImpactEncoderInfo[];
  /** The encoder "Same as input" picks for an input format (the registry's resolveOutputFormat). */
  readonly resolveSame?: (input: ImageFormat) => ImageFormat | undefined;
}

/** 'none': keep the result; 'rename': same bytes, new file name; 'rerun': process the file again. */
export type Impact = 'none' | 'rename' | 'rerun';

/** Settings the engine receives through planRequest (compared there, not here). */
const PLANNED = new Set(['format', 'quality', 'codecOptions', 'smart', 'targetKb', 'targetSimilarity', 'keepOriginalIfSmaller', 'resize', 'metadata', 'background']);
/** The Metadata tool reads only the file-name template and the metadata choice. */
const IGNORED_BY_METADATA_TOOL = new Set(['format', 'quality', 'codecOptions', 'smart', 'targetKb', 'targetSimilarity', 'keepOriginalIfSmaller', 'resize', 'background']);

export function deepEqual(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const keysA = Object.keys(a).filter((key) => (a as Record<string, unknown>)[key] !== undefined);
  const keysB = Object.keys(b).filter((key) => (b as Record<string, unknown>)[key] !== undefined);
  if (keysA.length !== keysB.length) return false;
  return keysA.every((key) => deepEqual((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key]));
}

/** The keys whose values differ between two settings objects (including keys other lanes add). */
export function changedKeys(before: ToolSettings, after: ToolSettings): string[] {
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
  return [...keys].filter((key) => !deepEqual((before as unknown as Record<string, unknown>)[key], (after as unknown as Record<string, unknown>)[key]));
}

/** Does the change from `before` (what the result was made with) to `after` need the file processed again? */
export function settingsImpact(before: ToolSettings, after: ToolSettings, facts: ResultFacts | undefined, context: ImpactContext): Impact {
  const changed = changedKeys(before, after);
  if (changed.length === 0) return 'none';
  let rename = false;
  let planned = false;
  for (const key of changed) {
    if (key === 'filenameTemplate') rename = true;
    else if (context.mode === 'metadata' && IGNORED_BY_METADATA_TOOL.has(key)) continue;
    else if (context.mode === 'process' && PLANNED.has(key)) planned = true;
    else return 'rerun';
  }
  if (planned && processImpact(before, after, facts, context) === 'rerun') return 'rerun';
  return rename ? 'rename' : 'none';
}

function processImpact(before: ToolSettings, after: ToolSettings, facts: ResultFacts | undefined, context: ImpactContext): Impact {
  if (!facts) return 'rerun';
  const old = planRequest(before, context.encoders);
  const next = planRequest(after, context.encoders);
  // Which encoder would run now; undefined when it cannot be known here.
  let encoder: ImageFormat | undefined;
  if (next.output.format !== 'same') encoder = next.output.format;
  else if (context.resolveSame) encoder = context.resolveSame(facts.inputFormat);
  else if (old.output.format === 'same') encoder = facts.encoder;
  if (encoder === undefined || encoder !== facts.encoder) return 'rerun';
  const info = context.encoders.find((candidate) => candidate.format === encoder);
  const { output: oldOutput, ...oldRest } = old;
  const { output: nextOutput, ...nextRest } = next;
  if (!deepEqual(oldOutput.codecOptions, nextOutput.codecOptions)) return 'rerun';
  // Quality is set only on a codec that has a quality option (PNG and QOI have none).
  if (oldOutput.quality !== nextOutput.quality && (!info || info.qualityKey !== undefined)) return 'rerun';
  const keys = new Set([...Object.keys(oldRest), ...Object.keys(nextRest)]);
  for (const key of keys) {
    const a = (oldRest as Record<string, unknown>)[key];
    const b = (nextRest as Record<string, unknown>)[key];
    if (deepEqual(a, b)) continue;
    // The background only fills transparency, and only for an encoder without alpha.
    if (key === 'background' && (info?.supportsAlpha === true || facts.inputFormat === 'jpeg' || facts.inputHasAlpha === false)) continue;
    return 'rerun';
  }
  return 'none';
}
