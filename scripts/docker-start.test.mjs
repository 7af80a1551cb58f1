// @ts-check
/**
 * The image's start-up scripts, run as the container runs them (POSIX sh:
 * dash here, BusyBox ash in the Alpine image): 10-imglio-validate-env.sh stops
 * the start with the reason for every bad value, and 30-imglio-tls.sh's HTTPS
 * server passes `nginx -t` and serves exactly the plain server's headers plus
 * HSTS (self-signed certificate made by openssl for this run).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TLS_ONLY_HEADERS } from '../src/lib/security-headers.ts';
import { HEADERS_CONF, renderNginxConf, renderSiteConf, startNginx, testNginxConf, TLS_SCRIPT, VALIDATE_ENV_SCRIPT } from './nginx-server.mjs';
import { makeSelfSignedCertificate } from './tls-cert.mjs';

const work = mkdtempSync(join(tmpdir(), 'imglio-docker-start-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const certificate = makeSelfSignedCertificate(work);
const noCertDir = join(work, 'no-cert');
mkdirSync(noCertDir);

/** The environment a container starts with: nothing of this process's IMGLIO_* leaks in. */
function cleanEnv(/** @type {Record<string, string>} */ extra) {
  /** @type {Record<string, string>} */
  const env = {};
  for (const [name, value] of Object.entries(process.env)) if (!name.startsWith('IMGLIO_') && value !== undefined) env[name] = value;
  return { ...env, IMGLIO_TLS_CERT: join(noCertDir, 'tls.crt'), IMGLIO_TLS_KEY: join(noCertDir, 'tls.key'), ...extra };
}

function validate(/** @type {string} */ shell, /** @type {Record<string, string>} */ env) {
  const run = spawnSync(shell, [VALIDATE_ENV_SCRIPT], { encoding: 'utf8', env: cleanEnv(env) });
  return { status: run.status, stderr: run.stderr };
}

const TRANSPORT = ['date', 'content-length', 'connection', 'etag', 'last-modified', 'accept-ranges', 'keep-alive'];
const SHELLS = ['sh', 'dash'].filter((shell) => spawnSync('sh', ['-c', `command -v ${shell}`]).status === 0);

