// @ts-check
/**
 * Runs Debian's nginx with the shipped nginx.conf, substituting only the port
 * and the paths (exactly what the Docker image does with its own paths).
 * Used by the end-to-end tests and the audit.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync, copyFileSync, existsSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { nginxPath } from './tool-paths.mjs';

export const REPO_ROOT = fileURLToPath(new URL('../', import.meta.url));
export const NGINX_CONF = join(REPO_ROOT, 'nginx.conf');
export const HEADERS_CONF = join(REPO_ROOT, 'build', 'security-headers.conf');
export const ACCESS_LOG_SCRIPT = join(REPO_ROOT, 'docker', 'access-log.sh');
export const VALIDATE_ENV_SCRIPT = join(REPO_ROOT, 'docker', '10-imglio-validate-env.sh');
export const TLS_SCRIPT = join(REPO_ROOT, 'docker', '30-imglio-tls.sh');
export const SITE_TEMPLATE = join(REPO_ROOT, 'nginx-site.conf.in');
export const BASE_PATH_SCRIPT = join(REPO_ROOT, 'docker', '50-imglio-base-path.sh');

/** @returns {Promise<number>} a free loopback port */
export function freePort() {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolvePort(port));
    });
  });
}

/**
 * nginx.conf with the container's paths replaced in one pass, so a replacement
 * can never be rewritten by a later one.
 * `host` is the loopback address to listen on (127.0.0.1, or [::1] for the IPv6 log test).
 * @param {{ port: number, root: string, headersDir: string, tmpDir: string, host?: string }} options
 */
export function renderNginxConf({ port, root, headersDir, tmpDir, host = '127.0.0.1' }) {
  const source = readFileSync(NGINX_CONF, 'utf8');
  /** @type {Record<string, string>} */
  const replacements = {
    'listen 8080;': `listen ${host}:${port};`,
    '/usr/share/nginx/html': resolve(root),
    '/etc/nginx/imglio/': `${resolve(headersDir)}/`,
    '/tmp/': `${resolve(tmpDir)}/`,
  };
  return substitute(source, replacements, 'nginx.conf');
}

