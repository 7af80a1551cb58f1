/**
 * Drives any tool page through the whole flow using only the UI contract
 * every available tool follows (no per-tool code): an `<input type=file
 * multiple>` named "Add images", an "Output format" select (absent on the
 * Metadata tool), a "Quality" range, one result row per file with an
 * `<a download>` link or a `role=alert`, a per-row "Compare" button (only
 * where there is an Output format: the Metadata tool removes metadata
 * losslessly, so its pixels never change) and a "Download all" button that
 * streams a ZIP.
 */
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { imageKind, zipEntryCount } from '../lib/downloads.ts';
import type { CanaryFile } from './canaries.ts';

export interface ToolRun {
  readonly slug: string;
  readonly status: 'available' | 'coming-soon';
  /** What was done, step by step. */
  readonly steps: string[];
  /** Anything that stopped the flow (an available tool must complete it). */
  readonly problems: string[];
  readonly formats: string[];
  readonly alerts: string[];
}

const RESULT_TIMEOUT_MS = 120_000;

async function downloadsAndAlerts(page: Page): Promise<{ hrefs: string[]; alerts: string[] }> {
  return page.evaluate(() => ({
    hrefs: [...document.querySelectorAll('a[download]')].map((a) => (a as HTMLAnchorElement).href),
    alerts: [...document.querySelectorAll('[role="alert"]')].map((e) => (e.textContent ?? '').trim()),
  }));
}

/** Waits until every file has a new download link or an alert. */
async function waitForResults(page: Page, files: number, previous: Set<string>): Promise<{ hrefs: string[]; alerts: string[] }> {
  const deadline = Date.now() + RESULT_TIMEOUT_MS;
  for (;;) {
    const state = await downloadsAndAlerts(page);
    const fresh = state.hrefs.filter((href) => !previous.has(href));
    if (fresh.length + state.alerts.length >= files) return { hrefs: fresh, alerts: state.alerts };
    if (Date.now() > deadline) throw new Error(`after ${RESULT_TIMEOUT_MS / 1000} s only ${fresh.length} result link(s) and ${state.alerts.length} alert(s) for ${files} file(s)`);
    await page.waitForTimeout(250);
  }
}

async function saveDownload(page: Page, click: () => Promise<void>, dir: string, label: string): Promise<Buffer> {
  const [download] = await Promise.all([page.waitForEvent('download', { timeout: RESULT_TIMEOUT_MS }), click()]);
  const path = join(dir, `${Date.now()}-${download.suggestedFilename() || label}`);
  await download.saveAs(path);
  if (statSync(path).size === 0) throw new Error(`${label}: the download is empty`);
  return readFileSync(path);
}

/** Runs the full flow on an open tool page; every file and every output format. */
export async function driveTool(page: Page, slug: string, files: readonly CanaryFile[], downloadsDir: string, options: { full: boolean }): Promise<ToolRun> {
  const run: ToolRun = { slug, status: 'available', steps: [], problems: [], formats: [], alerts: [] };
  try {
    const input = page.getByLabel('Add images', { exact: true });
    if ((await input.count()) === 0) throw new Error('no file input named "Add images"');
    const chosen = options.full ? files : files.slice(0, 1);
    await input.first().setInputFiles(chosen.map((file) => file.path));
    run.steps.push(`added ${chosen.map((f) => f.fileName).join(', ')}`);

    const quality = page.getByRole('slider', { name: 'Quality', exact: true });
    if ((await quality.count()) > 0) {
      await quality.first().evaluate((element) => {
        const range = element as HTMLInputElement;
        range.value = String(Math.round((Number(range.min || 0) + Number(range.max || 100)) / 2));
        range.dispatchEvent(new Event('input', { bubbles: true }));
        range.dispatchEvent(new Event('change', { bubbles: true }));
      });
      run.steps.push('set Quality to the middle of its range');
    }

    const select = page.getByRole('combobox', { name: 'Output format', exact: true });
    const formats = (await select.count()) > 0 ? await select.first().locator('option').evaluateAll((options) => options.map((o) => (o as HTMLOptionElement).value)) : [];
    const rounds: Array<string | null> = formats.length > 0 ? (options.full ? formats : formats.slice(0, 1)) : [null];
    let seen = new Set<string>();
    for (const format of rounds) {
      if (format !== null) {
        await select.first().selectOption(format);
        run.formats.push(format);
      }
      const results = await waitForResults(page, chosen.length, seen);
      seen = new Set([...seen, ...results.hrefs]);
      run.alerts.push(...results.alerts.map((alert) => `${format ?? 'output'}: ${alert}`));
      run.steps.push(`${format ?? 'output'}: ${results.hrefs.length} result link(s), ${results.alerts.length} alert(s)`);
    }
    if (!options.full) return run;

    const links = page.locator('a[download]');
    if ((await links.count()) === 0) throw new Error('no result has a download link');
    const one = await saveDownload(page, () => links.first().click(), downloadsDir, 'download one');
    const kind = imageKind(one);
    if (!kind) throw new Error(`the first result link gave ${one.length} bytes that are not a known image format`);
    run.steps.push(`downloaded one result through its <a download> link (${one.length} bytes, ${kind})`);

    const compare = page.getByRole('button', { name: 'Compare', exact: true });
    if ((await compare.count()) > 0) {
      await compare.first().click();
      // Until the compare view (a dialog, by the tools' UI contract) is shown; late requests are watched by the run's settle window.
      await page.getByRole('dialog').first().waitFor({ state: 'visible', timeout: 10_000 });
      run.steps.push('opened the compare view');
      await page.keyboard.press('Escape');
    } else if (formats.length > 0) {
      // A tool that re-encodes (it has an Output format) must let people compare before and after.
      throw new Error('no "Compare" button on a tool with an Output format select');
    } else {
      run.steps.push('no compare view on this tool');
    }

    const all = page.getByRole('button', { name: 'Download all', exact: true });
    if ((await all.count()) === 0) throw new Error('no "Download all" button');
    const good = await links.count();
    const zip = await saveDownload(page, () => all.first().click(), downloadsDir, 'download all');
    if (zip.subarray(0, 2).toString('latin1') !== 'PK') throw new Error('"Download all" did not produce a ZIP');
    const entries = zipEntryCount(zip);
    if (entries !== good) throw new Error(`"Download all" gave a ZIP with ${entries} entries for ${good} result link(s)`);
    run.steps.push(`downloaded all as a ZIP (${zip.length} bytes, ${entries} entries, one per result link)`);
  } catch (error) {
    run.problems.push(String(error instanceof Error ? error.message : error));
  }
  return run;
}
