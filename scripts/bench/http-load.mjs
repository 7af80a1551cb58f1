// @ts-check
/**
 * `npm run bench:http`: a bounded loopback load test of the shipped
 * nginx.conf (Debian's nginx, scripts/nginx-server.mjs) with autocannon:
 * requests/s and latency percentiles for two pages and for the largest codec
 * chunk of the build, each with Accept-Encoding: gzip. Before measuring, it
 * checks that the chunk is answered with its gzip_static .gz (the exact
 * pre-compressed bytes, not compressed on the fly). A benchmark: it asserts
 * nothing about speed. Client and server share this machine's cores.
 *   --duration S     seconds per target (default 5)
 *   --connections N  concurrent connections (default 10)
 *   --json FILE      also write every figure
 */
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { performance } from 'node:perf_hooks';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { REPO_ROOT, startNginx } from '../nginx-server.mjs';

const { values } = parseArgs({ options: { duration: { type: 'string', default: '5' }, connections: { type: 'string', default: '10' }, json: { type: 'string' } } });
const duration = Number(values.duration);
const connections = Number(values.connections);
if (!(duration > 0 && duration <= 60) || !(connections > 0 && connections <= 1000)) {
  console.error('bench:http: --duration is 1 to 60 seconds, --connections 1 to 1000');
  process.exit(2);
}

const dist = join(REPO_ROOT, 'dist');
const astro = join(dist, '_astro');
let names;
try {
  names = readdirSync(astro);
} catch {
  console.error(`bench:http: ${astro} is missing: run "npm run build" first`);
  process.exit(2);
}
const largest = names.filter((n) => /\.(m?js|wasm)$/.test(n)).map((n) => ({ name: n, size: statSync(join(astro, n)).size })).sort((a, b) => b.size - a.size)[0];
if (!largest) throw new Error('no /_astro/*.js in the build');
const gzPath = join(astro, `${largest.name}.gz`);
const gzSize = statSync(gzPath).size;

/** One request, for checking what is served. @returns {Promise<{ status: number, headers: import('node:http').IncomingHttpHeaders, bytes: number }>} */
function head(/** @type {string} */ url) {
  return new Promise((resolve, reject) => {
    request(url, { headers: { 'accept-encoding': 'gzip' } }, (response) => {
      let bytes = 0;
      response.on('data', (chunk) => (bytes += chunk.length));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, bytes }));
    }).on('error', reject).end();
  });
}

/**
 * The same load from Node's own HTTP client (llhttp, in C): autocannon parses
 * responses in JavaScript and tops out at about 10 MB/s of body here, so for
 * the large chunk it measures itself. Keep-alive, `connections` loops at once.
 */
async function nodeClientLoad(/** @type {string} */ url) {
  const agent = new Agent({ keepAlive: true, maxSockets: connections });
  /** @type {number[]} */
  const latencies = [];
  let bytes = 0;
  const end = Date.now() + duration * 1000;
  const one = () => new Promise((resolve, reject) => {
    const start = performance.now();
    request(url, { agent, headers: { 'accept-encoding': 'gzip' } }, (response) => {
      response.on('data', (chunk) => (bytes += chunk.length));
      response.on('end', () => {
        if (response.statusCode !== 200) reject(new Error(`${url}: status ${response.statusCode}`));
        latencies.push(performance.now() - start);
        resolve(undefined);
      });
    }).on('error', reject).end();
  });
  const started = Date.now();
  await Promise.all(Array.from({ length: connections }, async () => {
    while (Date.now() < end) await one();
  }));
  const seconds = (Date.now() - started) / 1000;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  const at = (/** @type {number} */ q) => Math.round(latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0);
  return { requests: latencies.length, requestsPerSecond: latencies.length / seconds, latencyMs: { p50: at(0.5), p90: at(0.9), p99: at(0.99), max: at(1) }, throughputMBps: bytes / seconds / 1e6, errors: 0, timeouts: 0 };
}

const before = loadavg();
const nginx = await startNginx({ root: dist, accessLog: 'off' });
const results = [];
try {
  const chunkUrl = `${nginx.url}/_astro/${largest.name}`;
  const served = await head(chunkUrl);
  const gzBytes = readFileSync(gzPath).length;
  if (served.headers['content-encoding'] !== 'gzip' || Number(served.headers['content-length']) !== gzBytes || served.bytes !== gzBytes) {
    throw new Error(`/_astro/${largest.name} was not served from its .gz (Content-Encoding ${served.headers['content-encoding']}, Content-Length ${served.headers['content-length']}, ${served.bytes} bytes; the .gz has ${gzBytes})`);
  }
  const targets = [
    { label: 'page /', path: '/' },
    { label: 'page /convert/', path: '/convert/' },
    { label: `chunk /_astro/${largest.name} (${(largest.size / 1e6).toFixed(2)} MB, ${(gzSize / 1e6).toFixed(2)} MB gzip_static)`, path: `/_astro/${largest.name}` },
  ];
  for (const target of targets) {
    const result = await autocannon({ url: `${nginx.url}${target.path}`, connections, duration, headers: { 'accept-encoding': 'gzip' } });
    // Errors (mostly timeouts when the shared machine is overloaded) are reported, not hidden.
    if (result.non2xx) throw new Error(`${target.path}: ${result.non2xx} non-2xx response(s)`);
    results.push({
      target: `${target.label}, autocannon`,
      requests: result.requests.total,
      requestsPerSecond: result.requests.average,
      latencyMs: { p50: result.latency.p50, p90: result.latency.p90, p99: result.latency.p99, max: result.latency.max },
      throughputMBps: result.throughput.average / 1e6,
      errors: result.errors,
      timeouts: result.timeouts,
    });
    if (target.path.startsWith('/_astro/')) {
      const cross = await nodeClientLoad(`${nginx.url}${target.path}`);
      results.push({ target: `${target.label}, node:http client`, ...cross });
      console.log(`${target.label}, node:http client: ${cross.requestsPerSecond.toFixed(0)} req/s, p50 ${cross.latencyMs.p50} ms, p99 ${cross.latencyMs.p99} ms, ${cross.throughputMBps.toFixed(1)} MB/s`);
    }
    console.log(`${target.label}: ${result.requests.average.toFixed(0)} req/s, p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms, ${(result.throughput.average / 1e6).toFixed(1)} MB/s, ${result.errors} error(s) (${result.timeouts} timeout(s))`);
  }
} finally {
  await nginx.stop();
}
const after = loadavg();
const summary = {
  when: new Date().toISOString(),
  machine: `${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}; load average ${before.map((l) => l.toFixed(2)).join(' ')} before, ${after.map((l) => l.toFixed(2)).join(' ')} after`,
  nginx: 'Debian nginx with the shipped nginx.conf (worker_processes auto), loopback, no access log',
  client: `autocannon (and node:http for the chunk), ${connections} connections, ${duration} s per target, Accept-Encoding: gzip, keep-alive`,
  results,
};
console.log(`\n| target | req/s | p50 ms | p99 ms | MB/s | errors |\n| --- | ---: | ---: | ---: | ---: | ---: |\n${results.map((r) => `| ${r.target} | ${r.requestsPerSecond.toFixed(0)} | ${r.latencyMs.p50} | ${r.latencyMs.p99} | ${r.throughputMBps.toFixed(1)} | ${r.errors} |`).join('\n')}\n\n${summary.machine}`);
if (values.json) writeFileSync(values.json, `${JSON.stringify(summary, null, 2)}\n`);
