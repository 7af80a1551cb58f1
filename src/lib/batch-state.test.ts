import { describe, expect, it } from 'vitest';
import { batchReducer, initialBatch, itemsToStart, summarize, type BatchAction, type BatchState, type ItemResult } from './batch-state.ts';

const result: ItemResult = { fileName: 'a.webp', bytes: 40, format: 'webp', mime: 'image/webp', width: 10, height: 10, inputWidth: 10, inputHeight: 10 };
const run = (actions: BatchAction[], from: BatchState = initialBatch): BatchState => actions.reduce(batchReducer, from);
const added = run([{ type: 'add', files: [{ id: 1, name: 'a.png', bytes: 100 }, { id: 2, name: 'b.png', bytes: 200 }, { id: 3, name: 'c.png', bytes: 300 }] }]);

describe('batch reducer', () => {
  it('queues added files and starts at most the limit', () => {
    expect(summarize(added)).toMatchObject({ total: 3, queued: 3 });
    expect(itemsToStart(added, 2).map((i) => i.id)).toEqual([1, 2]);
    const started = run([{ type: 'start', id: 1, generation: 0, at: 1000 }], added);
    expect(itemsToStart(started, 2).map((i) => i.id)).toEqual([2]);
    expect(started.runStartedAt).toBe(1000);
  });

  it('records results and failures and sums the sizes', () => {
    const state = run([
      { type: 'start', id: 1, generation: 0, at: 0 },
      { type: 'start', id: 2, generation: 0, at: 1 },
      { type: 'done', id: 1, generation: 0, result },
      { type: 'failed', id: 2, generation: 0, error: 'Corrupt', permanent: true },
    ], added);
    expect(summarize(state)).toMatchObject({ done: 1, failed: 1, queued: 1, inputBytes: 100, outputBytes: 40, retryable: 0 });
    expect(state.finishedInRun).toBe(2);
    expect(state.items[1]).toMatchObject({ status: 'failed', error: 'Corrupt', permanent: true });
  });

  it('ignores late results from an older generation after a settings change', () => {
    const state = run([
      { type: 'start', id: 1, generation: 0, at: 0 },
      { type: 'settings-changed' },
      { type: 'done', id: 1, generation: 0, result },
    ], added);
    expect(state.generation).toBe(1);
    expect(state.items[0]).toMatchObject({ status: 'queued', generation: 1 });
    expect(state.items[0]?.result).toBeUndefined();
  });

  it('keeps files that failed on their own failed after a settings change', () => {
    const state = run([
      { type: 'reject', id: 9, name: 'notes.txt', bytes: 5, error: 'Not an image' },
      { type: 'settings-changed' },
    ], added);
    expect(state.items.find((i) => i.id === 9)).toMatchObject({ status: 'failed', permanent: true });
  });

  it('cancels everything in flight and retries what can be retried', () => {
    const cancelled = run([{ type: 'start', id: 1, generation: 0, at: 0 }, { type: 'cancel-all' }], added);
    expect(summarize(cancelled)).toMatchObject({ cancelled: 3, queued: 0, working: 0, retryable: 3 });
    expect(cancelled.runStartedAt).toBeUndefined();
    // A cancelled job that still reports back changes nothing.
    expect(run([{ type: 'done', id: 1, generation: 0, result }], cancelled)).toBe(cancelled);
    // A later settings change does not restart what the user cancelled.
    expect(summarize(run([{ type: 'settings-changed' }], cancelled)).cancelled).toBe(3);
    const retried = run([{ type: 'retry-failed' }], cancelled);
    expect(summarize(retried).queued).toBe(3);
  });

  it('retries a failure caused by settings but not one caused by the file', () => {
    const state = run([
      { type: 'start', id: 1, generation: 0, at: 0 },
      { type: 'failed', id: 1, generation: 0, error: 'Out of memory', permanent: false },
      { type: 'reject', id: 4, name: 'x.txt', bytes: 1, error: 'Not an image' },
      { type: 'retry-failed' },
    ], added);
    expect(state.items.find((i) => i.id === 1)?.status).toBe('queued');
    expect(state.items.find((i) => i.id === 4)?.status).toBe('failed');
  });

  it('leaves to a settings change what the same settings cannot get past (too large for the format)', () => {
    const state = run([
      { type: 'start', id: 1, generation: 0, at: 0 },
      { type: 'failed', id: 1, generation: 0, error: 'WebP images can be at most 16383 pixels wide', permanent: false, retryable: false },
      { type: 'start', id: 2, generation: 0, at: 0 },
      { type: 'failed', id: 2, generation: 0, error: 'Took longer than its time limit', permanent: false, retryable: true },
    ], added);
    expect(summarize(state).retryable).toBe(1);
    const retried = run([{ type: 'retry-failed' }], state);
    expect(retried.items.find((i) => i.id === 1)?.status).toBe('failed');
    expect(retried.items.find((i) => i.id === 2)?.status).toBe('queued');
    // A settings change (e.g. a resize) re-processes it.
    expect(run([{ type: 'settings-changed' }], state).items.find((i) => i.id === 1)?.status).toBe('queued');
  });

  it('removes rows and clears the batch', () => {
    const removed = run([{ type: 'remove', id: 2 }], added);
    expect(removed.items.map((i) => i.id)).toEqual([1, 3]);
    const cleared = run([{ type: 'clear' }], added);
    expect(cleared.items).toEqual([]);
    expect(cleared.generation).toBe(1);
  });
});
