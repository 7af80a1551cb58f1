import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { BASE_SETTINGS, type ToolSettings } from '../lib/tool-settings.ts';
import type { ImpactContext, ResultFacts } from '../lib/settings-impact.ts';
import { createBatchController, type BatchController, type BatchDeps, type JobFailureInfo, type JobOutput } from './controller.ts';

/** One call of the fake engine, settled by the test. */
interface Call {
  readonly file: File;
  readonly settings: ToolSettings;
  readonly index: number;
  readonly signal: AbortSignal;
  succeed(): void;
  failWith(error: unknown): void;
}

const encoders = [
  { format: 'jpeg', options: [{ key: 'quality' }], qualityKey: 'quality', supportsAlpha: false },
  { format: 'webp', options: [{ key: 'quality' }], qualityKey: 'quality', supportsAlpha: true },
  { format: 'png', options: [{ key: 'level' }], supportsAlpha: true },
] as unknown as ImpactContext['encoders'];

type ImageFormat = ResultFacts['encoder'];
/** An engine error as the pool rethrows it (ImageError carries a code; the fake needs only that). */
class ImageError extends Error {
  constructor(readonly code: string, message: string) {
    super(message);
  }
}

const formatOf = (name: string): ImageFormat => (name.endsWith('.png') ? 'png' : name.endsWith('.webp') ? 'webp' : 'jpeg');

/** The same rules as run-job.ts describeFailure, for the codes the tests use. */
const describeFailure = (error: unknown): JobFailureInfo => {
  if (error instanceof ImageError) {
    const permanent = error.code === 'corrupt';
    return { message: error.message, permanent, retryable: !permanent && error.code !== 'too-large-for-format', aborted: error.code === 'aborted' };
  }
  return { message: 'Failed.', permanent: false, retryable: true, aborted: false };
};

let calls: Call[];
let urls: { created: string[]; revoked: string[] };
let controller: BatchController;

function makeController(extra: Partial<BatchDeps> = {}, mode: 'process' | 'metadata' = 'process'): BatchController {
  let n = 0;
  const deps: BatchDeps = {
    runJob: (file, settings, index, signal) => new Promise<JobOutput>((resolve, reject) => {
      const call: Call = {
        file, settings, index, signal,
        succeed: () => {
          const format = settings.format === 'same' ? formatOf(file.name) : settings.format;
          const blob = new Blob([`${file.name}@q${settings.quality}`]);
          resolve({
            blob,
            result: { fileName: file.name, bytes: blob.size, format, mime: `image/${format}`, width: 10, height: 10, inputWidth: 10, inputHeight: 10 },
            facts: { inputFormat: formatOf(file.name), encoder: format, keptOriginal: false, extension: format },
          });
        },
        failWith: reject,
      };
      signal.addEventListener('abort', () => reject(new ImageError('aborted', 'Cancelled.')));
      calls.push(call);
    }),
    describeFailure,
    createUrl: () => { const url = `blob:test/${++n}`; urls.created.push(url); return url; },
    revokeUrl: (url) => { urls.revoked.push(url); },
    setTimeout: (callback, ms) => setTimeout(callback, ms),
    clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
    now: () => Date.now(),
    concurrency: 2,
    impact: { encoders, resolveSame: (input) => input },
    ...extra,
  };
  return createBatchController(deps, mode);
}

const files = (...names: string[]): File[] => names.map((name) => new File([name], name));
const flush = async (): Promise<void> => { await vi.advanceTimersByTimeAsync(0); };
const items = () => controller.getSnapshot().items;
const statuses = () => items().map((item) => item.status);
const pending = () => calls.filter((call) => !call.signal.aborted);
/** Finishes every job the engine has running, repeatedly, until the queue is empty. */
async function finishAll(): Promise<void> {
  for (let i = 0; i < 50; i += 1) {
    const running = calls.splice(0).filter((call) => !call.signal.aborted);
    if (running.length === 0) return;
    for (const call of running) call.succeed();
    await flush();
  }
}

beforeEach(() => {
  vi.useFakeTimers();
  calls = [];
  urls = { created: [], revoked: [] };
  controller = makeController();
  controller.setSettings(BASE_SETTINGS);
});
afterEach(() => {
  controller.dispose();
  vi.useRealTimers();
});

