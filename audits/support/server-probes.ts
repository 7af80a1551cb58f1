/**
 * Direct HTTP requests to the target (not through the browser): the
 * headers of every page and script, a 404, and the refusals of methods and
 * bodies a read-only site must not accept.
 */
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { fromRawHeaders, type HeaderValues } from '../lib/header-policy.ts';

export interface ProbeResponse {
  readonly label: string;
  readonly method: string;
  readonly url: string;
  readonly status: number;
  readonly headers: HeaderValues;
  readonly body: string;
}

export function probe(label: string, url: string, method = 'GET', body?: string): Promise<ProbeResponse> {
  const target = new URL(url);
  const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const request = send(
      {
        host: target.hostname,
        port: target.port || undefined,
        path: `${target.pathname}${target.search}`,
        method,
        headers: body === undefined ? {} : { 'content-length': Buffer.byteLength(body), 'content-type': 'application/octet-stream' },
        timeout: 15_000,
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.length < 64 && chunks.push(chunk));
        response.on('end', () =>
          resolve({ label, method, url, status: response.statusCode ?? 0, headers: fromRawHeaders(response.rawHeaders), body: Buffer.concat(chunks).toString('utf8').slice(0, 2000) }),
        );
      },
    );
    request.on('timeout', () => request.destroy(new Error(`${method} ${url} timed out`)));
    request.on('error', reject);
    request.end(body);
  });
}

/** Requests that must be refused, and how. */
/** `site` is the site's URL (origin and path prefix, ending in "/"); labels name paths relative to it. */
export async function refusalProbes(site: string, token: string): Promise<Array<ProbeResponse & { refused: boolean; expected: string }>> {
  const twoKilobytes = 'x'.repeat(2048);
  const cases: Array<[string, string, string | undefined, string]> = [
    ['POST /', 'POST', 'x', '4xx (405)'],
    ['PUT /', 'PUT', 'x', '4xx (405)'],
    ['DELETE /', 'DELETE', undefined, '4xx (405)'],
    ['OPTIONS /', 'OPTIONS', undefined, '4xx (405)'],
    ['PATCH /', 'PATCH', 'x', '4xx (405)'],
    ['POST / with a 2 KB body', 'POST', twoKilobytes, '4xx (405 or 413)'],
    ['GET / with a 2 KB body', 'GET', twoKilobytes, '4xx (413)'],
  ];
  const results = [];
  for (const [label, method, body, expected] of cases) {
    const path = method === 'PUT' ? `imglio-audit-${token}.txt` : '';
    const response = await probe(label, new URL(path, site).href, method, body);
    results.push({ ...response, refused: response.status >= 400 && response.status < 500, expected });
  }
  return results;
}