describe.each(SHELLS)('10-imglio-validate-env.sh (%s)', (shell) => {
  it('accepts the defaults and every documented good value', () => {
    const good = [
      {},
      { IMGLIO_ACCESS_LOG: 'off' },
      { IMGLIO_ACCESS_LOG: 'anonymized', IMGLIO_ACCESS_LOG_PATH: '/dev/stdout' },
      { IMGLIO_BASE_PATH: '/' },
      { IMGLIO_BASE_PATH: '' },
      { IMGLIO_BASE_PATH: '/tools/imglio/' },
      { IMGLIO_BASE_PATH: '/tools/imglio' },
      { IMGLIO_BASE_PATH: '/a.b_c~d-e/F9/' },
      { IMGLIO_TLS: 'off' },
      { IMGLIO_TLS: 'auto' },
      { IMGLIO_TLS: 'on', IMGLIO_TLS_CERT: certificate.cert, IMGLIO_TLS_KEY: certificate.key },
      { IMGLIO_TLS_CERT: certificate.cert, IMGLIO_TLS_KEY: certificate.key },
      { IMGLIO_TLS_LISTEN: '127.0.0.1:9443' },
      { IMGLIO_TLS_LISTEN: '[::1]:9443' },
      { IMGLIO_TLS_REDIRECT: 'off', IMGLIO_HTTPS_PORT: '8443' },
    ];
    for (const env of good) {
      const result = validate(shell, env);
      expect({ env, ...result }).toMatchObject({ status: 0 });
      expect(result.stderr).toContain('imglio: configuration valid');
    }
  });

  it('stops (exit 1) on every bad value, naming the variable, the value and what to set', () => {
    /** @type {Array<[Record<string, string>, RegExp]>} */
    const bad = [
      [{ IMGLIO_ACCESS_LOG: 'full' }, /IMGLIO_ACCESS_LOG must be 'off' or 'anonymized', not 'full'/],
      [{ IMGLIO_ACCESS_LOG_PATH: 'relative.log' }, /IMGLIO_ACCESS_LOG_PATH must be an absolute path, not 'relative.log'/],
      [{ IMGLIO_BASE_PATH: 'tools/imglio' }, /IMGLIO_BASE_PATH must start with '\/'/],
      [{ IMGLIO_BASE_PATH: '/tools//imglio/' }, /IMGLIO_BASE_PATH must be '\/' or a path like \/tools\/imglio\//],
      [{ IMGLIO_BASE_PATH: '/tools/../etc/' }, /none starting with '\.', none '_imglio'\), not '\/tools\/\.\.\/etc\/'/],
      [{ IMGLIO_BASE_PATH: '/tools/./x' }, /IMGLIO_BASE_PATH must be/],
      [{ IMGLIO_BASE_PATH: '/tools imglio/' }, /IMGLIO_BASE_PATH must be/],
      [{ IMGLIO_BASE_PATH: '/tools/imglio/?x=1' }, /IMGLIO_BASE_PATH must be/],
      [{ IMGLIO_TLS: 'yes' }, /IMGLIO_TLS must be 'auto', 'on' or 'off', not 'yes'/],
      [{ IMGLIO_TLS: 'on' }, /TLS is on but IMGLIO_TLS_CERT \(.*tls\.crt\) is not mounted: mount the certificate and key \(PEM\) or set IMGLIO_TLS=off/],
      [{ IMGLIO_TLS_CERT: certificate.cert }, /TLS is on but IMGLIO_TLS_KEY .* is not mounted/],
      [{ IMGLIO_TLS: 'on', IMGLIO_TLS_CERT: certificate.key, IMGLIO_TLS_KEY: certificate.key }, /IMGLIO_TLS_CERT .* is not a PEM certificate/],
      [{ IMGLIO_TLS: 'on', IMGLIO_TLS_CERT: certificate.cert, IMGLIO_TLS_KEY: certificate.cert }, /IMGLIO_TLS_KEY .* is not a PEM private key/],
      [{ IMGLIO_TLS_LISTEN: '99999' }, /IMGLIO_TLS_LISTEN must be a port \(1-65535\) or address:port/],
      [{ IMGLIO_TLS_LISTEN: 'localhost:8443' }, /IMGLIO_TLS_LISTEN must be/],
      [{ IMGLIO_TLS_REDIRECT: 'true' }, /IMGLIO_TLS_REDIRECT must be 'on' or 'off', not 'true'/],
      [{ IMGLIO_HTTPS_PORT: '0' }, /IMGLIO_HTTPS_PORT must be a port number from 1 to 65535, not '0'/],
      [{ IMGLIO_HTTPS_PORT: '443x' }, /IMGLIO_HTTPS_PORT must be a port number/],
    ];
    for (const [env, message] of bad) {
      const result = validate(shell, env);
      expect({ env, status: result.status }).toEqual({ env, status: 1 });
      expect(result.stderr, JSON.stringify(env)).toMatch(message);
      expect(result.stderr).toMatch(/invalid setting\(s\); the container stops/);
    }
  });

  it('reports every bad value at once, and only warns about an unknown IMGLIO_ name', () => {
    const both = validate(shell, { IMGLIO_ACCESS_LOG: 'x', IMGLIO_TLS: 'y' });
    expect(both.status).toBe(1);
    expect(both.stderr).toMatch(/2 invalid setting\(s\)/);
    const typo = validate(shell, { IMGLIO_ACESS_LOG: 'anonymized' });
    expect(typo.status).toBe(0);
    expect(typo.stderr).toMatch(/warning: IMGLIO_ACESS_LOG is not a variable Imglio reads \(misspelt\?\)/);
  });

  it('ends the start-up when the entrypoint sources it inside its `set -e` loop, and lets the next script run when valid', () => {
    // How the nginx image runs /docker-entrypoint.d/*.sh: in a pipeline with set -e (sourced or executed).
    const loop = (/** @type {string} */ how) => `set -e; printf '%s\\n' '${VALIDATE_ENV_SCRIPT}' | while read -r f; do ${how} "$f"; done; echo next-script-ran`;
    for (const how of ['.', shell]) {
      const bad = spawnSync(shell, ['-c', loop(how)], { encoding: 'utf8', env: cleanEnv({ IMGLIO_TLS: 'maybe' }) });
      expect(bad.status, how).not.toBe(0);
      expect(bad.stdout).not.toContain('next-script-ran');
      const good = spawnSync(shell, ['-c', loop(how)], { encoding: 'utf8', env: cleanEnv({}) });
      expect(good.status, how).toBe(0);
      expect(good.stdout).toContain('next-script-ran');
    }
  });
});

