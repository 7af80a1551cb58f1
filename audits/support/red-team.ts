/**
 * Red team: from a page of the target and from a dedicated worker running
 * the target's own script, try every way out. Each attempt must fail, the
 * browser must report a CSP violation for it, and neither recorder may see
 * anything carrying the marker.
 *
 * The worker needs no test fixture, so this works against any deployment:
 * the audit starts a module worker from a script the site itself serves
 * (same origin, so `worker-src 'self'` admits it, and the worker runs under
 * the CSP that script is served with), then runs the attempts inside it
 * through the DevTools protocol (`worker.evaluate`), which is not subject
 * to the page's CSP for evaluation but is for every request the code makes.
 *
 * One battery for the audit and for the end-to-end tests (tests/e2e/red-team.spec.ts):
 * both run these attempts and judge them with `redTeamProblems`.
 */
import type { BrowserContext, Worker as PlaywrightWorker } from 'playwright-core';

export interface Attempt {
  readonly channel: string;
  readonly outcome: string;
}
export interface Violation {
  readonly directive: string;
  readonly blockedURI: string;
}
export interface RedTeamResult {
  readonly from: 'page' | 'worker';
  readonly ran: boolean;
  readonly note: string;
  readonly attempts: Attempt[];
  readonly violations: Violation[];
  readonly crossOriginIsolated?: boolean;
}

/** Runs inside the page or the worker; self-contained. */
async function attemptAll({ targets, marker, inWorker }: { targets: string[]; marker: string; inWorker: boolean }) {
  const scope = globalThis as unknown as { addEventListener: typeof addEventListener; crossOriginIsolated: boolean };
  const violations: Array<{ directive: string; blockedURI: string }> = [];
  const listen = (event: Event) => {
    const e = event as SecurityPolicyViolationEvent;
    violations.push({ directive: e.effectiveDirective, blockedURI: e.blockedURI });
  };
  if (inWorker) scope.addEventListener('securitypolicyviolation', listen);
  else document.addEventListener('securitypolicyviolation', listen);
  const where = inWorker ? 'worker' : 'page';
  const settle = <T,>(promise: Promise<T>) => Promise.race([promise, new Promise<string>((resolve) => setTimeout(() => resolve('timeout'), 3000))]);
  const attempts: Array<{ channel: string; outcome: string }> = [];
  const attempt = async (channel: string, run: () => Promise<unknown>) => {
    try {
      attempts.push({ channel, outcome: String(await settle(run())) });
    } catch (error) {
      attempts.push({ channel, outcome: `threw ${String(error)}` });
    }
  };
  for (const base of targets) {
    const url = (channel: string) => `${base}/__audit_leak__/${where}-${channel}-${marker}`;
    await attempt(`fetch POST ${base}`, () => fetch(url('fetch'), { method: 'POST', body: marker }).then((r) => `status ${r.status}`));
    await attempt(`XHR POST ${base}`, () => new Promise((resolve) => {
      const xhr = new XMLHttpRequest();
      xhr.open('POST', url('xhr'));
      xhr.onload = () => resolve(`status ${xhr.status}`);
      xhr.onerror = () => resolve('error event');
      xhr.send(marker);
    }));
    await attempt(`WebSocket ${base}`, () => new Promise((resolve) => {
      const socket = new WebSocket(url('websocket').replace(/^http/, 'ws'));
      socket.onopen = () => resolve('open');
      socket.onerror = () => resolve('error event');
    }));
    await attempt(`EventSource ${base}`, () => new Promise((resolve) => {
      const source = new EventSource(url('eventsource'));
      source.onopen = () => resolve('open');
      source.onerror = () => { source.close(); resolve('error event'); };
    }));
    if (!inWorker) await attempt(`sendBeacon ${base}`, async () => `returned ${navigator.sendBeacon(url('beacon'), marker)}`);
  }
  const foreign = targets[targets.length - 1] ?? '';
  await attempt(`dynamic import ${foreign}`, () => import(/* @vite-ignore */ `${foreign}/__audit_leak__/${where}-import-${marker}.js`).then(() => 'loaded'));
  if (!inWorker) {
    await attempt(`image ${foreign}`, () => new Promise((resolve) => {
      const image = new Image();
      image.onload = () => resolve('loaded');
      image.onerror = () => resolve('error event');
      image.src = `${foreign}/__audit_leak__/${where}-image-${marker}.png`;
    }));
    await attempt(`form POST ${foreign}`, async () => {
      const form = document.createElement('form');
      form.method = 'post';
      form.action = `${foreign}/__audit_leak__/${where}-form-${marker}`;
      const field = document.createElement('input');
      field.name = 'canary';
      field.value = marker;
      form.append(field);
      document.body.append(form);
      form.submit();
      await new Promise((resolve) => setTimeout(resolve, 500));
      return `still on ${location.pathname}`;
    });
    await attempt('blob: worker', async () => {
      const worker = new Worker(URL.createObjectURL(new Blob(['postMessage(1)'], { type: 'text/javascript' })));
      return new Promise((resolve) => {
        worker.onmessage = () => resolve('loaded');
        worker.onerror = () => resolve('error event');
      });
    });
  }
  await new Promise((resolve) => setTimeout(resolve, 500));
  return { attempts, violations, crossOriginIsolated: scope.crossOriginIsolated };
}