/** Replaces every key of `replacements` in one pass; each must occur. */
function substitute(/** @type {string} */ source, /** @type {Record<string, string>} */ replacements, /** @type {string} */ name) {
  for (const needle of Object.keys(replacements)) {
    if (!source.includes(needle)) throw new Error(`${name} no longer contains "${needle}"; update the test harness`);
  }
  const pattern = new RegExp(Object.keys(replacements).map((k) => k.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')).join('|'), 'g');
  return source.replace(pattern, (match) => replacements[match] ?? match);
}

/**
 * The site's locations under `basePath`, rendered by the container's own start-up
 * script (docker/50-imglio-base-path.sh) into `<tmpDir>/imglio-site/site.conf`,
 * where the rendered nginx.conf includes them; then only the paths are substituted.
 * @param {{ basePath?: string, root: string, headersDir: string, tmpDir: string }} options
 * @returns {string} the rendered file's path
 */
export function renderSiteConf({ basePath = '/', root, headersDir, tmpDir }) {
  const dir = join(resolve(tmpDir), 'imglio-site');
  const script = spawnSync('sh', [BASE_PATH_SCRIPT], {
    encoding: 'utf8',
    env: { ...process.env, IMGLIO_BASE_PATH: basePath, IMGLIO_SITE_TEMPLATE: SITE_TEMPLATE, IMGLIO_SITE_CONF_DIR: dir },
  });
  if (script.status !== 0) throw new Error(`50-imglio-base-path.sh failed: ${script.stderr.trim()}`);
  const file = join(dir, 'site.conf');
  writeFileSync(file, substitute(readFileSync(file, 'utf8'), { '/usr/share/nginx/html/': `${resolve(root)}/`, '/etc/nginx/imglio/': `${resolve(headersDir)}/` }, 'nginx-site.conf.in'));
  return file;
}

/** nginx takes a single -g; as root it would switch workers to "nobody", who may not read a private checkout. */
function globalArgs(/** @type {string} */ extra = '') {
  const asRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const directives = `${asRoot ? 'user root; ' : ''}${extra}`.trim();
  return directives ? ['-g', directives] : [];
}

/** Runs `nginx -t` on the rendered configuration; returns nginx's output. */
export function testNginxConf(/** @type {string} */ confPath) {
  const result = spawnSync(nginxPath(), ['-t', '-e', 'stderr', '-c', confPath, ...globalArgs()], { encoding: 'utf8' });
  return { ok: result.status === 0, output: `${result.stdout}${result.stderr}` };
}

/**
 * `headersConf` replaces the generated headers include and `transformConf`
 * edits the rendered site locations (nginx-site.conf.in), `transformMainConf` the rendered nginx.conf:
 * they exist only so the audit's mutation suite can serve deliberately weakened variants (and the IPv6 log
 * test can trust a test header for the client address).
 * `basePath` serves the site under that prefix (IMGLIO_BASE_PATH of the container); `url` stays the
 * server's origin, `siteUrl` is where the site is (`url` + basePath).
 * `tls` turns on the container's HTTPS server (docker/30-imglio-tls.sh, on a second free port) with the
 * given PEM certificate and key; `host` is the loopback address ('127.0.0.1' or '[::1]').
 * @param {{ root: string, port?: number, accessLog?: 'anonymized' | 'off', basePath?: string, headersConf?: string, transformConf?: (conf: string, dir: string) => string, transformMainConf?: (conf: string, dir: string) => string, tls?: { cert: string, key: string }, host?: string }} options
 * @returns {Promise<{ url: string, siteUrl: string, port: number, pid: number, confPath: string, accessLogPath: string | null, tmpDir: string, httpsUrl: string | null, httpsPort: number | null, stop: () => Promise<void> }>}
 */
export async function startNginx({ root, port, accessLog = 'anonymized', basePath = '/', headersConf, transformConf, transformMainConf, tls, host = '127.0.0.1' }) {
  if (!existsSync(HEADERS_CONF)) throw new Error(`${HEADERS_CONF} is missing: run "npm run build" first`);
  const listenPort = port ?? (await freePort());
  const tmpDir = mkdtempSync(join(tmpdir(), 'imglio-nginx-'));
  const headersDir = join(tmpDir, 'headers');
  mkdirSync(headersDir);
  if (headersConf === undefined) copyFileSync(HEADERS_CONF, join(headersDir, 'security-headers.conf'));
  else writeFileSync(join(headersDir, 'security-headers.conf'), headersConf);

  // The same start-up script the Docker image runs chooses the access log.
  const accessLogPath = accessLog === 'anonymized' ? join(tmpDir, 'access.log') : null;
  const logScript = spawnSync('sh', [ACCESS_LOG_SCRIPT], {
    encoding: 'utf8',
    env: {
      ...process.env,
      IMGLIO_ACCESS_LOG: accessLog,
      IMGLIO_LOG_CONF_DIR: join(tmpDir, 'imglio-log'),
      IMGLIO_ACCESS_LOG_PATH: accessLogPath ?? '',
    },
  });
  if (logScript.status !== 0) throw new Error(`access-log.sh failed: ${logScript.stderr}`);

  // --- TLS (ops): the container's start-up scripts, validator first, then the TLS snippet. ---
  const httpsPort = tls ? await freePort() : null;
  const tlsEnv = {
    ...process.env,
    IMGLIO_ACCESS_LOG: accessLog,
    IMGLIO_BASE_PATH: basePath,
    IMGLIO_TLS: tls ? 'on' : 'off',
    IMGLIO_TLS_CONF_DIR: join(tmpDir, 'imglio-tls'),
    ...(tls ? { IMGLIO_TLS_CERT: resolve(tls.cert), IMGLIO_TLS_KEY: resolve(tls.key), IMGLIO_TLS_LISTEN: `${host}:${httpsPort}`, IMGLIO_HTTPS_PORT: String(httpsPort) } : {}),
  };
  for (const script of [VALIDATE_ENV_SCRIPT, TLS_SCRIPT]) {
    const run = spawnSync('sh', [script], { encoding: 'utf8', env: tlsEnv });
    if (run.status !== 0) throw new Error(`${script} failed: ${run.stderr}`);
  }
  // --- end TLS ---

  const siteConfPath = renderSiteConf({ basePath, root, headersDir, tmpDir });
  if (transformConf) writeFileSync(siteConfPath, transformConf(readFileSync(siteConfPath, 'utf8'), tmpDir));
  const confPath = join(tmpDir, 'nginx.conf');
  const rendered = renderNginxConf({ port: listenPort, root, headersDir, tmpDir, host });
  writeFileSync(confPath, transformMainConf ? transformMainConf(rendered, tmpDir) : rendered);
  const check = testNginxConf(confPath);
  if (!check.ok) throw new Error(`nginx -t failed:\n${check.output}`);

  const child = spawn(nginxPath(), ['-e', 'stderr', '-c', confPath, ...globalArgs('daemon off;')], {
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const url = `http://${host}:${listenPort}`;
  const deadline = Date.now() + 10_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`nginx exited with code ${child.exitCode}`);
    try {
      const response = await fetch(`${url}/healthz`);
      if (response.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGTERM');
      throw new Error('nginx did not start within 10 s');
    }
    await new Promise((r) => setTimeout(r, 50));
  }

  const stop = async () => {
    if (child.exitCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGQUIT');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
      if (child.exitCode === null) child.kill('SIGKILL');
    }
    rmSync(tmpDir, { recursive: true, force: true });
  };
  const httpsUrl = httpsPort ? `https://${host}:${httpsPort}` : null;
  const siteUrl = `${url}${basePath.endsWith('/') ? basePath : `${basePath}/`}`;
  return { url, siteUrl, port: listenPort, pid: child.pid ?? -1, confPath, accessLogPath, tmpDir, httpsUrl, httpsPort, stop };
}
