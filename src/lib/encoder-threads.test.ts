import { describe, expect, it } from 'vitest';
import { planEncoderThreads } from './encoder-threads.ts';

describe('planEncoderThreads', () => {
  it('gives a lone threadable job the threaded build and every core', () => {
    expect(planEncoderThreads({ threadable: true, waiting: 0, busy: 0, threadBudget: 4 })).toEqual({ singleThread: false, cost: 4 });
  });

  it('runs a threadable job single-threaded on one core when others wait behind it (a batch)', () => {
    expect(planEncoderThreads({ threadable: true, waiting: 3, busy: 0, threadBudget: 4 })).toEqual({ singleThread: true, cost: 1 });
  });

  it('runs a threadable job single-threaded when other jobs are already running, so the tail of a batch does not wait for idle cores', () => {
    expect(planEncoderThreads({ threadable: true, waiting: 0, busy: 1, threadBudget: 2 })).toEqual({ singleThread: true, cost: 1 });
  });

  it('leaves other jobs alone: one core, no single-thread request', () => {
    expect(planEncoderThreads({ threadable: false, waiting: 5, busy: 1, threadBudget: 2 })).toEqual({ singleThread: false, cost: 1 });
    expect(planEncoderThreads({ threadable: false, waiting: 0, busy: 0, threadBudget: 2 })).toEqual({ singleThread: false, cost: 1 });
  });

  it('never counts a job as less than one core', () => {
    expect(planEncoderThreads({ threadable: true, waiting: 0, busy: 0, threadBudget: 0 })).toEqual({ singleThread: false, cost: 1 });
  });
});