describe('30-imglio-tls.sh', () => {
  const run = (/** @type {Record<string, string>} */ env) => spawnSync('sh', [TLS_SCRIPT], { encoding: 'utf8', env: cleanEnv({ IMGLIO_TLS_CONF_DIR: join(work, 'tls-conf'), ...env }) });

  it('writes nothing without a certificate (plain HTTP only), the HTTPS server with one', () => {
    expect(run({}).status).toBe(0);
    expect(existsSync(join(work, 'tls-conf', 'tls.conf'))).toBe(false);
    const on = run({ IMGLIO_TLS_CERT: certificate.cert, IMGLIO_TLS_KEY: certificate.key });
    expect(on.status).toBe(0);
    const conf = readFileSync(join(work, 'tls-conf', 'tls.conf'), 'utf8');
    expect(conf).toMatch(/^listen 8443 ssl;$/m);
    expect(conf).toMatch(/^ssl_protocols TLSv1\.2 TLSv1\.3;$/m);
    expect(conf).toContain(`ssl_certificate ${certificate.cert};`);
    expect(conf).toMatch(/^if \(\$imglio_to_https\) \{ return 301 https:\/\/\$host\$request_uri; \}$/m);
    const noRedirect = run({ IMGLIO_TLS_CERT: certificate.cert, IMGLIO_TLS_KEY: certificate.key, IMGLIO_TLS_REDIRECT: 'off' });
    expect(noRedirect.status).toBe(0);
    expect(readFileSync(join(work, 'tls-conf', 'tls.conf'), 'utf8')).not.toContain('imglio_to_https');
    expect(run({ IMGLIO_TLS: 'off', IMGLIO_TLS_CERT: certificate.cert, IMGLIO_TLS_KEY: certificate.key }).status).toBe(0);
    expect(existsSync(join(work, 'tls-conf', 'tls.conf'))).toBe(false);
  });

  it('passes nginx -t inside the shipped nginx.conf', () => {
    if (!existsSync(HEADERS_CONF)) throw new Error('run "npm run build" first');
    const dir = join(work, 'nginx-t');
    mkdirSync(join(dir, 'headers'), { recursive: true });
    writeFileSync(join(dir, 'headers', 'security-headers.conf'), readFileSync(HEADERS_CONF));
    expect(spawnSync('sh', [TLS_SCRIPT], { env: cleanEnv({ IMGLIO_TLS_CONF_DIR: join(dir, 'imglio-tls'), IMGLIO_TLS_CERT: certificate.cert, IMGLIO_TLS_KEY: certificate.key, IMGLIO_TLS_LISTEN: '127.0.0.1:18443' }) }).status).toBe(0);
    renderSiteConf({ root: work, headersDir: join(dir, 'headers'), tmpDir: dir });
    const confPath = join(dir, 'nginx.conf');
    writeFileSync(confPath, renderNginxConf({ port: 18080, root: work, headersDir: join(dir, 'headers'), tmpDir: dir }));
    const check = testNginxConf(confPath);
    expect(check.output).toMatch(/syntax is ok/);
    expect(check.ok).toBe(true);
  });
});

