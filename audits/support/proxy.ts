/**
 * A recording HTTP proxy on loopback. Chromium is launched with
 * `--proxy-server` pointing here and `--proxy-bypass-list=<-loopback>`, so
 * every request the browser makes, loopback included, passes through it and
 * is written down byte for byte before it is forwarded. This is the audit's
 * second, independent witness: it does not rely on anything the browser or
 * Playwright says about itself.
 *
 * Plain HTTP requests are forwarded to the origin; CONNECT tunnels (HTTPS,
 * and WebSockets opened through a proxy) are forwarded too and their bytes
 * recorded (encrypted for TLS, readable for plain ws://). Hosts under
 * `.invalid` never resolve, so they are answered here (the red team aims at
 * such a host to see whether anything gets out).
 */
import { createServer, request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import { connect, type Socket } from 'node:net';

export interface ProxyEntry {
  /** Sequence number across the whole audit. */
  readonly seq: number;
  readonly time: number;
  /** Free-form label set by the runner (which page or phase was active). */
  readonly phase: string;
  readonly kind: 'http' | 'connect';
  readonly method: string;
  readonly url: string;
  readonly requestHeaders: Record<string, string>;
  /** Request body (HTTP) or client→server bytes (tunnel), capped. */
  body: Buffer;
  bodyBytes: number;
  status?: number;
  responseHeaders?: Record<string, string>;
  /** Raw header lines, so repeated headers (two CSPs, several Set-Cookie) stay visible. */
  responseRawHeaders?: string[];
  error?: string;
}

const BODY_CAP = 8 * 1024 * 1024;

function flatHeaders(headers: IncomingMessage['headers']): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) flat[name.toLowerCase()] = Array.isArray(value) ? value.join('\n') : value;
  }
  return flat;
}

function append(entry: ProxyEntry, chunk: Buffer): void {
  entry.bodyBytes += chunk.length;
  if (entry.body.length < BODY_CAP) entry.body = Buffer.concat([entry.body, chunk.subarray(0, BODY_CAP - entry.body.length)]);
}

export interface RecordingProxy {
  readonly port: number;
  readonly entries: ProxyEntry[];
  phase: string;
  stop(): Promise<void>;
}

/** `host`: where to listen; loopback by default, the host end of the browser's veth under the packet witness. */
export async function startRecordingProxy(host = '127.0.0.1'): Promise<RecordingProxy> {
  const entries: ProxyEntry[] = [];
  const sockets = new Set<Socket>();
  let seq = 0;
  const state = { phase: 'start' };

  const newEntry = (kind: ProxyEntry['kind'], request: IncomingMessage, url: string): ProxyEntry => {
    const entry: ProxyEntry = {
      seq: seq++,
      time: Date.now(),
      phase: state.phase,
      kind,
      method: request.method ?? '?',
      url,
      requestHeaders: flatHeaders(request.headers),
      body: Buffer.alloc(0),
      bodyBytes: 0,
    };
    entries.push(entry);
    return entry;
  };

  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    const url = request.url ?? '';
    const entry = newEntry('http', request, url);
    let target: URL;
    try {
      target = new URL(url);
    } catch {
      entry.error = 'not an absolute URL (direct request to the proxy)';
      response.writeHead(400).end();
      return;
    }
    if (target.hostname.endsWith('.invalid') || target.protocol !== 'http:') {
      request.on('data', (chunk: Buffer) => append(entry, chunk));
      request.on('end', () => {
        entry.status = 502;
        response.writeHead(502, { 'content-type': 'text/plain' }).end('recorded by the audit proxy, not forwarded');
      });
      return;
    }
    const headers = { ...request.headers };
    delete headers['proxy-connection'];
    const upstream = httpRequest(
      { host: target.hostname, port: target.port || 80, path: `${target.pathname}${target.search}`, method: request.method, headers },
      (upstreamResponse) => {
        entry.status = upstreamResponse.statusCode ?? 0;
        entry.responseHeaders = flatHeaders(upstreamResponse.headers);
        entry.responseRawHeaders = upstreamResponse.rawHeaders;
        response.writeHead(upstreamResponse.statusCode ?? 502, upstreamResponse.rawHeaders);
        upstreamResponse.pipe(response);
      },
    );
    upstream.on('error', (error) => {
      entry.error = String(error);
      if (!response.headersSent) response.writeHead(502);
      response.end();
    });
    request.on('data', (chunk: Buffer) => append(entry, chunk));
    request.pipe(upstream);
  });

  server.on('connect', (request: IncomingMessage, client: Socket, head: Buffer) => {
    const authority = request.url ?? '';
    const entry = newEntry('connect', request, authority);
    sockets.add(client);
    client.on('close', () => sockets.delete(client));
    if (head.length) append(entry, head);
    const [host, port] = authority.split(':');
    if (!host || host.endsWith('.invalid')) {
      entry.status = 502;
      client.end('HTTP/1.1 502 Bad Gateway\r\n\r\n');
      return;
    }
    const upstream = connect(Number(port) || 443, host, () => {
      entry.status = 200;
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length) upstream.write(head);
      client.on('data', (chunk: Buffer) => append(entry, chunk));
      upstream.pipe(client);
      client.pipe(upstream);
    });
    sockets.add(upstream);
    upstream.on('close', () => sockets.delete(upstream));
    upstream.on('error', (error) => {
      entry.error = String(error);
      client.destroy();
    });
    client.on('error', () => upstream.destroy());
  });
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    port,
    entries,
    get phase() {
      return state.phase;
    },
    set phase(value: string) {
      state.phase = value;
    },
    stop: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
