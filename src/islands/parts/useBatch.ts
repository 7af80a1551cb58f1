/**
 * The batch on a tool page: the reducer's state plus everything that must not
 * live in it (File objects, result Blobs, object URLs, AbortControllers).
 * Object URLs are revoked as soon as their row goes away or is re-processed.
 */
import { useCallback, useEffect, useReducer, useRef, useState } from 'preact/hooks';
import { batchReducer, initialBatch, itemsToStart, type BatchItem } from '../../lib/batch-state.ts';
import type { ToolSettings } from '../../lib/tool-settings.ts';
import { describeFailure, runMetadataJob, runProcessJob } from './run-job.ts';
import { makeThumbnail } from './thumbnail.ts';

export interface ItemAssets {
  readonly file: File;
  thumbnailUrl?: string | undefined;
  /** Tried and failed (e.g. HEIC in a browser without HEIC): try the result instead. */
  thumbnailFailed?: boolean;
  output?: Blob | undefined;
  outputUrl?: string | undefined;
  /** Created only when the compare view needs the original. */
  originalUrl?: string | undefined;
}

interface Running {
  readonly controller: AbortController;
  readonly generation: number;
  /** Which settings the job runs with (see settingsVersion). */
  readonly version: number;
}

/** Enough jobs to keep every worker busy, few enough that only a handful of files sit in memory. */
const concurrency = (): number => Math.min(8, Math.max(2, (navigator.hardwareConcurrency || 2) + 1));
const DEBOUNCE_MS = 400;

