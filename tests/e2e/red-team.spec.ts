/**
 * Every way a page or a dedicated worker could send data out is tried against
 * the real headers, with the audit's own red-team battery
 * (audits/support/red-team.ts, one copy for both). Each attempt must be
 * refused by the browser (a CSP violation is observed) and nothing may arrive
 * at nginx or at a second origin.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { redTeamPage, redTeamProblems, redTeamWorker, type RedTeamResult } from '../../audits/support/red-team.ts';
import { readCollected } from '../support/collector.ts';
import { baseUrl, env } from './support.ts';

function accessLogLines(): string[] {
  return readFileSync(env('IMGLIO_ACCESS_LOG'), 'utf8').split('\n').filter(Boolean);
}

function expectNothingArrived(marker: string): void {
  const atNginx = accessLogLines().filter((line) => line.includes(marker));
  const atCollector = readCollected(env('IMGLIO_COLLECTOR_LOG')).filter((entry) => String(entry['url']).includes(marker));
  expect(atNginx, 'requests that reached nginx').toEqual([]);
  expect(atCollector, 'requests that reached the second origin').toEqual([]);
}

function expectAllBlocked(result: RedTeamResult, marker: string, channels: readonly string[]): void {
  console.log(`${result.from} red team (${result.note}):\n${result.attempts.map((a) => `  ${a.channel}: ${a.outcome}`).join('\n')}`);
  expect(result.ran, result.note).toBe(true);
  expect(result.crossOriginIsolated, 'cross-origin isolated (COOP+COEP)').toBe(true);
  // Every channel was tried towards both origins (or the foreign one, for the foreign-only attempts)…
  for (const channel of channels) expect(result.attempts.some((a) => a.channel.startsWith(channel)), `attempted ${channel}`).toBe(true);
  // …and each attempt failed with its CSP violation seen.
  expect(redTeamProblems(result, marker)).toEqual([]);
  expectNothingArrived(marker);
}

test('from the page: fetch, XHR, WebSocket, EventSource, sendBeacon, dynamic import, form POST, a foreign image and a blob: worker are blocked', async ({ context }) => {
  const marker = randomUUID();
  const result = await redTeamPage(context, `${baseUrl()}/`, [baseUrl(), env('IMGLIO_COLLECTOR_URL')], marker);
  expect(result.attempts.filter((a) => /^(fetch|XHR|WebSocket|EventSource|sendBeacon) /.test(a.channel))).toHaveLength(2 * 5);
  expectAllBlocked(result, marker, ['fetch POST', 'XHR POST', 'WebSocket', 'EventSource', 'sendBeacon', 'dynamic import', 'image', 'form POST', 'blob: worker']);
});

test('from a dedicated worker: fetch, XHR, WebSocket, EventSource and dynamic import are blocked', async ({ context }) => {
  const marker = randomUUID();
  // A worker script served by nginx with the site's headers: a worker does not inherit the page's policy.
  const result = await redTeamWorker(context, `${baseUrl()}/`, `${baseUrl()}/__test__/redteam-worker.js`, [baseUrl(), env('IMGLIO_COLLECTOR_URL')], marker);
  expect(result.attempts.filter((a) => /^(fetch|XHR|WebSocket|EventSource) /.test(a.channel))).toHaveLength(2 * 4);
  expectAllBlocked(result, marker, ['fetch POST', 'XHR POST', 'WebSocket', 'EventSource', 'dynamic import']);
});
