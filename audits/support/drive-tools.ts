/**
 * Drives any tool page through the whole flow using only the UI contract
 * every available tool follows (no per-tool code): an `<input type=file
 * multiple>` named "Add images", files dropped anywhere on the page or
 * pasted, an "Output format" select (absent on the Metadata tool), a
 * "Quality" range, a "Keep metadata" checkbox where metadata can be kept, one
 * result row per file with an `<a download>` link or a `role=alert`, a
 * per-row "Compare" button (only where there is an Output format: the
 * Metadata tool removes metadata losslessly, so its pixels never change) and a
 * "Download all" button that streams a ZIP.
 *
 * Every file it downloads is parsed (audits/lib/image-structure.ts, zip.ts)
 * and held to the output allow-list (audits/lib/output-policy.ts); what it
 * finds is returned as records for the `outputs` and `zip-archives` checks.
 */
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { parseImage, type ImageFormat } from '../lib/image-structure.ts';
import { outputProblems } from '../lib/output-policy.ts';
import { parseZip, zipProblems } from '../lib/zip.ts';
import type { CanaryFile } from './canaries.ts';

/** One output file, parsed and checked. */
export interface OutputRecord {
  readonly round: string;
  readonly source: 'download one' | 'ZIP entry';
  readonly name: string;
  /** The canary it was made from (its format), when its name says so. */
  readonly canary: string | null;
  readonly format: ImageFormat | null;
  readonly bytes: number;
  readonly structures: string[];
  readonly problems: string[];
}

export interface ZipRecord {
  readonly round: string;
  readonly bytes: number;
  readonly entries: string[];
  readonly problems: string[];
}

export interface ToolRun {
  readonly slug: string;
  readonly status: 'available' | 'coming-soon';
  /** What was done, step by step. */
  readonly steps: string[];
  /** Anything that stopped the flow (an available tool must complete it). */
  readonly problems: string[];
  readonly formats: string[];
  readonly alerts: string[];
  /** The flows exercised, for the report: how files were added, which formats, which settings, which downloads. */
  readonly flows: string[];
  readonly outputs: OutputRecord[];
  readonly zips: ZipRecord[];
}

export interface DriveOptions {
  /**
   * 'full': every canary in three batches (file chooser, drop, paste), every output format, "Keep metadata",
   * compare, download one, and "Download all" after every round; 'focused': the first two canaries through the
   * chooser in the default format, download one and download all; 'offline': one canary, no downloads.
   */
  readonly mode: 'full' | 'focused' | 'offline';
  /** The input formats the tool documents; a canary of one of them must give a result, not an alert. */
  readonly accepts?: readonly string[];
}

export const emptyRun = (slug: string, status: ToolRun['status'], steps: string[], problems: string[] = []): ToolRun =>
  ({ slug, status, steps, problems, formats: [], alerts: [], flows: [], outputs: [], zips: [] });

const RESULT_TIMEOUT_MS = 120_000;
/** How long the results must stay the same before they count as final. */
const STABLE_MS = 700;

const FORMAT_OF_VALUE: Record<string, ImageFormat> = {
  'jpeg': 'JPEG', 'jpg': 'JPEG', 'image/jpeg': 'JPEG', 'png': 'PNG', 'image/png': 'PNG', 'webp': 'WebP', 'image/webp': 'WebP',
  'avif': 'AVIF', 'image/avif': 'AVIF', 'jxl': 'JPEG XL', 'image/jxl': 'JPEG XL', 'qoi': 'QOI',
};

interface PageState {
  readonly hrefs: string[];
  readonly names: string[];
  readonly alerts: string[];
  /** Elements marked aria-busy="true" (a row being processed, or showing a result that is out of date). */
  readonly busy?: number;
}

async function resultsAndAlerts(page: Page): Promise<PageState> {
  return page.evaluate(() => {
    const links = [...document.querySelectorAll('a[download]')] as HTMLAnchorElement[];
    return {
      hrefs: links.map((a) => a.href),
      names: links.map((a) => a.getAttribute('download') ?? ''),
      alerts: [...document.querySelectorAll('[role="alert"]')].map((e) => (e.textContent ?? '').trim()),
      busy: document.querySelectorAll('[aria-busy="true"]').length,
    };
  });
}

