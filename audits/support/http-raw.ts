/**
 * One HTTP request whose body is kept byte for byte as it was sent on the
 * wire (Node's fetch would decompress gzip and hide what was served).
 */
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { fromRawHeaders, type HeaderValues } from '../lib/header-policy.ts';

export interface RawResponse {
  readonly method: string;
  readonly url: string;
  readonly status: number;
  readonly headers: HeaderValues;
  readonly body: Buffer;
}

const MAX_BODY_BYTES = 64 * 1024 * 1024;

export function rawRequest(url: string, options: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<RawResponse> {
  const target = new URL(url);
  const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
  const method = options.method ?? 'GET';
  return new Promise((resolve, reject) => {
    const request = send(
      {
        host: target.hostname,
        port: target.port || undefined,
        path: `${target.pathname}${target.search}`,
        method,
        headers: { ...(options.body === undefined ? {} : { 'content-length': String(Buffer.byteLength(options.body)) }), ...options.headers },
        timeout: 30_000,
        agent: false,
      },
      (response) => {
        const chunks: Buffer[] = [];
        let size = 0;
        response.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > MAX_BODY_BYTES) request.destroy(new Error(`${method} ${url}: body larger than ${MAX_BODY_BYTES} bytes`));
          else chunks.push(chunk);
        });
        response.on('end', () => resolve({ method, url, status: response.statusCode ?? 0, headers: fromRawHeaders(response.rawHeaders), body: Buffer.concat(chunks) }));
        response.on('error', reject);
      },
    );
    request.on('timeout', () => request.destroy(new Error(`${method} ${url} timed out`)));
    request.on('error', reject);
    request.end(options.body);
  });
}
