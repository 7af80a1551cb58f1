/**
 * Runs fuzz inputs through the real engine (window.imglioEngine on /lab/) in
 * Chromium, in batches that mix hostile inputs with good ones (each batch also
 * carries a fresh control image), several jobs at once. Per input it records
 * the outcome, the error code and message, and the duration. A job that does
 * not settle within its cutoff is a hang (the runner aborts it); a page whose
 * main thread stops answering, or whose renderer dies ('crash'), is replaced,
 * and the jobs that were running in it are re-run one at a time in fresh pages
 * so the blame lands on the input that caused it.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { classify, type GenericPredicate, type Outcome, type RawResult } from './classify.ts';
import { prng } from './bytes.ts';
import type { FuzzInput, OutputFormat } from './generate.ts';
import { LEAK_MARKER } from './svg-inputs.ts';

export interface InputResult {
  readonly id: string;
  readonly format: string;
  readonly kind: string;
  readonly expect: FuzzInput['expect'];
  readonly issue?: string;
  readonly output: OutputFormat;
  readonly bytes: number;
  readonly outcome: Outcome;
  readonly code?: string;
  readonly message?: string;
  readonly detail?: string;
  readonly ms: number;
  readonly cutoffMs: number;
  readonly batch: number;
  /** Wall-clock times (Date.now()) when the page reported the job started and settled. */
  readonly startedAt?: number;
  readonly settledAt?: number;
  /** True when this result comes from a re-run alone after its page froze or crashed. */
  readonly isolated?: boolean;
  readonly resultFormat?: string;
  readonly width?: number;
  readonly height?: number;
}

export interface BatchSummary {
  readonly batch: number;
  readonly ids: readonly string[];
  readonly controlsConverted: number;
  readonly controls: number;
}

export interface RunOptions {
  readonly browser: Browser;
  readonly baseUrl: string;
  /** Inputs per batch (a control image is added to each). */
  readonly batchSize?: number;
  /** A job unsettled after this long is a hang. */
  readonly cutoffMs: (input: FuzzInput) => number;
  /** Whether a failure's message is generic (tests/fuzz/generic.ts). */
  readonly isGeneric: GenericPredicate;
  readonly log?: (line: string) => void;
  readonly seed?: number;
}

export interface RunResult {
  readonly results: InputResult[];
  readonly batches: BatchSummary[];
  /** http(s) requests after /lab/ was ready that were not the site's own code (re-read from cache by new workers). */
  readonly unexpectedRequests: string[];
  /** Requests for the site's own code (new workers re-reading /_astro/ scripts from the cache): proof the listener sees worker requests. */
  readonly codeRequests: number;
  readonly pagesOpened: number;
  readonly ms: number;
}

interface PageItem {
  readonly key: string;
  readonly base64: string;
  readonly name: string;
  readonly output: OutputFormat;
  readonly cutoffMs: number;
}

interface PageReport extends RawResult {
  readonly key: string;
  readonly phase: 'start' | 'done';
  readonly ms?: number;
  /** When Node received it. */
  readonly at?: number;
}

/** Names the runner gives the page; .bin so nothing is guessed from an extension (the engine sniffs bytes anyway). */
const fileName = (input: FuzzInput) => `${input.id.replace(/[^a-z0-9.-]+/gi, '_')}.bin`;