/**
 * Waits until every file so far has a download link or an alert, nothing is busy, and the page has stopped
 * changing them (a setting change re-processes after a short pause, which can replace links that were already
 * there). A row whose result the change cannot affect keeps its link, so links need not be new; a row being
 * re-processed keeps its old link meanwhile but is marked aria-busy="true".
 */
async function waitForResults(page: Page, files: number, previous: Set<string>): Promise<PageState & { fresh: string[] }> {
  const deadline = Date.now() + RESULT_TIMEOUT_MS;
  let candidate = '';
  for (;;) {
    const state = await resultsAndAlerts(page);
    const fresh = state.hrefs.filter((href) => !previous.has(href));
    const key = JSON.stringify([state.hrefs, state.alerts, state.busy]);
    if (state.hrefs.length + state.alerts.length >= files && !state.busy) {
      if (key === candidate) return { ...state, fresh };
      candidate = key;
      await page.waitForTimeout(STABLE_MS);
      continue;
    }
    candidate = '';
    if (Date.now() > deadline) throw new Error(`after ${RESULT_TIMEOUT_MS / 1000} s only ${state.hrefs.length} result link(s) (${fresh.length} new) and ${state.alerts.length} alert(s) for ${files} file(s)${state.busy ? `, ${state.busy} still busy` : ''}`);
    await page.waitForTimeout(250);
  }
}

async function saveDownload(page: Page, click: () => Promise<void>, dir: string, label: string): Promise<{ bytes: Buffer; name: string }> {
  const [download] = await Promise.all([page.waitForEvent('download', { timeout: RESULT_TIMEOUT_MS }), click()]);
  const name = download.suggestedFilename();
  const path = join(dir, `${Date.now()}-${Math.random().toString(36).slice(2)}-${name || label}`);
  await download.saveAs(path);
  if (statSync(path).size === 0) throw new Error(`${label}: the download is empty`);
  return { bytes: readFileSync(path), name };
}

/** Adds files as a person would: through the file chooser, by dropping them on the page, or by pasting them. */
async function addFiles(page: Page, how: 'file chooser' | 'drop' | 'paste', files: readonly CanaryFile[]): Promise<void> {
  if (how === 'file chooser') {
    await page.getByLabel('Add images', { exact: true }).first().setInputFiles(files.map((file) => file.path));
    return;
  }
  const payload = files.map((f) => ({ name: f.fileName, type: f.mimeType, base64: Buffer.from(f.bytes).toString('base64') }));
  await page.evaluate(({ how, payload }) => {
    const transfer = new DataTransfer();
    for (const file of payload) {
      const bytes = Uint8Array.from(atob(file.base64), (c) => c.charCodeAt(0));
      transfer.items.add(new File([bytes], file.name, { type: file.type }));
    }
    const target = document.body;
    if (how === 'drop') {
      for (const type of ['dragenter', 'dragover', 'drop']) target.dispatchEvent(new DragEvent(type, { dataTransfer: transfer, bubbles: true, cancelable: true }));
    } else {
      target.dispatchEvent(new ClipboardEvent('paste', { clipboardData: transfer, bubbles: true, cancelable: true }));
    }
  }, { how, payload });
}

const stem = (name: string) => name.replace(/\.[^.]+$/, '');
function canaryFor(name: string, files: readonly CanaryFile[]): CanaryFile | undefined {
  const base = stem(name);
  return files.find((f) => base === stem(f.fileName) || base.startsWith(`${stem(f.fileName)}-`));
}

