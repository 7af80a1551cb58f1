/**
 * The worker pool behind ImageEngine (main thread). One job per worker at a
 * time; workers start on demand, stop when idle, and are replaced after a
 * large job (WASM memory never shrinks) or a crash. A job's failure is its
 * own: it never stalls or fails the others. A watchdog gives every job a time
 * budget (src/lib/job-budget.ts): past it, the worker is stopped and replaced
 * and the job fails alone with 'timeout'.
 */
import { encoderFor, resolveOutputFormat } from '../codecs/registry.ts';
import type { ImageFormat } from '../core/formats.ts';
import { plannedOutputSizes } from '../lib/encoder-limits.ts';
import { classifyError, timeoutError } from '../lib/image-errors.ts';
import { describeTimeout, HEADER_BUDGET_MS, jobBudget, STARTUP_BUDGET_MS, type JobBudget, type JobBudgetFacts, type JobKind, type WatchedStage } from '../lib/job-budget.ts';
import type { Threading } from '../codecs/types.ts';
import type { WorkerRequest, WorkerResponse } from '../workers/protocol.ts';
import { planEncoderThreads } from '../lib/encoder-threads.ts';
// live-view lane
import { openViewSession } from './view-session.ts';
import type { ViewSession } from '../core/types.ts';
import {
  ImageError,
  type ImageEngine,
  type JobOptions,
  type MetadataReport,
  type ProcessRequest,
  type ProcessResult,
  type StripOptions,
  type StripResult,
} from '../core/types.ts';

export interface PoolOptions {
  /** Most workers alive at once. Default: hardwareConcurrency, at most 8. */
  readonly maxWorkers?: number;
  /** Cores the pool may keep busy; a job whose encoder is threaded counts as all of them (see Threading). */
  readonly threadBudget?: number;
  /** A worker idle this long is stopped. */
  readonly idleMs?: number;
  /** A worker that held more pixels than this in one job is replaced afterwards. */
  readonly recyclePixels?: number;
  readonly createWorker?: () => Worker;
  /** Time allowed until the worker reports the job's header (default HEADER_BUDGET_MS). */
  readonly headerBudgetMs?: number;
  /**
   * Most pixels (megapixels × 10^6, the larger of input and output per job) decoded at once across the workers; a job
   * whose header would exceed it waits, before decoding, until the others finish (one job alone always runs). Two
   * big jobs together (100 MP + 64 MP) took the renderer past 3 GiB in the fuzz run. Default 100 MP.
   */
  readonly pixelBudget?: number;
  /** Replaces a job's standard budget (tests shorten it): gets the job's facts and the standard figure. */
  readonly budgetMs?: (facts: JobBudgetFacts, standardMs: number) => number;
}

/** What the pool knows of a job before its header arrives; the rest comes with the worker's 'started' message. */
interface JobIntent {
  readonly kind: JobKind;
  readonly inputBytes: number;
  readonly request?: ProcessRequest;
}

interface Job {
  readonly id: number;
  readonly message: WorkerRequest;
  readonly transfer: Transferable[];
  /** From the encoder's meta; 'all-cores-when-alone' is decided when the job starts (planEncoderThreads). */
  readonly threads: Threading;
  /** Cores this job keeps busy; set when it starts. */
  cost: number;
  readonly resolve: (response: WorkerResponse) => void;
  readonly reject: (error: ImageError) => void;
  readonly signal: AbortSignal | undefined;
  readonly onAbort: () => void;
  readonly intent: JobIntent;
  /** The watchdog: header budget until 'started', then the job's own budget. */
  timer: ReturnType<typeof setTimeout> | undefined;
  stage: WatchedStage;
  facts: JobBudgetFacts | undefined;
  /** Each step's budget; undefined when a pool option replaced the budget by one figure for the whole job. */
  steps: JobBudget['steps'] | undefined;
  budgetMs: number;
  /** The job's pixels (from its header) and whether the pool let it decode; a process job waits between the two. */
  pixels: number;
  admitted: boolean;
  /** The whole-job budget the watchdog applies once admitted (set from the header). */
  admittedBudgetMs: number;
}