/** The in-page driver: at most `parallel` jobs at once; each reported when it starts and when it settles or is cut off. */
function driveInPage({ items, parallel }: { items: PageItem[]; parallel: number }): Promise<void> {
  const g = globalThis as unknown as {
    imglioEngine?: { process: (request: unknown, options: { signal: AbortSignal }) => Promise<{ output: ArrayBuffer; format: string; width: number; height: number }> };
    __fuzzReport: (report: unknown) => Promise<void>;
  };
  const engine = g.imglioEngine;
  if (!engine) throw new Error('window.imglioEngine is missing');
  const decode = (base64: string) => Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
  const hex = (buffer: ArrayBuffer) => [...new Uint8Array(buffer, 0, Math.min(16, buffer.byteLength))].map((b) => b.toString(16).padStart(2, '0')).join('');
  let next = 0;
  const runOne = async (item: PageItem) => {
    const bytes = decode(item.base64);
    const controller = new AbortController();
    await g.__fuzzReport({ key: item.key, phase: 'start', ok: false });
    const started = performance.now();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const cutoff = new Promise<Record<string, unknown>>((resolve) => {
      timer = setTimeout(() => resolve({ ok: false, hang: true }), item.cutoffMs);
    });
    const job = engine.process({ input: bytes.buffer, name: item.name, output: { format: item.output } }, { signal: controller.signal }).then(
      (result) => ({ ok: true, format: result.format, width: result.width, height: result.height, bytes: result.output.byteLength, head: hex(result.output) }),
      (error: unknown) => {
        const e = error as { code?: unknown; message?: unknown } | null;
        return { ok: false, code: String(e?.code), message: typeof e?.message === 'string' ? e.message : String(error) };
      },
    );
    const outcome: Record<string, unknown> = await Promise.race([job, cutoff]);
    clearTimeout(timer);
    if (outcome['hang']) controller.abort();
    await g.__fuzzReport({ key: item.key, phase: 'done', ms: performance.now() - started, ...outcome });
  };
  const lane = async () => {
    while (next < items.length) {
      const item = items[next] as PageItem;
      next += 1;
      await runOne(item);
    }
  };
  return Promise.all(Array.from({ length: Math.max(1, parallel) }, lane)).then(() => undefined);
}

/** A small valid image, different each time (so no cache or reuse could hide a problem). */
function controlPng(n: number): Buffer {
  // 4×4 RGB, uncompressed deflate (stored block), made by hand to stay independent of the corpus.
  const width = 4;
  const height = 4;
  const raw = Buffer.alloc(height * (1 + width * 3));
  for (let y = 0; y < height; y += 1) for (let x = 0; x < width * 3; x += 1) raw[y * (1 + width * 3) + 1 + x] = (n * 37 + x * 11 + y * 29) & 0xff;
  const stored = Buffer.concat([Buffer.from([0x78, 0x01, 0x01, raw.length & 0xff, raw.length >> 8, ~raw.length & 0xff, (~raw.length >> 8) & 0xff]), raw, adler(raw)]);
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8;
  ihdr[9] = 2;
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', stored), chunk('IEND', Buffer.alloc(0))]);
}
function adler(bytes: Buffer): Buffer {
  let a = 1;
  let b = 0;
  for (const byte of bytes) {
    a = (a + byte) % 65521;
    b = (b + a) % 65521;
  }
  const out = Buffer.alloc(4);
  out.writeUInt32BE(((b << 16) | a) >>> 0);
  return out;
}
function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  let crc = 0xffffffff;
  for (const byte of body) {
    crc ^= byte;
    for (let k = 0; k < 8; k += 1) crc = crc & 1 ? 0xedb88320 ^ (crc >>> 1) : crc >>> 1;
  }
  const tail = Buffer.alloc(4);
  tail.writeUInt32BE((crc ^ 0xffffffff) >>> 0);
  return Buffer.concat([length, body, tail]);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

class LabSession {
  context!: BrowserContext;
  page!: Page;
  crashed = false;
  private reports = new Map<string, PageReport>();
  private listeners: Array<() => void> = [];
  lastProgress = Date.now();

  constructor(
    private readonly browser: Browser,
    private readonly baseUrl: string,
    private readonly onRequest: (url: string) => void,
  ) {}

  async open(): Promise<void> {
    this.context = await this.browser.newContext();
    this.page = await this.context.newPage();
    this.crashed = false;
    this.page.on('crash', () => {
      this.crashed = true;
      this.notify();
    });
    await this.page.exposeFunction('__fuzzReport', (report: PageReport) => {
      this.reports.set(`${report.key}:${report.phase}`, { ...report, at: Date.now() });
      this.lastProgress = Date.now();
      this.notify();
    });
    await this.page.goto(`${this.baseUrl}/lab/`);
    await this.page.waitForSelector('[data-engine-ready="true"]', { timeout: 120_000 });
    // Only from here on: the page's own load and prefetch are not the inputs' doing. On the context, so
    // requests from the page's workers are seen too.
    this.context.on('request', (request) => this.onRequest(request.url()));
  }

