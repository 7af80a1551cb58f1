// @ts-check
/**
 * The anonymized access log (docker/access-log.sh + the map in nginx.conf)
 * truncates IPv6 clients to /48 and IPv4 clients to /24, drops the query
 * string, and logs no referrer or user agent: real nginx with the shipped
 * nginx.conf, listening on [::1] and on 127.0.0.1, real requests.
 * ::1 itself truncates to "::" (its first 48 bits are zero), so to see the
 * map cut real addresses, a second run lets nginx's realip module take the
 * client address from a test header (a test-only line added to the rendered
 * configuration; the shipped one trusts no header).
 */
import { readFileSync, existsSync } from 'node:fs';
import { request } from 'node:http';
import { describe, expect, it } from 'vitest';
import { startNginx } from './nginx-server.mjs';

const DIST = new URL('../dist/', import.meta.url).pathname;
const TEST_CLIENT_HEADER = 'X-Imglio-Test-Client';

function get(/** @type {string} */ url, /** @type {Record<string, string>} */ headers = {}) {
  return new Promise((resolve, reject) => {
    request(url, { headers: { 'user-agent': 'imglio-log-test-agent', referer: 'https://referrer.example/secret', ...headers } }, (response) => {
      response.resume();
      response.on('end', () => resolve(response.statusCode));
    }).on('error', reject).end();
  });
}

async function logLines(/** @type {string} */ path, /** @type {number} */ count) {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const lines = existsSync(path) ? readFileSync(path, 'utf8').split('\n').filter(Boolean) : [];
    if (lines.length >= count || Date.now() > deadline) return lines;
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('the anonymized access log', () => {
  it('logs a request from ::1 to nginx on [::1] as "::" (the /48), with the path but not the query, referrer or user agent', async () => {
    const nginx = await startNginx({ root: DIST, host: '[::1]', accessLog: 'anonymized' });
    try {
      expect(nginx.url).toMatch(/^http:\/\/\[::1\]:\d+$/);
      expect(await get(`${nginx.url}/convert/?file=holiday.jpg`)).toBe(200);
      const [line = ''] = await logLines(nginx.accessLogPath ?? '', 1);
      expect(line).toMatch(/^:: \[\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d\] "GET \/convert\/" 200 \d+$/);
      expect(line).not.toMatch(/::1|holiday|referrer|imglio-log-test-agent/);
    } finally {
      await nginx.stop();
    }
  });

  it('logs a request from 127.0.0.1 as 127.0.0.0 (the /24)', async () => {
    const nginx = await startNginx({ root: DIST, accessLog: 'anonymized' });
    try {
      expect(await get(`${nginx.url}/?q=secret`)).toBe(200);
      const [line = ''] = await logLines(nginx.accessLogPath ?? '', 1);
      expect(line).toMatch(/^127\.0\.0\.0 \[[^\]]+\] "GET \/" 200 \d+$/);
    } finally {
      await nginx.stop();
    }
  });

  it('cuts every form of IPv6 address to its first 48 bits and IPv4 to /24', async () => {
    const cases = [
      ['2001:db8:85a3:8d3:1319:8a2e:370:7348', '2001:db8:85a3::'],
      ['2001:db8:85a3::8a2e:370:7334', '2001:db8:85a3::'],
      ['2001:db8::1', '2001:db8::'],
      ['fd12:3456:789a:1::42', 'fd12:3456:789a::'],
      ['2001::7', '2001::'],
      ['::ffff:192.0.2.77', '::'],
      ['::', '::'],
      ['192.0.2.77', '192.0.2.0'],
      ['10.1.2.3', '10.1.2.0'],
    ];
    const nginx = await startNginx({
      root: DIST,
      host: '[::1]',
      accessLog: 'anonymized',
      transformMainConf: (conf) => conf.replace('server_name _;', `server_name _;\n        set_real_ip_from ::1;\n        real_ip_header ${TEST_CLIENT_HEADER};`),
    });
    try {
      for (const [address] of cases) expect(await get(`${nginx.url}/`, { [TEST_CLIENT_HEADER]: address ?? '' })).toBe(200);
      const lines = await logLines(nginx.accessLogPath ?? '', cases.length);
      expect(lines.map((l) => l.split(' ')[0])).toEqual(cases.map(([, logged]) => logged));
      for (const [address] of cases.filter(([a]) => a !== '::')) for (const line of lines) expect(line).not.toContain(address);
    } finally {
      await nginx.stop();
    }
  });
});