export function useBatch(mode: 'process' | 'metadata', settings: ToolSettings) {
  const [state, dispatch] = useReducer(batchReducer, initialBatch);
  const [assetsVersion, setAssetsVersion] = useState(0);
  const assets = useRef(new Map<number, ItemAssets>());
  const running = useRef(new Map<number, Running>());
  const nextId = useRef(1);
  const settingsRef = useRef(settings);
  // Bumped on every settings change; a result made with an older version is out of date.
  const settingsVersion = useRef(0);
  const processedWith = useRef(new Map<number, number>());
  const thumbnailQueue = useRef<Promise<void>>(Promise.resolve());
  const bumpAssets = useCallback(() => setAssetsVersion((v) => v + 1), []);
  // A job that ends without changing the state (stale or aborted) still frees a slot: look at the queue again.
  const [wakeCount, setWakeCount] = useState(0);
  const wake = (): void => setWakeCount((n) => n + 1);

  const revoke = (entry: ItemAssets | undefined, which: 'all' | 'output'): void => {
    if (!entry) return;
    if (entry.outputUrl) URL.revokeObjectURL(entry.outputUrl);
    entry.outputUrl = undefined;
    entry.output = undefined;
    if (which === 'all') {
      if (entry.thumbnailUrl) URL.revokeObjectURL(entry.thumbnailUrl);
      if (entry.originalUrl) URL.revokeObjectURL(entry.originalUrl);
      entry.thumbnailUrl = undefined;
      entry.originalUrl = undefined;
    }
  };

  const queueThumbnail = useCallback((id: number, source: Blob, fromResult: boolean) => {
    // One at a time: thumbnails must never compete with the workers for memory.
    thumbnailQueue.current = thumbnailQueue.current.then(async () => {
      const entry = assets.current.get(id);
      if (!entry || entry.thumbnailUrl) return;
      const url = await makeThumbnail(source);
      if (assets.current.get(id) !== entry) {
        if (url) URL.revokeObjectURL(url);
        return;
      }
      if (url) entry.thumbnailUrl = url;
      else if (!fromResult) entry.thumbnailFailed = true;
      bumpAssets();
    });
  }, [bumpAssets]);

  const addFiles = useCallback((files: readonly File[]) => {
    if (files.length === 0) return;
    const added = files.map((file) => ({ id: nextId.current++, name: file.webkitRelativePath || file.name, bytes: file.size, file }));
    for (const entry of added) assets.current.set(entry.id, { file: entry.file });
    dispatch({ type: 'add', files: added.map(({ id, name, bytes }) => ({ id, name, bytes })) });
    for (const entry of added) queueThumbnail(entry.id, entry.file, false);
  }, [queueThumbnail]);

  const abortAll = (): void => {
    for (const job of running.current.values()) job.controller.abort();
    running.current.clear();
  };

  // Start queued files whenever there is room.
  useEffect(() => {
    const start = itemsToStart(state, concurrency());
    start.forEach((item: BatchItem) => {
      const entry = assets.current.get(item.id);
      if (!entry) return;
      // Effects run after paint, so a job of an older generation may still be registered: replace it.
      const existing = running.current.get(item.id);
      if (existing?.generation === item.generation) return;
      existing?.controller.abort();
      const controller = new AbortController();
      const job: Running = { controller, generation: item.generation, version: settingsVersion.current };
      running.current.set(item.id, job);
      dispatch({ type: 'start', id: item.id, generation: item.generation, at: performance.now() });
      const index = state.items.findIndex((candidate) => candidate.id === item.id) + 1;
      const run = mode === 'metadata' ? runMetadataJob : runProcessJob;
      run(entry.file, settingsRef.current, index, controller.signal).then(
        (output) => {
          if (running.current.get(item.id) !== job) return wake();
          running.current.delete(item.id);
          processedWith.current.set(item.id, job.version);
          const current = assets.current.get(item.id);
          if (!current) return;
          revoke(current, 'output');
          current.output = output.blob;
          current.outputUrl = URL.createObjectURL(output.blob);
          if (current.thumbnailFailed && !current.thumbnailUrl) queueThumbnail(item.id, output.blob, true);
          dispatch({ type: 'done', id: item.id, generation: item.generation, result: output.result });
        },
        (error: unknown) => {
          if (running.current.get(item.id) !== job) return wake();
          running.current.delete(item.id);
          const failure = describeFailure(error);
          if (failure.aborted) return wake();
          processedWith.current.set(item.id, job.version);
          revoke(assets.current.get(item.id), 'output');
          dispatch({ type: 'failed', id: item.id, generation: item.generation, error: failure.message, permanent: failure.permanent, retryable: failure.retryable });
        },
      );
    });
  }, [state, mode, queueThumbnail, wakeCount]);

  // A settings change re-processes everything after a pause in typing, cancelling work in flight.
  const firstSettings = useRef(true);
  useEffect(() => {
    settingsRef.current = settings;
    if (firstSettings.current) {
      firstSettings.current = false;
      return undefined;
    }
    settingsVersion.current += 1;
    const timer = setTimeout(() => {
      // Files added after the change already use the new settings: only older work is redone.
      const current = settingsVersion.current;
      const outdated = [...running.current.values()].some((job) => job.version < current) || [...processedWith.current.values()].some((v) => v < current);
      if (!outdated) return;
      abortAll();
      processedWith.current.clear();
      dispatch({ type: 'settings-changed' });
    }, DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [settings]);

  const remove = useCallback((id: number) => {
    running.current.get(id)?.controller.abort();
    running.current.delete(id);
    revoke(assets.current.get(id), 'all');
    assets.current.delete(id);
    processedWith.current.delete(id);
    dispatch({ type: 'remove', id });
  }, []);

  const cancelAll = useCallback(() => {
    abortAll();
    dispatch({ type: 'cancel-all' });
  }, []);

  const retryFailed = useCallback(() => dispatch({ type: 'retry-failed' }), []);

  const clear = useCallback(() => {
    abortAll();
    for (const entry of assets.current.values()) revoke(entry, 'all');
    assets.current.clear();
    processedWith.current.clear();
    dispatch({ type: 'clear' });
  }, []);

  /** The original as an object URL, for the compare view (created on demand, revoked with the row). */
  const originalUrl = useCallback((id: number): string | undefined => {
    const entry = assets.current.get(id);
    if (!entry) return undefined;
    entry.originalUrl ??= URL.createObjectURL(entry.file);
    return entry.originalUrl;
  }, []);

  useEffect(() => () => {
    abortAll();
    for (const entry of assets.current.values()) revoke(entry, 'all');
  }, []);

  return { state, assets: assets.current, assetsVersion, addFiles, remove, cancelAll, retryFailed, clear, originalUrl };
}