  private notify(): void {
    for (const listener of this.listeners.splice(0)) listener();
  }

  waitForChange(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.listeners.push(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  report(key: string, phase: 'start' | 'done'): PageReport | undefined {
    return this.reports.get(`${key}:${phase}`);
  }

  async close(): Promise<void> {
    await Promise.race([this.context.close().catch(() => undefined), sleep(15_000)]);
  }
}

type BatchOutcome = { kind: 'done' } | { kind: 'frozen' | 'crashed'; suspects: string[]; notStarted: string[] };

/**
 * Runs one batch in the session's page. Resolves when every item is reported, or when the page crashed
 * or stopped reporting for longer than any cutoff could explain.
 */
async function runBatchInSession(session: LabSession, items: PageItem[], parallel: number): Promise<BatchOutcome> {
  const longest = Math.max(...items.map((item) => item.cutoffMs));
  session.lastProgress = Date.now();
  let settled = false;
  const evaluation = session.page.evaluate(driveInPage, { items, parallel }).then(
    () => { settled = true; },
    () => { settled = true; },
  );
  for (;;) {
    const allDone = items.every((item) => session.report(item.key, 'done'));
    if (allDone) {
      await Promise.race([evaluation, sleep(5_000)]);
      return { kind: 'done' };
    }
    const silentFor = Date.now() - session.lastProgress;
    if (session.crashed || (settled && !allDone) || silentFor > longest + 20_000) {
      const suspects = items.filter((item) => session.report(item.key, 'start') && !session.report(item.key, 'done')).map((item) => item.key);
      const notStarted = items.filter((item) => !session.report(item.key, 'start')).map((item) => item.key);
      return { kind: session.crashed || settled ? 'crashed' : 'frozen', suspects, notStarted };
    }
    await session.waitForChange(1_000);
  }
}

export async function runInputs(inputs: readonly FuzzInput[], options: RunOptions): Promise<RunResult> {
  const started = Date.now();
  const log = options.log ?? (() => undefined);
  const { isGeneric } = options;
  const batchSize = options.batchSize ?? 8;
  const rng = prng((options.seed ?? 10) ^ 0xba7c4);
  // A seeded shuffle, so each batch mixes formats, kinds and expectations.
  const order = [...inputs];
  for (let i = order.length - 1; i > 0; i -= 1) {
    const j = rng.int(0, i);
    [order[i], order[j]] = [order[j] as FuzzInput, order[i] as FuzzInput];
  }
  const byKey = new Map<string, FuzzInput>();
  const results = new Map<string, InputResult>();
  const unexpectedRequests: string[] = [];
  const batches: BatchSummary[] = [];
  let pagesOpened = 0;
  let codeRequests = 0;
  const onRequest = (url: string) => {
    if (!/^https?:/.test(url)) return;
    if (url.includes(LEAK_MARKER) || !url.startsWith(`${options.baseUrl}/_astro/`)) unexpectedRequests.push(url);
    else codeRequests += 1;
  };
  const newSession = async () => {
    const session = new LabSession(options.browser, options.baseUrl, onRequest);
    await session.open();
    pagesOpened += 1;
    return session;
  };
  const parallel = await (async () => {
    const probe = await newSession();
    const cores = await probe.page.evaluate(() => navigator.hardwareConcurrency);
    await probe.close();
    return Math.max(1, Math.min(8, cores));
  })();
  const toItem = (input: FuzzInput, key: string): PageItem => ({ key, base64: input.bytes.toString('base64'), name: fileName(input), output: input.output, cutoffMs: options.cutoffMs(input) });

  const record = (input: FuzzInput, key: string, batch: number, report: PageReport | undefined, override?: RawResult, isolated = false) => {
    const raw: RawResult = override ?? report ?? { ok: false, hang: true };
    const startedAt = session.report(key, 'start')?.at;
    const { outcome, detail } = classify(input, raw, isGeneric);
    const result: InputResult = {
      id: input.id,
      format: input.format,
      kind: input.kind,
      expect: input.expect,
      ...(input.issue ? { issue: input.issue } : {}),
      output: input.output,
      bytes: input.bytes.length,
      outcome,
      ...(raw.code && !raw.ok ? { code: raw.code } : {}),
      ...(raw.message !== undefined && !raw.ok ? { message: raw.message } : {}),
      ...(detail ? { detail } : {}),
      ms: Math.round(report?.ms ?? options.cutoffMs(input)),
      cutoffMs: options.cutoffMs(input),
      batch,
      ...(startedAt ? { startedAt } : {}),
      ...(report?.at ? { settledAt: report.at } : {}),
      ...(isolated ? { isolated } : {}),
      ...(raw.ok ? { resultFormat: raw.format, width: raw.width, height: raw.height } : {}),
    } as InputResult;
    results.set(key, result);
  };

  let session = await newSession();
  /** Runs `entries` in the current session; returns the keys left to run (pages that froze or crashed are replaced). */
  const runBatch = async (batch: number, entries: Array<{ key: string; input: FuzzInput }>, isolated: boolean): Promise<{ suspects: string[]; rest: string[]; kind: BatchOutcome['kind'] }> => {
    const items = entries.map(({ key, input }) => toItem(input, key));
    const outcome = await runBatchInSession(session, items, parallel);
    for (const { key, input } of entries) {
      const report = session.report(key, 'done');
      if (report) record(input, key, batch, report, undefined, isolated);
    }
    if (outcome.kind === 'done') return { suspects: [], rest: [], kind: 'done' };
    log(`batch ${batch}: page ${outcome.kind}; suspects ${outcome.suspects.join(', ') || '(none)'}`);
    await session.close();
    session = await newSession();
    return { suspects: outcome.suspects, rest: outcome.notStarted, kind: outcome.kind };
  };

  let batchNumber = 0;
  for (let i = 0; i < order.length; i += batchSize) {
    batchNumber += 1;
    const batch = batchNumber;
    const control: FuzzInput = { id: `control/${batch}`, format: 'png', kind: 'control', expect: 'valid', bytes: controlPng(batch), output: 'jpeg', note: 'control', size: { width: 4, height: 4 } };
    const entries = [...order.slice(i, i + batchSize), control].map((input) => ({ key: input.id, input }));
    for (const { key, input } of entries) byKey.set(key, input);
    let pending = entries;
    let attempts = 0;
    while (pending.length > 0 && attempts < 4) {
      attempts += 1;
      const { suspects, rest, kind } = await runBatch(batch, pending, false);
      // Each suspect alone in a fresh page: what it does there is its own result.
      for (const key of suspects) {
        const input = byKey.get(key) as FuzzInput;
        if (suspects.length === 1) {
          record(input, key, batch, undefined, kind === 'crashed' ? { ok: false, crash: true } : { ok: false, hang: true });
          continue;
        }
        const alone = await runBatch(batch, [{ key, input }], true);
        if (alone.suspects.length > 0) record(input, key, batch, undefined, alone.kind === 'crashed' ? { ok: false, crash: true } : { ok: false, hang: true }, true);
      }
      pending = rest.map((key) => ({ key, input: byKey.get(key) as FuzzInput }));
    }
    for (const { key, input } of pending) record(input, key, batch, undefined, { ok: false, hang: true });
    const controlResult = results.get(control.id);
    batches.push({ batch, ids: entries.map((e) => e.key), controls: 1, controlsConverted: controlResult?.outcome === 'converted' ? 1 : 0 });
    if (batch % 10 === 0) log(`${Math.min(order.length, i + batchSize)} / ${order.length} inputs (${Math.round((Date.now() - started) / 1000)} s)`);
  }
  await session.close();
  return { results: [...results.values()], batches, unexpectedRequests, codeRequests, pagesOpened, ms: Date.now() - started };
}
