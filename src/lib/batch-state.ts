/**
 * What a row of the batch shows, as plain data, and the batch-wide counts.
 * The batch controller (src/batch/controller.ts) owns the items and hands out
 * these as immutable snapshots; the Blobs, Files and AbortControllers stay inside it.
 */
import type { ImageFormat } from '../core/formats.ts';
import type { MetadataReport } from '../core/types.ts';
import type { ToolSettings } from './tool-settings.ts';

/** What the file's current job is doing (a row may still show an older, out-of-date result meanwhile). */
export type ItemStatus = 'queued' | 'working' | 'done' | 'failed' | 'cancelled';

export interface ItemResult {
  readonly fileName: string;
  readonly bytes: number;
  /** The format written, as the engine reported it (never worked back out from the MIME type). */
  readonly format: ImageFormat;
  readonly mime: string;
  readonly width: number;
  readonly height: number;
  readonly inputWidth: number;
  readonly inputHeight: number;
  /** One sentence on what happened, e.g. "Kept the original: the result was larger." */
  readonly note?: string;
  /** Metadata tool: what the file carried before cleaning. */
  readonly report?: MetadataReport;
}

/** One row of the batch: an immutable snapshot, replaced (never changed) when anything about it changes. */
export interface BatchItem {
  readonly id: number;
  readonly name: string;
  readonly bytes: number;
  readonly status: ItemStatus;
  /** The last result made; kept while the file is processed again (then `stale`) and after a failed re-run. */
  readonly result?: ItemResult | undefined;
  /** Object URL of the result's bytes (the Download link); lives as long as the result does. */
  readonly outputUrl?: string | undefined;
  /** The result's file name, unique within the batch. */
  readonly downloadName?: string | undefined;
  readonly thumbnailUrl?: string | undefined;
  /** The result was made with settings that have changed since: it is out of date until its replacement arrives. */
  readonly stale: boolean;
  /** Per-file settings over the batch's settings. */
  readonly override?: Partial<ToolSettings> | undefined;
  readonly error?: string | undefined;
  /** Failed because of the file itself (not a setting): re-processing will not help. */
  readonly permanent: boolean;
  /** "Retry failed" would run it again with a chance of success (a timeout, a crash, a cancelled job). */
  readonly retryable: boolean;
  /** The current result was saved (its link, or Download all). */
  readonly downloaded: boolean;
}

export interface BatchSummary {
  readonly total: number;
  readonly queued: number;
  readonly working: number;
  readonly done: number;
  readonly failed: number;
  readonly cancelled: number;
  /** Files "Retry failed" would run again. */
  readonly retryable: number;
  /** Rows showing a result that is out of date. */
  readonly stale: number;
  /** Rows with a result to download (current or out of date). */
  readonly downloadable: number;
  /** Rows whose result was not downloaded: lost if the page goes away. */
  readonly notDownloaded: number;
  /** Sizes of the rows with a current result. */
  readonly inputBytes: number;
  readonly outputBytes: number;
}

export function summarize(items: readonly BatchItem[]): BatchSummary {
  const count = (test: (item: BatchItem) => boolean): number => items.reduce((n, item) => (test(item) ? n + 1 : n), 0);
  const done = items.filter((item) => item.status === 'done' && item.result);
  return {
    total: items.length,
    queued: count((item) => item.status === 'queued'),
    working: count((item) => item.status === 'working'),
    done: count((item) => item.status === 'done'),
    failed: count((item) => item.status === 'failed'),
    cancelled: count((item) => item.status === 'cancelled'),
    retryable: count((item) => item.retryable),
    stale: count((item) => item.stale && item.result !== undefined),
    downloadable: count((item) => item.result !== undefined && item.outputUrl !== undefined),
    notDownloaded: count((item) => item.result !== undefined && !item.downloaded),
    inputBytes: done.reduce((sum, item) => sum + item.bytes, 0),
    outputBytes: done.reduce((sum, item) => sum + (item.result?.bytes ?? 0), 0),
  };
}
