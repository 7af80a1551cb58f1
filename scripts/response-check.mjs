// @ts-check
/**
 * Raw HTTP requests and the byte-exact comparison of response headers with
 * the build manifest's per-class table. Shared by the e2e test of the
 * manifest and the offline-bundle check.
 */
import { request as httpRequest } from 'node:http';

/**
 * @typedef {{ status: number, lines: Array<[string, string]>, body: Buffer }} RawResponse
 *   `lines`: every header line as sent, in order, names lower-cased.
 */

/**
 * @param {string} base
 * @param {string} path
 * @param {{ method?: string, headers?: Record<string, string>, body?: string }} [init]
 * @returns {Promise<RawResponse>}
 */
export function rawRequest(base, path, init = {}) {
  const url = new URL(path, base);
  const headers = { ...(init.headers ?? {}), ...(init.body === undefined ? {} : { 'content-length': String(Buffer.byteLength(init.body)) }) };
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: url.hostname, port: url.port, path: url.pathname, method: init.method ?? 'GET', headers }, (response) => {
      /** @type {Buffer[]} */
      const chunks = [];
      response.on('data', (chunk) => chunks.push(chunk));
      response.on('end', () => {
        /** @type {Array<[string, string]>} */
        const lines = [];
        for (let i = 0; i < response.rawHeaders.length; i += 2) lines.push([(response.rawHeaders[i] ?? '').toLowerCase(), response.rawHeaders[i + 1] ?? '']);
        resolve({ status: response.statusCode ?? 0, lines, body: Buffer.concat(chunks) });
      });
    });
    req.on('error', reject);
    req.end(init.body);
  });
}

/**
 * Differences between the headers a response carries and its class in the
 * manifest: each header of the class exactly once with exactly its value,
 * and no header that only other classes set.
 * @param {RawResponse} response
 * @param {Record<string, Record<string, string>>} table the manifest's `headers`
 * @param {string} responseClass
 * @returns {string[]}
 */
export function headerDifferences(response, table, responseClass) {
  const expected = table[responseClass];
  if (!expected) return [`the manifest has no response class ${responseClass}`];
  /** @type {string[]} */
  const problems = [];
  for (const [name, value] of Object.entries(expected)) {
    const sent = response.lines.filter(([line]) => line === name.toLowerCase()).map(([, v]) => v);
    if (sent.length !== 1 || sent[0] !== value) problems.push(`${name}: expected ${JSON.stringify(value)}, sent ${sent.length ? sent.map((v) => JSON.stringify(v)).join(' + ') : 'nothing'}`);
  }
  const own = new Set(Object.keys(expected).map((name) => name.toLowerCase()));
  const governed = new Set(Object.values(table).flatMap((headers) => Object.keys(headers).map((name) => name.toLowerCase())));
  for (const [name, value] of response.lines) {
    if (governed.has(name) && !own.has(name)) problems.push(`${name}: not part of ${responseClass}, sent ${JSON.stringify(value)}`);
  }
  return problems;
}