interface Slot {
  readonly worker: Worker;
  job: Job | null;
  idleTimer: ReturnType<typeof setTimeout> | undefined;
  /** Set when the worker's script has loaded and it said 'ready'. */
  ready: boolean;
}

const createImageWorker = (): Worker => new Worker(new URL('../workers/image.worker.ts', import.meta.url), { type: 'module', name: 'imglio-image' });

export class WorkerPool implements ImageEngine {
  private readonly maxWorkers: number;
  private readonly threadBudget: number;
  private readonly idleMs: number;
  private readonly recyclePixels: number;
  private readonly createWorker: () => Worker;
  private readonly headerBudgetMs: number;
  private readonly budgetOverride: PoolOptions['budgetMs'];
  private readonly pixelBudget: number;
  private readonly slots: Slot[] = [];
  private readonly queue: Job[] = [];
  private nextId = 1;

  constructor(options: PoolOptions = {}) {
    const cores = Math.max(1, globalThis.navigator?.hardwareConcurrency ?? 2);
    this.maxWorkers = Math.max(1, options.maxWorkers ?? Math.min(cores, 8));
    this.threadBudget = Math.max(1, options.threadBudget ?? cores);
    this.idleMs = options.idleMs ?? 30_000;
    this.recyclePixels = options.recyclePixels ?? 16_000_000;
    this.createWorker = options.createWorker ?? createImageWorker;
    this.headerBudgetMs = options.headerBudgetMs ?? HEADER_BUDGET_MS;
    this.budgetOverride = options.budgetMs;
    this.pixelBudget = options.pixelBudget ?? 100_000_000;
  }

  /** Live worker count, for tests and the benchmark. */
  get workerCount(): number {
    return this.slots.length;
  }

  async process(request: ProcessRequest, options: JobOptions = {}): Promise<ProcessResult> {
    // Threaded builds run one thread per core by themselves, and only on a cross-origin isolated page. With
    // 'same' the format is only known once the worker has sniffed the input: the job counts as one core.
    const isolated = globalThis.crossOriginIsolated === true;
    const format = request.output.format;
    const threads: Threading = isolated && format !== 'same' ? (encoderFor(format)?.threading ?? 'single') : 'single';
    const intent: JobIntent = { kind: 'process', inputBytes: request.input.byteLength, request };
    const response = await this.submit((id) => ({ type: 'process', id, request }), [request.input], threads, options.signal, intent);
    if (response.type !== 'processed') throw new ImageError('worker-crashed', `Unexpected answer "${response.type}" from the image worker.`);
    return response.result;
  }

  async inspect(input: ArrayBuffer, options: JobOptions = {}): Promise<MetadataReport> {
    const response = await this.submit((id) => ({ type: 'inspect', id, input }), [input], 'single', options.signal, { kind: 'inspect', inputBytes: input.byteLength });
    if (response.type !== 'inspected') throw new ImageError('worker-crashed', `Unexpected answer "${response.type}" from the image worker.`);
    return response.report;
  }

  async strip(input: ArrayBuffer, options: StripOptions = {}): Promise<StripResult> {
    const response = await this.submit((id) => ({ type: 'strip', id, input, ...(options.mode ? { mode: options.mode } : {}) }), [input], 'single', options.signal, { kind: 'strip', inputBytes: input.byteLength });
    if (response.type !== 'stripped') throw new ImageError('worker-crashed', `Unexpected answer "${response.type}" from the image worker.`);
    return response.result;
  }

  // --- live-view lane: the live view's session runs in a worker of its own, outside the slots (view-session.ts) ---
  openView(input: ArrayBuffer, options: JobOptions = {}): Promise<ViewSession> {
    return openViewSession({ createWorker: this.createWorker, process: (request, jobOptions) => this.process(request, jobOptions) }, input, options);
  }
  // --- end live-view lane ---

