/**
 * Screenshots the test run writes for people to look at (issue acceptance: desktop and phone, light and dark).
 * They land in screenshots/ (git-ignored; CI keeps them as artefacts). Each variant gets a fresh context so the
 * viewport, touch support and colour scheme are real, not emulated after the page has laid itself out.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from '@playwright/test';
import { REPO_ROOT } from '../../scripts/nginx-server.mjs';

export const SCREENSHOT_DIR = join(REPO_ROOT, 'screenshots');

export interface ScreenshotVariant {
  readonly device: 'desktop' | 'phone';
  readonly scheme: 'light' | 'dark';
}

export const SCREENSHOT_VARIANTS: readonly ScreenshotVariant[] = [
  { device: 'desktop', scheme: 'light' },
  { device: 'desktop', scheme: 'dark' },
  { device: 'phone', scheme: 'light' },
  { device: 'phone', scheme: 'dark' },
];

const VIEWPORTS = {
  desktop: { viewport: { width: 1440, height: 900 }, isMobile: false, hasTouch: false, deviceScaleFactor: 1 },
  // A common phone size (CSS pixels), with touch, so touch-only affordances show.
  phone: { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 },
} as const;

/**
 * For every variant: open a new context, let `prepare` bring the page into the state to show, and write
 * `screenshots/<name>-<device>-<scheme>.png`. Returns the paths written. `prepare` may make assertions.
 */
export async function captureVariants(
  browser: Browser,
  name: string,
  prepare: (page: Page, variant: ScreenshotVariant) => Promise<void>,
  variants: readonly ScreenshotVariant[] = SCREENSHOT_VARIANTS,
): Promise<string[]> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const written: string[] = [];
  for (const variant of variants) {
    // The real policy must apply here too (browser.newContext does not take the config's `use` options).
    const context = await browser.newContext({ ...VIEWPORTS[variant.device], colorScheme: variant.scheme, bypassCSP: false, serviceWorkers: 'block' });
    try {
      const page = await context.newPage();
      await prepare(page, variant);
      const path = join(SCREENSHOT_DIR, `${name}-${variant.device}-${variant.scheme}.png`);
      await page.screenshot({ path, fullPage: false });
      written.push(path);
    } finally {
      await context.close();
    }
  }
  return written;
}
