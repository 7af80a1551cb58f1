/** Shared helpers for the end-to-end tests. */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { Page } from '@playwright/test';

export function env(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: the Playwright global setup did not run`);
  return value;
}

export const baseUrl = (): string => env('IMGLIO_BASE_URL');
export const siteRoot = (): string => env('IMGLIO_SITE_ROOT');

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path) : [path];
  });
}

/** Every page of the build, as URL paths (from the HTML files, so new pages are covered). */
export function builtPagePaths(root: string): string[] {
  return walk(root)
    .filter((file) => file.endsWith('.html'))
    .map((file) => `/${relative(root, file).replace(/\\/g, '/')}`)
    .filter((path) => !path.startsWith('/__test__/'))
    .map((path) => path.replace(/index\.html$/, '').replace(/^\/404\.html$/, '/this-page-does-not-exist/'))
    .sort();
}

export function builtScripts(root: string): string[] {
  return walk(join(root, '_astro'))
    .filter((file) => file.endsWith('.js'))
    .map((file) => `/${relative(root, file).replace(/\\/g, '/')}`);
}

export function readText(path: string): string {
  return readFileSync(path, 'utf8');
}

export interface PageProblems {
  consoleErrors: string[];
  /** Warnings about the headers themselves, e.g. an unrecognised Permissions-Policy feature. */
  headerWarnings: string[];
  pageErrors: string[];
  violations: () => Promise<Array<{ directive: string; blockedURI: string }>>;
}

/** Records console errors, uncaught errors and CSP violations from the first script on. */
export async function watchPage(page: Page): Promise<PageProblems> {
  const consoleErrors: string[] = [];
  const headerWarnings: string[] = [];
  const pageErrors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') consoleErrors.push(message.text());
    if (message.type() === 'warning' && /Permissions-Policy|Content Security Policy|Cross-Origin/i.test(message.text())) {
      headerWarnings.push(message.text());
    }
  });
  page.on('pageerror', (error) => pageErrors.push(String(error)));
  await page.addInitScript(() => {
    const store: Array<{ directive: string; blockedURI: string }> = [];
    (window as unknown as { __violations: typeof store }).__violations = store;
    document.addEventListener('securitypolicyviolation', (event) => {
      store.push({ directive: event.effectiveDirective, blockedURI: event.blockedURI });
    });
  });
  return {
    consoleErrors,
    headerWarnings,
    pageErrors,
    violations: () => page.evaluate(() => (window as unknown as { __violations: Array<{ directive: string; blockedURI: string }> }).__violations),
  };
}

/** Resolves once <html data-imglio-prefetch> says the prefetch is over ("done" or "failed"); returns that state. */
export async function waitForPrefetch(page: Page, timeout = 120_000): Promise<string> {
  const handle = await page.waitForFunction(() => {
    const state = document.documentElement.getAttribute('data-imglio-prefetch');
    return state === 'done' || state === 'failed' ? state : false;
  }, null, { timeout, polling: 50 });
  return (await handle.jsonValue()) as string;
}