  terminate(): void {
    for (const job of this.queue.splice(0)) this.settleWithError(job, new ImageError('aborted', 'The engine was stopped before this job ran.'));
    for (const slot of [...this.slots]) {
      const job = slot.job;
      this.removeSlot(slot);
      if (job) this.settleWithError(job, new ImageError('aborted', 'The engine was stopped while this job ran.'));
    }
  }

  private submit(build: (id: number) => WorkerRequest, transfer: Transferable[], threads: Threading, signal: AbortSignal | undefined, intent: JobIntent): Promise<WorkerResponse> {
    if (signal?.aborted) return Promise.reject(new ImageError('aborted', 'The job was cancelled before it started.'));
    return new Promise<WorkerResponse>((resolve, reject) => {
      const id = this.nextId++;
      const job: Job = {
        id,
        message: build(id),
        transfer,
        threads,
        cost: 1,
        resolve,
        reject,
        signal,
        onAbort: () => this.abort(job),
        intent,
        timer: undefined,
        stage: 'header',
        facts: undefined,
        steps: undefined,
        budgetMs: 0,
        pixels: 0,
        admitted: intent.kind !== 'process',
        admittedBudgetMs: 0,
      };
      signal?.addEventListener('abort', job.onAbort, { once: true });
      this.queue.push(job);
      // Deferred a microtask so jobs submitted together (Promise.all over a batch) are all queued
      // before the first starts: that is how an AVIF job knows it is part of a batch.
      queueMicrotask(() => this.dispatch());
    });
  }

  private busyThreads(): number {
    return this.slots.reduce((sum, slot) => sum + (slot.job?.cost ?? 0), 0);
  }

  /** Starts queued jobs in order while cores and workers allow. */
  private dispatch(): void {
    this.admitWaiting();
    while (this.queue.length > 0) {
      const job = this.queue[0] as Job;
      const busy = this.busyThreads();
      const plan = planEncoderThreads({ threadable: job.threads === 'all-cores-when-alone', waiting: this.queue.length - 1, busy, threadBudget: this.threadBudget });
      const cost = job.threads === 'all-cores' ? this.threadBudget : plan.cost;
      if (busy > 0 && busy + cost > this.threadBudget) return;
      let slot = this.slots.find((candidate) => candidate.job === null);
      if (!slot) {
        if (this.slots.length >= this.maxWorkers) return;
        slot = this.startWorker();
      }
      this.queue.shift();
      clearTimeout(slot.idleTimer);
      job.cost = cost;
      const message = plan.singleThread && job.message.type === 'process' ? { ...job.message, singleThread: true } : job.message;
      try {
        slot.worker.postMessage(message, job.transfer);
      } catch (error) {
        // e.g. an input buffer that was already transferred (detached): fail this job alone.
        this.scheduleIdleStop(slot);
        this.settleWithError(job, classifyError(error, { stage: 'transfer' }));
        continue;
      }
      slot.job = job;
      // Until the header is reported; a worker still loading its code gets the start-up time on top.
      this.arm(slot, job, this.headerBudgetMs + (slot.ready ? 0 : STARTUP_BUDGET_MS));
    }
  }

  /** (Re)starts the job's watchdog: when it fires, the worker is stopped whatever it is doing (even a synchronous loop). */
  private arm(slot: Slot, job: Job, ms: number): void {
    clearTimeout(job.timer);
    job.budgetMs = ms;
    job.timer = setTimeout(() => this.onTimeout(slot, job), ms);
  }