/** Runs the flow on an open tool page. */
export async function driveTool(page: Page, slug: string, files: readonly CanaryFile[], downloadsDir: string, options: DriveOptions): Promise<ToolRun> {
  const run = emptyRun(slug, 'available', []);
  const metadataStyle = { value: false };
  let metadata: 'strip' | 'keep' = 'strip';
  const check = (round: string, format: ImageFormat | null, source: OutputRecord['source'], name: string, bytes: Buffer) => {
    const canary = canaryFor(name, files);
    const image = parseImage(bytes);
    const problems = canary
      ? outputProblems(image, {
        format, width: canary.width, height: canary.height, metadata,
        inputExif: canary.exif, inputIcc: canary.icc, inputOrientation: canary.orientation,
        metadataTool: metadataStyle.value,
      })
      : [...image.problems, `its name "${name}" names none of the files given`];
    run.outputs.push({ round, source, name, canary: canary?.format ?? null, format: image.format, bytes: bytes.length, structures: image.structures, problems });
  };
  try {
    const input = page.getByLabel('Add images', { exact: true });
    if ((await input.count()) === 0) throw new Error('no file input named "Add images"');

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

    // Batches: a second and third batch arrive while the first is done or still working.
    const chosen = options.mode === 'full' ? files : options.mode === 'focused' ? files.slice(0, 2) : files.slice(0, 1);
    const batches: Array<{ how: 'file chooser' | 'drop' | 'paste'; files: CanaryFile[] }> = options.mode === 'full'
      ? [
        { how: 'file chooser', files: chosen.filter((f) => ['JPEG', 'PNG', 'WebP', 'AVIF'].includes(f.format)) },
        { how: 'drop', files: chosen.filter((f) => ['GIF', 'TIFF', 'BMP', 'QOI', 'ICO'].includes(f.format)) },
        { how: 'paste', files: chosen.filter((f) => !['JPEG', 'PNG', 'WebP', 'AVIF', 'GIF', 'TIFF', 'BMP', 'QOI', 'ICO'].includes(f.format)) },
      ]
      : [{ how: 'file chooser', files: [...chosen] }];
    let added = 0;
    let state: PageState = { hrefs: [], names: [], alerts: [] };
    for (const batch of batches.filter((b) => b.files.length > 0)) {
      await addFiles(page, batch.how, batch.files);
      added += batch.files.length;
      state = await waitForResults(page, added, new Set());
      run.flows.push(`${batch.how}: ${batch.files.map((f) => f.format).join(', ')}`);
      run.steps.push(`added ${batch.files.map((f) => f.fileName).join(', ')} by ${batch.how}: ${state.hrefs.length} result link(s), ${state.alerts.length} alert(s) so far`);
    }
    const requireResults = (label: string, names: readonly string[], alerts: readonly string[]) => {
      if (!options.accepts) return;
      for (const file of chosen) {
        if (!options.accepts.includes(file.format)) continue;
        if (!names.some((n) => canaryFor(n, [file]))) run.problems.push(`${label}: the tool accepts ${file.format}, but ${file.fileName} gave no result${alerts.length ? ` (alerts: ${alerts.join(' | ').slice(0, 300)})` : ''}`);
      }
    };

    const select = page.getByRole('combobox', { name: 'Output format', exact: true });
    const formats = (await select.count()) > 0 ? await select.first().locator('option').evaluateAll((options) => options.map((o) => (o as HTMLOptionElement).value)) : [];
    metadataStyle.value = formats.length === 0;
    const rounds: Array<string | null> = formats.length > 0 ? (options.mode === 'full' ? formats : formats.slice(0, 1)) : [null];
    const downloadAll = async (round: string, format: ImageFormat | null) => {
      const all = page.getByRole('button', { name: 'Download all', exact: true });
      if ((await all.count()) === 0) throw new Error('no "Download all" button');
      // The names are read before and after: if the page changed its results meanwhile, the ZIP is taken again.
      for (let attempt = 1; ; attempt += 1) {
        const expected = (await resultsAndAlerts(page)).names;
        const zip = await saveDownload(page, () => all.first().click(), downloadsDir, 'download all');
        const after = (await resultsAndAlerts(page)).names;
        if (JSON.stringify(after) !== JSON.stringify(expected) && attempt < 3) continue;
        const archive = parseZip(zip.bytes);
        const problems = zip.bytes.subarray(0, 2).toString('latin1') === 'PK' ? zipProblems(archive, expected) : ['"Download all" did not produce a ZIP'];
        run.zips.push({ round, bytes: zip.bytes.length, entries: archive.entries.map((e) => e.name), problems });
        for (const entry of archive.entries) check(round, format, 'ZIP entry', entry.name, entry.data);
        run.steps.push(`${round}: downloaded all as a ZIP (${zip.bytes.length} bytes, ${archive.entries.length} entries for ${expected.length} result link(s)); every entry parsed`);
        return;
      }
    };

    let seen = new Set<string>();
    let lastFormat: ImageFormat | null = null;
    for (const value of rounds) {
      if (value !== null) {
        await select.first().selectOption(value);
        run.formats.push(value);
      }
      const results = await waitForResults(page, added, seen);
      seen = new Set([...seen, ...results.fresh]);
      run.alerts.push(...results.alerts.map((alert) => `${value ?? 'output'}: ${alert}`));
      run.steps.push(`${value ?? 'output'}: ${results.fresh.length} result link(s), ${results.alerts.length} alert(s)`);
      requireResults(value ?? 'output', results.names, results.alerts);
      lastFormat = value === null ? null : (FORMAT_OF_VALUE[value] ?? null);
      if (options.mode === 'offline') continue;
      run.flows.push(`output ${value ?? 'as the tool decides'}${formats.length ? '' : ' (metadata strip)'}`);
      if (options.mode === 'full' || value === rounds[0]) await downloadAll(value ?? 'output', lastFormat);
    }
    if (options.mode === 'offline') return run;

    const links = page.locator('a[download]');
    if ((await links.count()) === 0) throw new Error('no result has a download link');
    const one = await saveDownload(page, () => links.first().click(), downloadsDir, 'download one');
    check(rounds.at(-1) ?? 'output', lastFormat, 'download one', one.name, one.bytes);
    run.steps.push(`downloaded one result through its <a download> link (${one.bytes.length} bytes, ${parseImage(one.bytes).format ?? 'not a known image format'})`);
    run.flows.push('download one');
    if (options.mode !== 'full') return run;

    const compare = page.getByRole('button', { name: 'Compare', exact: true });
    if ((await compare.count()) > 0) {
      await compare.first().click();
      // Until the compare view (a dialog, by the tools' UI contract) is shown; late requests are watched by the run's settle window.
      await page.getByRole('dialog').first().waitFor({ state: 'visible', timeout: 10_000 });
      run.steps.push('opened the compare view');
      run.flows.push('compare');
      await page.keyboard.press('Escape');
    } else if (formats.length > 0) {
      // A tool that re-encodes (it has an Output format) must let people compare before and after.
      throw new Error('no "Compare" button on a tool with an Output format select');
    } else {
      run.steps.push('no compare view on this tool');
    }

    // "Keep metadata": into a format that carries it, then back to the default so later visits strip again.
    const keep = page.getByRole('checkbox', { name: /^Keep metadata/ });
    if ((await keep.count()) > 0) {
      const carrier = formats.find((f) => FORMAT_OF_VALUE[f] === 'JPEG') ?? null;
      if (carrier !== null && carrier !== rounds.at(-1)) {
        await select.first().selectOption(carrier);
        seen = new Set([...seen, ...(await waitForResults(page, added, seen)).fresh]);
      }
      await keep.first().check();
      metadata = 'keep';
      const results = await waitForResults(page, added, seen);
      seen = new Set([...seen, ...results.fresh]);
      run.steps.push(`keep metadata (${carrier ?? 'current format'}): ${results.fresh.length} result link(s), ${results.alerts.length} alert(s)`);
      requireResults('keep metadata', results.names, results.alerts);
      await downloadAll(`keep metadata, ${carrier ?? 'current format'}`, carrier === null ? lastFormat : (FORMAT_OF_VALUE[carrier] ?? null));
      run.flows.push(`keep metadata (${carrier ?? 'current format'})`);
      // Back to the default, so later visits of this tool strip again (the page closes next; no need to wait).
      await keep.first().uncheck();
      metadata = 'strip';
    }
  } catch (error) {
    run.problems.push(String(error instanceof Error ? error.message : error));
  }
  return run;
}