/**
 * What is wrong with one red-team result: an attempt that got through, an attempt the browser reported no CSP
 * violation for, or a context that is not cross-origin isolated. Empty when every way out was blocked.
 */
export function redTeamProblems(result: RedTeamResult, marker: string): string[] {
  const problems: string[] = [];
  if (!result.ran) problems.push(`did not run: ${result.note}`);
  for (const attempt of result.attempts) {
    if (/^(status|open|loaded)/.test(attempt.outcome)) problems.push(`${attempt.channel} succeeded: ${attempt.outcome}`);
    if (!violationSeen(result, attempt.channel, marker)) problems.push(`${attempt.channel}: no CSP violation observed (outcome: ${attempt.outcome})`);
  }
  if (result.crossOriginIsolated === false) problems.push('not cross-origin isolated');
  return problems;
}

function violationSeen(result: RedTeamResult, channel: string, marker: string): boolean {
  const key = /^fetch/.test(channel) ? 'fetch' : /^XHR/.test(channel) ? 'xhr' : /^WebSocket/.test(channel) ? 'websocket' : /^EventSource/.test(channel) ? 'eventsource' : /^sendBeacon/.test(channel) ? 'beacon' : /^dynamic import/.test(channel) ? 'import' : /^image/.test(channel) ? 'image' : /^form/.test(channel) ? 'form' : 'blob';
  const base = channel.split(' ').pop() ?? '';
  const prefix = key === 'websocket' ? base.replace(/^http/, 'ws') : base;
  return key === 'blob'
    ? result.violations.some((v) => v.directive === 'worker-src' && v.blockedURI.startsWith('blob'))
    : result.violations.some((v) => v.blockedURI.startsWith(prefix) && v.blockedURI.includes(key === 'websocket' ? `-${key}` : `-${key}-${marker}`));
}

/** `targets`: origins to send to, the target's own first; the last one is also used for the foreign-only attempts. */
export async function redTeamPage(context: BrowserContext, targetUrl: string, targets: readonly string[], marker: string): Promise<RedTeamResult> {
  const page = await context.newPage();
  try {
    await page.goto(targetUrl);
    const result = await page.evaluate(attemptAll, { targets: [...targets], marker, inWorker: false });
    return { from: 'page', ran: true, note: `from ${targetUrl}`, ...result };
  } finally {
    await page.close();
  }
}

export async function redTeamWorker(context: BrowserContext, targetUrl: string, scriptUrl: string | undefined, targets: readonly string[], marker: string): Promise<RedTeamResult> {
  if (!scriptUrl) return { from: 'worker', ran: false, note: 'the target serves no script to start a worker from', attempts: [], violations: [] };
  const page = await context.newPage();
  try {
    await page.goto(targetUrl);
    const started = page.waitForEvent('worker', { timeout: 10_000 });
    await page.evaluate((url) => {
      (window as unknown as { __auditWorker: Worker }).__auditWorker = new Worker(url, { type: 'module' });
    }, scriptUrl);
    const worker: PlaywrightWorker = await started;
    const result = await worker.evaluate(attemptAll, { targets: [...targets], marker, inWorker: true });
    return { from: 'worker', ran: true, note: `module worker started from ${scriptUrl}, a script the target serves`, ...result };
  } finally {
    await page.close();
  }
}