describe('batch controller', () => {
  it('runs at most `concurrency` jobs and starts the next as one finishes', async () => {
    controller.addFiles(files('a.jpg', 'b.jpg', 'c.jpg', 'd.jpg'));
    expect(statuses()).toEqual(['working', 'working', 'queued', 'queued']);
    expect(calls.map((call) => call.index)).toEqual([1, 2]);
    calls[0]?.succeed();
    await flush();
    expect(statuses()).toEqual(['done', 'working', 'working', 'queued']);
    expect(calls).toHaveLength(3);
    await finishAll();
    expect(statuses()).toEqual(['done', 'done', 'done', 'done']);
    expect(controller.getSnapshot().summary).toMatchObject({ done: 4, downloadable: 4, notDownloaded: 4 });
  });

  it('hands out the same snapshot until something changes, and keeps unchanged rows', async () => {
    controller.addFiles(files('a.jpg', 'b.jpg', 'c.jpg'));
    const before = controller.getSnapshot();
    expect(controller.getSnapshot()).toBe(before);
    const listener = vi.fn();
    const unsubscribe = controller.subscribe(listener);
    calls[0]?.succeed();
    await flush();
    expect(listener).toHaveBeenCalled();
    const after = controller.getSnapshot();
    expect(after).not.toBe(before);
    expect(after.items[0]).not.toBe(before.items[0]);
    // c.jpg was queued and still is: the same object.
    expect(after.items[2]?.status).toBe('working');
    expect(Object.isFrozen(after.items[0])).toBe(true);
    unsubscribe();
    controller.markDownloaded([after.items[0]?.id ?? 0]);
    expect(listener).toHaveBeenCalledTimes(1);
  });

  it('debounces settings changes and re-runs only the rows a quality change affects', async () => {
    controller.addFiles(files('a.jpg', 'b.png'));
    await finishAll();
    const [jpegRow, pngRow] = items();
    controller.setSettings({ ...BASE_SETTINGS, quality: 50 });
    controller.setSettings({ ...BASE_SETTINGS, quality: 40 });
    await vi.advanceTimersByTimeAsync(399);
    expect(calls).toHaveLength(0);
    // During the pause the JPEG row already says it is out of date; the PNG row is untouched.
    expect(items()[0]).toMatchObject({ status: 'done', stale: true, outputUrl: jpegRow?.outputUrl });
    expect(items()[1]).toBe(pngRow);
    await vi.advanceTimersByTimeAsync(1);
    // One re-run, with the last value, for the JPEG only.
    expect(calls.map((call) => [call.file.name, call.settings.quality])).toEqual([['a.jpg', 40]]);
    const [updating, untouched] = items();
    expect(updating).toMatchObject({ status: 'working', stale: true, outputUrl: jpegRow?.outputUrl, result: jpegRow?.result });
    expect(untouched).toBe(pngRow);
    expect(controller.getSnapshot().summary).toMatchObject({ stale: 1, downloadable: 2 });
    await finishAll();
    expect(items()[0]).toMatchObject({ status: 'done', stale: false });
    expect(items()[0]?.outputUrl).not.toBe(jpegRow?.outputUrl);
    expect(items()[1]?.outputUrl).toBe(pngRow?.outputUrl);
  });

  it('revokes an old result URL only after its replacement exists, and a little later', async () => {
    controller.addFiles(files('a.jpg'));
    await finishAll();
    const oldUrl = items()[0]?.outputUrl ?? '';
    controller.setSettings({ ...BASE_SETTINGS, quality: 10 });
    await vi.advanceTimersByTimeAsync(400);
    expect(urls.revoked).not.toContain(oldUrl);
    calls[0]?.succeed();
    await flush();
    expect(items()[0]?.outputUrl).not.toBe(oldUrl);
    expect(urls.revoked).not.toContain(oldUrl);
    await vi.advanceTimersByTimeAsync(2000);
    expect(urls.revoked).toContain(oldUrl);
  });

  it('renames without re-encoding when only the file-name template changes', async () => {
    controller.addFiles(files('a.jpg'));
    await finishAll();
    const url = items()[0]?.outputUrl;
    controller.setSettings({ ...BASE_SETTINGS, filenameTemplate: '{name}-{index}.{ext}' });
    await vi.advanceTimersByTimeAsync(400);
    expect(calls).toHaveLength(0);
    expect(items()[0]).toMatchObject({ status: 'done', stale: false, outputUrl: url, downloadName: 'a-1.jpeg' });
  });

  it('lets a re-run finish when only the name changes meanwhile, and renames its result', async () => {
    controller.addFiles(files('a.jpg'));
    await finishAll();
    controller.setSettings({ ...BASE_SETTINGS, quality: 30 });
    await vi.advanceTimersByTimeAsync(400);
    const rerun = calls[0];
    controller.setSettings({ ...BASE_SETTINGS, quality: 30, filenameTemplate: 'small-{name}.{ext}' });
    await vi.advanceTimersByTimeAsync(400);
    expect(rerun?.signal.aborted).toBe(false);
    rerun?.succeed();
    await flush();
    expect(calls).toHaveLength(1);
    expect(items()[0]).toMatchObject({ status: 'done', stale: false, downloadName: 'small-a.jpeg', result: { bytes: 'a.jpg@q30'.length } });
  });

  it('aborts a running job whose settings changed, and ignores its late result', async () => {
    controller.addFiles(files('a.jpg'));
    const first = calls[0];
    controller.setSettings({ ...BASE_SETTINGS, quality: 20 });
    await vi.advanceTimersByTimeAsync(400);
    expect(first?.signal.aborted).toBe(true);
    expect(pending().map((call) => call.settings.quality)).toEqual([20]);
    first?.succeed();
    await flush();
    expect(items()[0]?.status).toBe('working');
    pending()[0]?.succeed();
    await flush();
    expect(items()[0]).toMatchObject({ status: 'done', result: { bytes: 'a.jpg@q20'.length } });
  });

  it('changing back before the re-run finishes keeps the old result and stops the job', async () => {
    controller.addFiles(files('a.jpg'));
    await finishAll();
    const url = items()[0]?.outputUrl;
    controller.setSettings({ ...BASE_SETTINGS, quality: 20 });
    await vi.advanceTimersByTimeAsync(400);
    const rerun = calls[0];
    controller.setSettings(BASE_SETTINGS);
    await vi.advanceTimersByTimeAsync(400);
    // Undone within the pause: never marked out of date, nothing runs.
    controller.setSettings({ ...BASE_SETTINGS, quality: 21 });
    controller.setSettings(BASE_SETTINGS);
    expect(items()[0]?.stale).toBe(false);
    expect(rerun?.signal.aborted).toBe(true);
    expect(items()[0]).toMatchObject({ status: 'done', stale: false, outputUrl: url });
  });

  it('aborts the job and revokes every URL of a removed row', async () => {
    controller.addFiles(files('a.jpg', 'b.jpg', 'c.jpg'));
    calls[0]?.succeed();
    await flush();
    const [done, working] = items();
    controller.originalUrl(done?.id ?? 0);
    controller.remove(done?.id ?? 0);
    expect(urls.revoked).toEqual(expect.arrayContaining([done?.outputUrl, ...urls.created.slice(-1)]));
    controller.remove(working?.id ?? 0);
    expect(calls[1]?.signal.aborted).toBe(true);
    expect(items().map((item) => item.name)).toEqual(['c.jpg']);
    // The freed slot is used at once.
    expect(statuses()).toEqual(['working']);
  });

  it('applies a per-file override to that file only', async () => {
    controller.addFiles(files('a.jpg', 'b.jpg'));
    await finishAll();
    const [a, b] = items();
    controller.setOverride(a?.id ?? 0, { format: 'webp', quality: 90 });
    expect(items()[0]?.override).toEqual({ format: 'webp', quality: 90 });
    await vi.advanceTimersByTimeAsync(400);
    expect(calls.map((call) => [call.file.name, call.settings.format, call.settings.quality])).toEqual([['a.jpg', 'webp', 90]]);
    expect(items()[1]).toBe(b);
    await finishAll();
    expect(items()[0]?.result?.format).toBe('webp');
    // The batch's quality no longer reaches the override's quality.
    controller.setSettings({ ...BASE_SETTINGS, quality: 30 });
    await vi.advanceTimersByTimeAsync(400);
    expect(calls.map((call) => call.file.name)).toEqual(['b.jpg']);
    expect(controller.settingsFor(a?.id ?? 0)).toMatchObject({ format: 'webp', quality: 90 });
  });

  it('offers "Retry failed" only for failures the same settings can get past', async () => {
    controller.addFiles(files('a.jpg', 'b.jpg', 'c.jpg'));
    calls[0]?.failWith(new ImageError('timeout', 'Took too long.'));
    calls[1]?.failWith(new ImageError('corrupt', 'The file is damaged.'));
    await flush();
    calls[2]?.failWith(new ImageError('too-large-for-format', 'Too wide for WebP.'));
    await flush();
    expect(items().map((item) => [item.status, item.retryable, item.permanent])).toEqual([
      ['failed', true, false], ['failed', false, true], ['failed', false, false],
    ]);
    expect(controller.getSnapshot().summary.retryable).toBe(1);
    calls.length = 0;
    controller.retryFailed();
    expect(calls.map((call) => call.file.name)).toEqual(['a.jpg']);
    // A settings change re-runs the settings failure, never the damaged file.
    controller.setSettings({ ...BASE_SETTINGS, resize: { ...BASE_SETTINGS.resize, enabled: true, width: 100 } });
    await vi.advanceTimersByTimeAsync(400);
    expect(calls.map((call) => call.file.name).sort()).toEqual(['a.jpg', 'a.jpg', 'c.jpg']);
    expect(items()[1]?.status).toBe('failed');
  });

  it('keeps an out-of-date result downloadable when its re-run fails', async () => {
    controller.addFiles(files('a.jpg'));
    await finishAll();
    const url = items()[0]?.outputUrl;
    controller.setSettings({ ...BASE_SETTINGS, quality: 5 });
    await vi.advanceTimersByTimeAsync(400);
    calls[0]?.failWith(new Error('worker crashed'));
    await flush();
    expect(items()[0]).toMatchObject({ status: 'failed', stale: true, outputUrl: url, retryable: true });
  });

  it('cancels everything in flight; cancelled rows can be retried', async () => {
    controller.addFiles(files('a.jpg', 'b.jpg', 'c.jpg'));
    controller.cancelAll();
    expect(calls.every((call) => call.signal.aborted)).toBe(true);
    expect(statuses()).toEqual(['cancelled', 'cancelled', 'cancelled']);
    expect(controller.getSnapshot()).toMatchObject({ summary: { retryable: 3 }, runStartedAt: undefined });
    // A settings change does not restart what the user cancelled.
    controller.setSettings({ ...BASE_SETTINGS, quality: 1 });
    await vi.advanceTimersByTimeAsync(400);
    expect(pending()).toHaveLength(0);
    controller.retryFailed();
    expect(statuses()).toEqual(['working', 'working', 'queued']);
  });

  it('tracks what was downloaded; a new result is not downloaded yet', async () => {
    controller.addFiles(files('a.jpg', 'b.jpg'));
    await finishAll();
    controller.markDownloaded([items()[0]?.id ?? 0]);
    expect(controller.getSnapshot().summary.notDownloaded).toBe(1);
    controller.markDownloaded('all');
    expect(controller.getSnapshot().summary.notDownloaded).toBe(0);
    controller.setSettings({ ...BASE_SETTINGS, quality: 60 });
    await vi.advanceTimersByTimeAsync(400);
    // The old results were saved; while they are re-made nothing is lost yet.
    expect(controller.getSnapshot().summary.notDownloaded).toBe(0);
    await finishAll();
    expect(controller.getSnapshot().summary.notDownloaded).toBe(2);
  });

  it('waits for the first settings before it starts, and clears everything', async () => {
    controller.dispose();
    controller = makeController();
    controller.addFiles(files('a.jpg'));
    expect(calls).toHaveLength(0);
    controller.setSettings(BASE_SETTINGS);
    expect(calls).toHaveLength(1);
    calls[0]?.succeed();
    await flush();
    const url = items()[0]?.outputUrl;
    controller.clear();
    expect(items()).toEqual([]);
    expect(urls.revoked).toContain(url);
    expect(controller.getSnapshot().summary.total).toBe(0);
  });

  it('in the Metadata tool a format or quality change re-runs nothing', async () => {
    controller.dispose();
    controller = makeController({}, 'metadata');
    controller.setSettings(BASE_SETTINGS);
    controller.addFiles(files('a.jpg'));
    await finishAll();
    controller.setSettings({ ...BASE_SETTINGS, quality: 3, format: 'webp' });
    await vi.advanceTimersByTimeAsync(400);
    expect(calls).toHaveLength(0);
    expect(items()[0]).toMatchObject({ status: 'done', stale: false });
  });

  it('without encoder facts any change re-runs', async () => {
    controller.dispose();
    controller = makeController({ impact: undefined });
    controller.setSettings(BASE_SETTINGS);
    controller.addFiles(files('a.png'));
    await finishAll();
    controller.setSettings({ ...BASE_SETTINGS, quality: 3 });
    await vi.advanceTimersByTimeAsync(400);
    expect(calls).toHaveLength(1);
  });
});