  /** The job's own budget, from the header the worker reported (size and format) and the request. */
  private budgetFor(job: Job, header: { readonly format: ImageFormat; readonly width: number; readonly height: number }): JobBudgetFacts {
    const request = job.intent.request;
    const base = { kind: job.intent.kind, inputFormat: header.format, width: header.width, height: header.height, inputBytes: job.intent.inputBytes };
    const wanted = request?.output.format ?? (job.intent.kind === 'strip' ? 'same' : undefined);
    if (wanted === undefined) return base;
    let encoder;
    try {
      encoder = resolveOutputFormat(wanted, header.format);
    } catch {
      return base; // the worker refuses the format itself
    }
    const defaults = Object.fromEntries(encoder.options.map((option) => [option.key, option.default]));
    const quality = request?.output.quality !== undefined && encoder.qualityKey ? { [encoder.qualityKey]: request.output.quality } : {};
    const sizes = plannedOutputSizes(header, request?.edits);
    const pixels = sizes.length > 0 ? Math.max(...sizes.map((size) => size.width * size.height)) : header.width * header.height;
    const edited = request?.edits !== undefined && Object.keys(request.edits).length > 0;
    return { ...base, output: { format: encoder.format, options: { ...defaults, ...request?.output.codecOptions, ...quality }, smart: request?.smart?.kind ?? 'none', pixels, edited } };
  }

  private onStarted(slot: Slot, job: Job, header: { readonly format: ImageFormat; readonly width: number; readonly height: number }): void {
    const facts = this.budgetFor(job, header);
    const budget = jobBudget(facts);
    job.facts = facts;
    if (job.stage === 'header') job.stage = 'decode';
    if (this.budgetOverride) {
      job.admittedBudgetMs = Math.max(1, this.budgetOverride(facts, budget.ms));
    } else if (job.intent.kind !== 'process') {
      // Only process jobs report their steps; inspect and strip get the whole budget at once.
      job.admittedBudgetMs = budget.ms;
    } else {
      job.steps = budget.steps;
      job.admittedBudgetMs = budget.steps.decode;
    }
    if (job.intent.kind !== 'process') {
      this.arm(slot, job, job.admittedBudgetMs);
      return;
    }
    job.pixels = Math.max(header.width * header.height, facts.output?.pixels ?? 0);
    if (this.fitsInMemory(job)) this.admit(slot, job);
    // Waits, idle and before decoding, until the jobs in flight leave room: no clock runs meanwhile.
    else clearTimeout(job.timer);
  }

  private fitsInMemory(job: Job): boolean {
    const inFlight = this.slots.reduce((sum, slot) => sum + (slot.job?.admitted ? slot.job.pixels : 0), 0);
    return inFlight === 0 || inFlight + job.pixels <= this.pixelBudget;
  }

  private admit(slot: Slot, job: Job): void {
    job.admitted = true;
    slot.worker.postMessage({ type: 'proceed', id: job.id } satisfies WorkerRequest);
    this.arm(slot, job, job.admittedBudgetMs);
  }

  /** Jobs that reported their header and wait for room, in slot order. */
  private admitWaiting(): void {
    for (const slot of this.slots) {
      const job = slot.job;
      if (job && job.facts && !job.admitted && this.fitsInMemory(job)) this.admit(slot, job);
    }
  }

  /** Each step the worker reports gets its own share (inspect and strip report none: decode's covers them). */
  private onStage(slot: Slot, job: Job, stage: 'decode' | 'edit' | 'encode'): void {
    job.stage = stage;
    if (job.steps) this.arm(slot, job, job.steps[stage]);
  }

  /** Past its budget: the worker is stopped and replaced, the job fails alone, the queue goes on. */
  private onTimeout(slot: Slot, job: Job): void {
    if (slot.job !== job) return;
    this.removeSlot(slot);
    const { what, advice } = describeTimeout(job.facts ?? { kind: job.intent.kind }, job.facts ? job.stage : 'header');
    this.settleWithError(job, timeoutError(what, job.budgetMs, advice));
    this.dispatch();
  }

