/**
 * The first witness: everything Playwright reports leaving the browser
 * context — requests from pages, frames, dedicated and nested workers (the
 * context-level request event covers them all in Chromium), each worker as
 * it starts, and every WebSocket frame sent or received.
 */
import type { BrowserContext, Page, Request, WebSocket, Worker } from 'playwright-core';

export interface BrowserRequest {
  readonly seq: number;
  readonly time: number;
  readonly phase: string;
  /** page, frame, or worker (dedicated or nested) that sent it. */
  readonly initiator: string;
  readonly method: string;
  readonly url: string;
  readonly resourceType: string;
  readonly headers: Record<string, string>;
  readonly body: Buffer | null;
  status?: number;
  failure?: string;
}

export interface SocketRecord {
  readonly url: string;
  readonly phase: string;
  readonly frames: Array<{ direction: 'sent' | 'received'; payload: Buffer }>;
}

export interface WorkerRecord {
  readonly url: string;
  readonly phase: string;
  readonly page: string;
}

export class BrowserRecorder {
  readonly requests: BrowserRequest[] = [];
  readonly sockets: SocketRecord[] = [];
  readonly workers: WorkerRecord[] = [];
  readonly pageErrors: Array<{ page: string; phase: string; error: string }> = [];
  private seq = 0;
  private readonly byRequest = new Map<Request, BrowserRequest>();

  constructor(private readonly phase: () => string) {}

  attach(context: BrowserContext): void {
    context.on('request', (request) => this.onRequest(request));
    context.on('requestfinished', (request) => {
      const entry = this.byRequest.get(request);
      if (!entry) return;
      void request.response().then((response) => {
        if (response) entry.status = response.status();
      }).catch(() => undefined);
    });
    context.on('requestfailed', (request) => {
      const entry = this.byRequest.get(request);
      if (entry) entry.failure = request.failure()?.errorText ?? 'failed';
    });
    context.on('page', (page) => this.attachPage(page));
    for (const page of context.pages()) this.attachPage(page);
  }

  private attachPage(page: Page): void {
    page.on('websocket', (socket) => this.onSocket(socket));
    page.on('worker', (worker) => this.onWorker(worker, page.url()));
    page.on('pageerror', (error) => this.pageErrors.push({ page: page.url(), phase: this.phase(), error: String(error) }));
  }

  private onWorker(worker: Worker, pageUrl: string): void {
    this.workers.push({ url: worker.url(), phase: this.phase(), page: pageUrl });
  }

  private onSocket(socket: WebSocket): void {
    const record: SocketRecord = { url: socket.url(), phase: this.phase(), frames: [] };
    this.sockets.push(record);
    const payload = (data: string | Buffer) => (typeof data === 'string' ? Buffer.from(data, 'utf8') : data);
    socket.on('framesent', (frame) => record.frames.push({ direction: 'sent', payload: payload(frame.payload) }));
    socket.on('framereceived', (frame) => record.frames.push({ direction: 'received', payload: payload(frame.payload) }));
  }

  private onRequest(request: Request): void {
    let initiator: string;
    try {
      const frame = request.frame();
      // Playwright attributes a dedicated (or nested) worker's requests to the frame that owns it.
      initiator = `${frame.parentFrame() ? 'frame' : 'page'} ${frame.url()} or one of its workers`;
    } catch {
      initiator = request.serviceWorker() ? `service worker ${request.serviceWorker()?.url()}` : 'worker';
    }
    const entry: BrowserRequest = {
      seq: this.seq++,
      time: Date.now(),
      phase: this.phase(),
      initiator,
      method: request.method(),
      url: request.url(),
      resourceType: request.resourceType(),
      headers: request.headers(),
      body: request.postDataBuffer(),
    };
    this.requests.push(entry);
    this.byRequest.set(request, entry);
  }
}
