/**
 * The batch of a tool page, outside Preact: the files, their jobs (one
 * AbortController each, at most `concurrency` at once), their results (Blob +
 * object URL) and the settings each result was made with. Views read it through
 * subscribe/getSnapshot (an immutable snapshot, the same object until something
 * changes), so a hook, the live view and the editor all see one truth.
 *
 * A settings change (debounced) re-runs only the files whose result depends on
 * it (src/lib/settings-impact.ts); their old results stay downloadable, marked
 * `stale`, until the new ones replace them. An old object URL is revoked only
 * after its replacement exists, and a little later, so a link being clicked
 * while the view re-renders still works.
 *
 * Everything from the outside world is injected (the engine call, URLs, timers,
 * the clock), so the unit test drives it with a fake engine and fake timers.
 */
import { baseName, assignUniqueNames, renderFileName } from '../lib/filename-template.ts';
import { changedKeys, settingsImpact, type ImpactContext, type ResultFacts } from '../lib/settings-impact.ts';
import { summarize, type BatchItem, type BatchSummary, type ItemResult, type ItemStatus } from '../lib/batch-state.ts';
import type { ToolSettings } from '../lib/tool-settings.ts';

/** What one job hands back. `facts` lets a later settings change keep the result or only rename it. */
export interface JobOutput {
  readonly result: ItemResult;
  readonly blob: Blob;
  readonly facts?: (ResultFacts & { readonly extension: string }) | undefined;
}

/** How a failure is described (run-job.ts describeFailure). */
export interface JobFailureInfo {
  readonly message: string;
  readonly permanent: boolean;
  readonly retryable: boolean;
  readonly aborted: boolean;
}

export type TimerHandle = unknown;

export interface BatchDeps {
  /** Processes one file with these (effective) settings; `index` is the row's 1-based position for {index}. */
  readonly runJob: (file: File, settings: ToolSettings, index: number, signal: AbortSignal) => Promise<JobOutput>;
  readonly describeFailure: (error: unknown) => JobFailureInfo;
  readonly createUrl: (blob: Blob) => string;
  readonly revokeUrl: (url: string) => void;
  readonly setTimeout: (callback: () => void, ms: number) => TimerHandle;
  readonly clearTimeout: (handle: TimerHandle) => void;
  readonly now: () => number;
  /** Jobs at once. */
  readonly concurrency: number;
  /** Encoder facts for deciding what a settings change affects; without them every change re-runs. */
  readonly impact?: Omit<ImpactContext, 'mode'> | undefined;
  /** A small preview of a file or result as an object URL (revoked with the row); optional. */
  readonly makeThumbnail?: ((source: Blob) => Promise<string | undefined>) | undefined;
  /** Pause after the last settings change before re-running (default 400 ms). */
  readonly debounceMs?: number | undefined;
  /** How long a replaced result's URL outlives its replacement (default 2000 ms). */
  readonly revokeDelayMs?: number | undefined;
}

export type BatchMode = 'process' | 'metadata';

export interface BatchSnapshot {
  readonly items: readonly BatchItem[];
  readonly summary: BatchSummary;
  /** Start of the current run (first start since the queue was last empty), for the time estimate. */
  readonly runStartedAt: number | undefined;
  /** Jobs finished since the run started. */
  readonly finishedInRun: number;
}

export interface BatchController {
  subscribe(listener: () => void): () => void;
  getSnapshot(): BatchSnapshot;
  addFiles(files: readonly File[]): void;
  /** The batch's settings. The first call applies at once; later ones after a pause (debounced). */
  setSettings(settings: ToolSettings): void;
  /** Per-file settings over the batch's (shallow: a nested object such as `resize` is replaced whole); undefined removes. Debounced like setSettings. */
  setOverride(id: number, override: Partial<ToolSettings> | undefined): void;
  /** The settings a file is (or would be) processed with: the batch's, then its override. */
  settingsFor(id: number): ToolSettings | undefined;
  remove(id: number): void;
  cancelAll(): void;
  /** Runs again the failures that can succeed with the same settings, and cancelled files. */
  retryFailed(): void;
  clear(): void;
  /** The current results of these rows (or all) were saved. */
  markDownloaded(ids: readonly number[] | 'all'): void;
  /** The original file (for the live view and the editor). */
  file(id: number): File | undefined;
  /** The result's bytes (for the ZIP). */
  output(id: number): Blob | undefined;
  /** The original as an object URL, created on first use and revoked with the row. */
  originalUrl(id: number): string | undefined;
  /** Aborts every job and revokes every URL (the page is going away). */
  dispose(): void;
}