describe('the HTTPS server', () => {
  /** @type {Awaited<ReturnType<typeof startNginx>>} */
  let nginx;
  beforeAll(async () => {
    nginx = await startNginx({ root: join(import.meta.dirname, '..', 'dist'), accessLog: 'off', tls: certificate });
  });
  afterAll(async () => nginx?.stop());

  /** Status and headers, without the per-response transport ones. @returns {Promise<{ status: number, headers: Record<string, string> }>} */
  const get = (/** @type {string} */ url, method = 'GET') =>
    new Promise((resolve, reject) => {
      const send = url.startsWith('https:') ? httpsRequest : httpRequest;
      send(url, { method, headers: { connection: 'close' }, ca: readFileSync(certificate.cert) }, (response) => {
        response.resume();
        /** @type {Record<string, string>} */
        const headers = {};
        for (const [name, value] of Object.entries(response.headers)) if (!TRANSPORT.includes(name)) headers[name] = String(value);
        resolve({ status: response.statusCode ?? 0, headers });
      }).on('error', reject).end();
    });

  it('sends every response class exactly the plain server\'s headers plus HSTS, and HSTS never over plain HTTP', async () => {
    const manifest = JSON.parse(readFileSync(join(import.meta.dirname, '..', 'dist', '.well-known', 'imglio', 'manifest.json'), 'utf8'));
    const script = manifest.inventory.scripts[0];
    const paths = [['/', 'GET'], [script, 'GET'], ['/no-such-page/', 'GET'], ['/', 'POST'], ['/healthz', 'GET']];
    for (const [path, method] of paths) {
      const plain = await get(`${nginx.url}${path}`, method);
      const secure = await get(`${nginx.httpsUrl}${path}`, method);
      // With TLS on, plain HTTP redirects to HTTPS (not /healthz); its headers are the security headers.
      if (path !== '/healthz') {
        expect(plain.status, `${method} ${path} over plain HTTP`).toBe(301);
        expect(plain.headers['location']).toBe(`https://127.0.0.1:${nginx.httpsPort}${path}`);
      }
      expect(plain.headers['strict-transport-security'], `${method} ${path} over plain HTTP`).toBeUndefined();
      expect(secure.headers['strict-transport-security'], `${method} ${path} over HTTPS`).toBe(TLS_ONLY_HEADERS['Strict-Transport-Security']);
    }
    // The same requests to a server without TLS: the HTTPS headers are those plus HSTS, nothing else.
    const plainServer = await startNginx({ root: join(import.meta.dirname, '..', 'dist'), accessLog: 'off' });
    try {
      for (const [path, method] of paths) {
        const reference = await get(`${plainServer.url}${path}`, method);
        const secure = await get(`${nginx.httpsUrl}${path}`, method);
        expect(secure.status, `${method} ${path}`).toBe(reference.status);
        expect(secure.headers, `${method} ${path}`).toEqual({ ...reference.headers, 'strict-transport-security': TLS_ONLY_HEADERS['Strict-Transport-Security'] });
      }
    } finally {
      await plainServer.stop();
    }
  });

  it('answers plain HTTP sent to the TLS port with a redirect to HTTPS on the same port', async () => {
    const response = await get(`http://127.0.0.1:${nginx.httpsPort}/convert/?x=1`);
    expect(response.status).toBe(301);
    expect(response.headers['location']).toBe(`https://127.0.0.1:${nginx.httpsPort}/convert/?x=1`);
  });

  it('refuses TLS 1.1 and accepts TLS 1.2 and 1.3', () => {
    const handshake = (/** @type {string} */ flag) => spawnSync('openssl', ['s_client', '-connect', `127.0.0.1:${nginx.httpsPort}`, flag, '-servername', 'localhost'], { input: '', encoding: 'utf8', timeout: 15_000 });
    const old = handshake('-tls1_1');
    expect(old.stdout).toMatch(/New, \(NONE\), Cipher is \(NONE\)/);
    expect(old.stderr).toMatch(/alert protocol version/);
    expect(handshake('-tls1_2').stdout).toMatch(/New, TLSv1\.2, Cipher is ECDHE-(ECDSA|RSA)-(AES(128|256)-GCM-SHA(256|384)|CHACHA20-POLY1305)/);
    expect(handshake('-tls1_3').stdout).toMatch(/New, TLSv1\.3, Cipher is TLS_/);
  });
});