  private startWorker(): Slot {
    const worker = this.createWorker();
    const slot: Slot = { worker, job: null, idleTimer: undefined, ready: false };
    worker.onmessage = (event: MessageEvent<WorkerResponse>) => this.onResponse(slot, event.data);
    worker.onerror = (event: ErrorEvent) => {
      event.preventDefault();
      // event.message is engine text ("Uncaught RangeError: …"): the job's message says what it was doing instead.
      this.onCrash(slot);
    };
    worker.onmessageerror = () => this.onCrash(slot);
    this.slots.push(slot);
    return slot;
  }

  private onResponse(slot: Slot, response: WorkerResponse): void {
    if (response.type === 'ready') {
      slot.ready = true;
      // The job handed over while the worker loaded now gets the plain header budget.
      if (slot.job && !slot.job.facts) this.arm(slot, slot.job, this.headerBudgetMs);
      return;
    }
    const job = slot.job;
    if (!job || job.id !== response.id) return;
    if (response.type === 'started') {
      this.onStarted(slot, job, response);
      return;
    }
    if (response.type === 'stage') {
      this.onStage(slot, job, response.stage);
      return;
    }
    slot.job = null;
    const peak = response.type === 'processed' || response.type === 'failed' ? response.peakPixels : 0;
    if (peak > this.recyclePixels || (response.type === 'failed' && response.replaceWorker)) this.removeSlot(slot);
    else this.scheduleIdleStop(slot);
    // Classified in the worker already; a generic message that slipped through still gets a sentence.
    if (response.type === 'failed') this.settleWithError(job, classifyError(ImageError.fromData(response.error), { stage: 'worker' }));
    else this.settle(job, () => job.resolve(response));
    this.dispatch();
  }

  /** A crashed (or out-of-memory) worker is replaced; only its own job fails. */
  private onCrash(slot: Slot): void {
    const job = slot.job;
    const started = slot.ready;
    this.removeSlot(slot);
    if (job) {
      // A worker that never said 'ready' did not crash: its script could not be loaded (typically offline on first use).
      const error = started
        ? new ImageError('worker-crashed', `The image worker crashed while ${crashStage(job.stage)}; it may have run out of memory. Try a smaller image, another format, or fewer files at once.`)
        : new ImageError('worker-crashed', `The image worker could not start: its code could not be loaded from the server (you may be offline). Reconnect, then use "Retry failed".`);
      this.settleWithError(job, error);
    }
    this.dispatch();
  }

  private abort(job: Job): void {
    const queued = this.queue.indexOf(job);
    if (queued >= 0) {
      this.queue.splice(queued, 1);
    } else {
      const slot = this.slots.find((candidate) => candidate.job === job);
      if (!slot) return;
      // A running WASM encode cannot be interrupted: stop its worker.
      this.removeSlot(slot);
    }
    this.settleWithError(job, new ImageError('aborted', 'The job was cancelled.'));
    this.dispatch();
  }

  private scheduleIdleStop(slot: Slot): void {
    clearTimeout(slot.idleTimer);
    slot.idleTimer = setTimeout(() => {
      if (slot.job === null) this.removeSlot(slot);
    }, this.idleMs);
  }

  private removeSlot(slot: Slot): void {
    clearTimeout(slot.idleTimer);
    slot.job = null;
    slot.worker.terminate();
    const index = this.slots.indexOf(slot);
    if (index >= 0) this.slots.splice(index, 1);
  }

  private settle(job: Job, finish: () => void): void {
    clearTimeout(job.timer);
    job.signal?.removeEventListener('abort', job.onAbort);
    finish();
  }

  private settleWithError(job: Job, error: ImageError): void {
    this.settle(job, () => job.reject(error));
  }
}

const crashStage = (stage: WatchedStage): string => (stage === 'header' ? 'reading the file' : stage === 'decode' ? 'decoding' : stage === 'edit' ? 'editing' : 'encoding');

let shared: WorkerPool | undefined;

/** The page's shared engine; workers start on the first job. */
export function getEngine(): WorkerPool {
  shared ??= new WorkerPool();
  return shared;
}