interface Job {
  readonly abort: AbortController;
  readonly settings: ToolSettings;
  readonly index: number;
}

interface Entry {
  readonly id: number;
  readonly name: string;
  readonly file: File;
  status: ItemStatus;
  job?: Job | undefined;
  result?: ItemResult | undefined;
  facts?: JobOutput['facts'];
  output?: Blob | undefined;
  outputUrl?: string | undefined;
  /** The settings `result` was made with. */
  madeWith?: ToolSettings | undefined;
  /** The settings the last failure happened with (a settings change re-runs it; the same settings do not). */
  failedWith?: ToolSettings | undefined;
  /** The index the result was made with (for renaming). */
  index: number;
  override?: Partial<ToolSettings> | undefined;
  error?: string | undefined;
  /** The result was made with settings that have changed since. */
  stale: boolean;
  permanent: boolean;
  retryable: boolean;
  downloaded: boolean;
  thumbnailUrl?: string | undefined;
  thumbnailFailed: boolean;
  originalUrl?: string | undefined;
  /** Cached snapshot; cleared whenever the entry changes. */
  snap?: BatchItem | undefined;
}

const DEFAULT_DEBOUNCE_MS = 400;
const DEFAULT_REVOKE_DELAY_MS = 2000;

export function createBatchController(deps: BatchDeps, mode: BatchMode): BatchController {
  const entries: Entry[] = [];
  const listeners = new Set<() => void>();
  const debounceMs = deps.debounceMs ?? DEFAULT_DEBOUNCE_MS;
  const revokeDelayMs = deps.revokeDelayMs ?? DEFAULT_REVOKE_DELAY_MS;
  const impactContext: ImpactContext | undefined = deps.impact ? { mode, ...deps.impact } : undefined;
  let nextId = 1;
  let settings: ToolSettings | undefined;
  let reconcileTimer: TimerHandle | undefined;
  let reconcilePending = false;
  let runStartedAt: number | undefined;
  let finishedInRun = 0;
  let snapshot: BatchSnapshot | undefined;
  let disposed = false;
  let thumbnails: Promise<void> = Promise.resolve();
  const pendingRevokes = new Map<string, TimerHandle>();

  const find = (id: number): Entry | undefined => entries.find((entry) => entry.id === id);
  const touch = (entry: Entry): void => { entry.snap = undefined; };
  const effective = (entry: Entry): ToolSettings | undefined => (settings ? (entry.override ? { ...settings, ...entry.override } : settings) : undefined);
  const hasResult = (entry: Entry): boolean => entry.result !== undefined && entry.outputUrl !== undefined;

  const emit = (): void => {
    snapshot = undefined;
    for (const listener of [...listeners]) listener();
  };

  const revokeLater = (url: string): void => {
    const handle = deps.setTimeout(() => {
      pendingRevokes.delete(url);
      deps.revokeUrl(url);
    }, revokeDelayMs);
    pendingRevokes.set(url, handle);
  };

  const dropOutput = (entry: Entry, later: boolean): void => {
    if (entry.outputUrl) {
      if (later) revokeLater(entry.outputUrl);
      else deps.revokeUrl(entry.outputUrl);
    }
    entry.outputUrl = undefined;
    entry.output = undefined;
    entry.result = undefined;
    entry.facts = undefined;
    entry.madeWith = undefined;
  };

  const releaseAll = (entry: Entry): void => {
    entry.job?.abort.abort();
    entry.job = undefined;
    dropOutput(entry, false);
    if (entry.thumbnailUrl) deps.revokeUrl(entry.thumbnailUrl);
    if (entry.originalUrl) deps.revokeUrl(entry.originalUrl);
    entry.thumbnailUrl = undefined;
    entry.originalUrl = undefined;
  };

  const queueThumbnail = (entry: Entry, source: Blob, fromResult: boolean): void => {
    const make = deps.makeThumbnail;
    if (!make) return;
    // One at a time: thumbnails must never compete with the workers for memory.
    thumbnails = thumbnails.then(async () => {
      if (find(entry.id) !== entry || entry.thumbnailUrl) return;
      const url = await make(source).catch(() => undefined);
      if (find(entry.id) !== entry || disposed) {
        if (url) deps.revokeUrl(url);
        return;
      }
      if (url) entry.thumbnailUrl = url;
      else if (!fromResult) entry.thumbnailFailed = true;
      else return;
      touch(entry);
      emit();
    });
  };

  const endRunIfIdle = (): void => {
    if (entries.some((entry) => entry.status === 'queued' || entry.status === 'working')) return;
    runStartedAt = undefined;
    finishedInRun = 0;
  };

  const rename = (entry: Entry, to: ToolSettings): boolean => {
    const { result, facts } = entry;
    if (!result || !facts) return false;
    const fileName = renderFileName(to.filenameTemplate, {
      name: baseName(entry.file.name), width: result.width, height: result.height, ext: facts.extension, index: entry.index, format: result.format,
    });
    entry.result = { ...result, fileName };
    entry.madeWith = to;
    return true;
  };

  /** What a change to `to` means for an entry's current result. */
  const impactOn = (entry: Entry, to: ToolSettings): 'none' | 'rename' | 'rerun' => {
    if (!entry.madeWith || !hasResult(entry)) return 'rerun';
    if (!impactContext) return changedKeys(entry.madeWith, to).length === 0 ? 'none' : 'rerun';
    return settingsImpact(entry.madeWith, to, entry.facts, impactContext);
  };

  /** Brings an entry whose job is not running (or was just stopped) in line with `to`. */
  const settle = (entry: Entry, to: ToolSettings): void => {
    const impact = impactOn(entry, to);
    const before = [entry.status, entry.stale, entry.error, entry.retryable, entry.result];
    if (impact === 'none' || (impact === 'rename' && rename(entry, to))) {
      entry.madeWith = to;
      entry.status = 'done';
      entry.stale = false;
    } else {
      entry.status = 'queued';
      entry.stale = hasResult(entry);
    }
    entry.error = undefined;
    entry.retryable = false;
    const after = [entry.status, entry.stale, entry.error, entry.retryable, entry.result];
    if (before.some((value, i) => value !== after[i])) touch(entry);
  };

  const finish = (entry: Entry, job: Job, output: JobOutput): void => {
    const previousUrl = entry.outputUrl;
    entry.job = undefined;
    entry.result = output.result;
    entry.facts = output.facts;
    entry.output = output.blob;
    entry.outputUrl = deps.createUrl(output.blob);
    entry.madeWith = job.settings;
    entry.index = job.index;
    entry.status = 'done';
    entry.stale = false;
    entry.error = undefined;
    entry.failedWith = undefined;
    entry.permanent = false;
    entry.retryable = false;
    // New bytes: not saved yet.
    entry.downloaded = false;
    // The old link may be on screen until the view re-renders: revoke it a little later.
    if (previousUrl) revokeLater(previousUrl);
    if (entry.thumbnailFailed && !entry.thumbnailUrl) queueThumbnail(entry, output.blob, true);
    finishedInRun += 1;
    // Settings changed while it ran in a way that only renames (others aborted the job).
    const target = effective(entry);
    if (target && !reconcilePending && changedKeys(job.settings, target).length > 0) settle(entry, target);
    touch(entry);
  };

  const fail = (entry: Entry, job: Job, error: unknown): void => {
    entry.job = undefined;
    const failure = deps.describeFailure(error);
    if (failure.aborted) {
      entry.status = 'cancelled';
      entry.error = 'Cancelled.';
      entry.retryable = true;
    } else {
      entry.status = 'failed';
      entry.error = failure.message;
      entry.permanent = failure.permanent;
      entry.retryable = !failure.permanent && failure.retryable;
      entry.failedWith = job.settings;
      finishedInRun += 1;
    }
    // An older result stays downloadable, still marked out of date.
    entry.stale = hasResult(entry);
    touch(entry);
  };

  const start = (entry: Entry, current: ToolSettings, index: number): void => {
    const job: Job = { abort: new AbortController(), settings: current, index };
    entry.job = job;
    entry.status = 'working';
    touch(entry);
    runStartedAt ??= deps.now();
    let promise: Promise<JobOutput>;
    try {
      promise = deps.runJob(entry.file, current, index, job.abort.signal);
    } catch (error) {
      promise = Promise.reject(error);
    }
    promise.then(
      (output) => {
        if (disposed || entry.job !== job || find(entry.id) !== entry) return;
        finish(entry, job, output);
        endRunIfIdle();
        pump();
        emit();
      },
      (error: unknown) => {
        if (disposed || entry.job !== job || find(entry.id) !== entry) return;
        fail(entry, job, error);
        endRunIfIdle();
        pump();
        emit();
      },
    );
  };

  /** Starts queued files, oldest first, while there is room. */
  const pump = (): void => {
    if (!settings || disposed) return;
    let working = entries.filter((entry) => entry.status === 'working').length;
    entries.forEach((entry, position) => {
      if (working >= deps.concurrency || entry.status !== 'queued') return;
      const current = effective(entry);
      if (!current) return;
      start(entry, current, position + 1);
      working += 1;
    });
  };

  /** Brings every file in line with the current settings and overrides. */
  const reconcile = (): void => {
    reconcilePending = false;
    reconcileTimer = undefined;
    for (const entry of entries) {
      const target = effective(entry);
      if (!target) continue;
      if (entry.status === 'working' && entry.job) {
        const differs = changedKeys(entry.job.settings, target);
        // Only the name differs: let it finish and rename then.
        if (differs.length === 0 || (differs.length === 1 && differs[0] === 'filenameTemplate' && entry.facts !== undefined)) continue;
        entry.job.abort.abort();
        entry.job = undefined;
        settle(entry, target);
      } else if (entry.status === 'done' || (entry.status === 'queued' && hasResult(entry))) {
        settle(entry, target);
      } else if (entry.status === 'failed' && !entry.permanent) {
        // A setting may be what failed it; the same settings again would fail the same way.
        if (!entry.failedWith || changedKeys(entry.failedWith, target).length > 0) settle(entry, target);
      }
    }
    endRunIfIdle();
    pump();
    emit();
  };

  /** During the pause, rows the change will re-run already say they are out of date (and stop saying so if it is undone). */
  const markOutOfDate = (): void => {
    for (const entry of entries) {
      const target = effective(entry);
      if (entry.status !== 'done' || !target) continue;
      const stale = impactOn(entry, target) === 'rerun';
      if (stale === entry.stale) continue;
      entry.stale = stale;
      touch(entry);
    }
  };

  const scheduleReconcile = (): void => {
    reconcilePending = true;
    if (reconcileTimer !== undefined) deps.clearTimeout(reconcileTimer);
    reconcileTimer = deps.setTimeout(reconcile, debounceMs);
    markOutOfDate();
  };

  const buildSnapshot = (): BatchSnapshot => {
    const withResult = entries.filter(hasResult);
    const names = assignUniqueNames(withResult.map((entry) => ({ id: entry.id, fileName: entry.result?.fileName ?? 'image' })));
    const items = entries.map((entry): BatchItem => {
      const downloadName = names.get(entry.id);
      if (entry.snap && entry.snap.downloadName === downloadName) return entry.snap;
      const item: BatchItem = Object.freeze({
        id: entry.id, name: entry.name, bytes: entry.file.size, status: entry.status,
        result: entry.result, outputUrl: entry.outputUrl, downloadName, thumbnailUrl: entry.thumbnailUrl,
        stale: entry.stale, override: entry.override, error: entry.error, permanent: entry.permanent,
        retryable: entry.retryable, downloaded: entry.downloaded,
      });
      entry.snap = item;
      return item;
    });
    return Object.freeze({ items: Object.freeze(items), summary: Object.freeze(summarize(items)), runStartedAt, finishedInRun });
  };

  return {
    subscribe(listener) {
      listeners.add(listener);
      return () => { listeners.delete(listener); };
    },
    getSnapshot() {
      snapshot ??= buildSnapshot();
      return snapshot;
    },
    addFiles(files) {
      if (files.length === 0 || disposed) return;
      for (const file of files) {
        const entry: Entry = {
          id: nextId++, name: file.webkitRelativePath || file.name, file, status: 'queued', index: 0,
          permanent: false, retryable: false, downloaded: false, thumbnailFailed: false, stale: false,
        };
        entries.push(entry);
        queueThumbnail(entry, file, false);
      }
      pump();
      emit();
    },
    setSettings(next) {
      if (disposed) return;
      const first = settings === undefined;
      settings = next;
      if (!first) scheduleReconcile();
      pump();
      emit();
    },
    setOverride(id, override) {
      const entry = find(id);
      if (!entry || disposed) return;
      entry.override = override && Object.keys(override).length > 0 ? override : undefined;
      touch(entry);
      scheduleReconcile();
      emit();
    },
    settingsFor(id) {
      const entry = find(id);
      return entry ? effective(entry) : undefined;
    },
    remove(id) {
      const index = entries.findIndex((entry) => entry.id === id);
      const entry = entries[index];
      if (!entry) return;
      releaseAll(entry);
      entries.splice(index, 1);
      endRunIfIdle();
      pump();
      emit();
    },
    cancelAll() {
      for (const entry of entries) {
        if (entry.status !== 'queued' && entry.status !== 'working') continue;
        entry.job?.abort.abort();
        entry.job = undefined;
        entry.status = 'cancelled';
        entry.error = 'Cancelled.';
        entry.retryable = true;
        touch(entry);
      }
      endRunIfIdle();
      emit();
    },
    retryFailed() {
      let changed = false;
      for (const entry of entries) {
        if (!entry.retryable || (entry.status !== 'failed' && entry.status !== 'cancelled')) continue;
        entry.status = 'queued';
        entry.error = undefined;
        entry.retryable = false;
        entry.failedWith = undefined;
        touch(entry);
        changed = true;
      }
      if (!changed) return;
      pump();
      emit();
    },
    clear() {
      for (const entry of entries) releaseAll(entry);
      entries.length = 0;
      endRunIfIdle();
      emit();
    },
    markDownloaded(ids) {
      let changed = false;
      for (const entry of entries) {
        if (entry.downloaded || !hasResult(entry) || (ids !== 'all' && !ids.includes(entry.id))) continue;
        entry.downloaded = true;
        touch(entry);
        changed = true;
      }
      if (changed) emit();
    },
    file: (id) => find(id)?.file,
    output: (id) => find(id)?.output,
    originalUrl(id) {
      const entry = find(id);
      if (!entry) return undefined;
      entry.originalUrl ??= deps.createUrl(entry.file);
      return entry.originalUrl;
    },
    dispose() {
      disposed = true;
      if (reconcileTimer !== undefined) deps.clearTimeout(reconcileTimer);
      for (const entry of entries) releaseAll(entry);
      for (const [url, handle] of pendingRevokes) {
        deps.clearTimeout(handle);
        deps.revokeUrl(url);
      }
      pendingRevokes.clear();
      listeners.clear();
    },
  };
}
