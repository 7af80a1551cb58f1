/**
 * Watches the page's URL and session history, so nothing can be written
 * into them (the address bar, the history list, a later visit's referrer).
 * Two records: Playwright's `framenavigated` for the main frame (from
 * DevTools, which page code cannot suppress; it fires for same-document
 * changes too: pushState, replaceState, location.hash), and an init script
 * that reports every pushState/replaceState call, hashchange and popstate
 * with location.href and history.length. The runner also reads
 * location.href and history.length after load and again before it closes
 * each page.
 *
 * The audit navigates only with page.goto, once per page: so the first
 * main-frame navigation of each page is the audit's own, and anything
 * after it, or any change of history.length, is not.
 */
import type { BrowserContext, Frame, Page } from 'playwright-core';

export interface NavigationEvent {
  readonly page: number;
  readonly phase: string;
  readonly source: 'framenavigated' | 'init-script' | 'snapshot';
  /** framenavigated: 'goto' (the audit's own, the first of the page) or 'navigation'; init script: the API or event. */
  readonly kind: string;
  readonly url: string;
  readonly historyLength?: number;
  readonly time: number;
}

export interface PageHistory {
  readonly page: number;
  /** The audit's own navigation (the page.goto). */
  gotoUrl?: string;
  gotoPhase?: string;
  /** history.length right after load. */
  baseline?: number;
}

export const NAVIGATION_BINDING = '__imglioAuditNavigation';

/** Runs in every document before its scripts; self-contained (serialized). */
function watchHistory(binding: string): void {
  const w = window as unknown as Record<string, unknown>;
  const send = w[binding] as ((record: { kind: string; url: string; historyLength: number }) => void) | undefined;
  if (typeof send !== 'function' || window.top !== window) return;
  const report = (kind: string) => {
    try {
      send({ kind, url: location.href, historyLength: history.length });
    } catch {
      // page closing
    }
  };
  for (const name of ['pushState', 'replaceState'] as const) {
    const original = History.prototype[name];
    History.prototype[name] = function patched(this: History, ...args: Parameters<History['pushState']>) {
      const result = original.apply(this, args);
      report(`history.${name}(${args[2] === undefined ? '' : String(args[2]).slice(0, 300)})`);
      return result;
    };
  }
  addEventListener('hashchange', () => report('hashchange'));
  addEventListener('popstate', () => report('popstate'));
}

export class NavigationRecorder {
  readonly events: NavigationEvent[] = [];
  readonly pages: PageHistory[] = [];
  private readonly ids = new Map<Page, PageHistory>();

  constructor(private readonly phase: () => string) {}

  async attach(context: BrowserContext): Promise<void> {
    await context.exposeBinding(NAVIGATION_BINDING, (source, record: { kind: string; url: string; historyLength: number }) => {
      this.events.push({ page: this.entry(source.page).page, phase: this.phase(), source: 'init-script', kind: String(record.kind), url: String(record.url), historyLength: Number(record.historyLength), time: Date.now() });
    });
    await context.addInitScript({ content: `(${watchHistory.toString()})(${JSON.stringify(NAVIGATION_BINDING)});` });
    context.on('page', (page) => {
      const entry = this.entry(page);
      page.on('framenavigated', (frame: Frame) => {
        if (frame !== page.mainFrame()) return;
        const first = entry.gotoUrl === undefined;
        if (first) {
          entry.gotoUrl = frame.url();
          entry.gotoPhase = this.phase();
        }
        this.events.push({ page: entry.page, phase: this.phase(), source: 'framenavigated', kind: first ? 'goto' : 'navigation', url: frame.url(), time: Date.now() });
      });
    });
  }

  private entry(page: Page): PageHistory {
    let entry = this.ids.get(page);
    if (!entry) {
      entry = { page: this.pages.length };
      this.pages.push(entry);
      this.ids.set(page, entry);
    }
    return entry;
  }

  /** Reads location.href and history.length; the first reading of a page is its baseline. */
  async snapshot(page: Page, label: string): Promise<void> {
    // Bounded: a page busy in a long task must not stall the run (a missing reading is then recorded as such).
    const reading = page.evaluate(() => ({ url: location.href, historyLength: history.length })).catch(() => null);
    const state = await Promise.race([reading, new Promise<null>((resolve) => setTimeout(() => resolve(null), 15_000))]);
    if (!state) {
      this.events.push({ page: this.entry(page).page, phase: this.phase(), source: 'snapshot', kind: `${label}: could not be read`, url: '', time: Date.now() });
      return;
    }
    const entry = this.entry(page);
    if (entry.baseline === undefined) entry.baseline = state.historyLength;
    this.events.push({ page: entry.page, phase: this.phase(), source: 'snapshot', kind: label, url: state.url, historyLength: state.historyLength, time: Date.now() });
  }
}

/** Problems: every change of a page's URL or history beyond the audit's own goto. */
export function navigationProblems(recorder: { events: readonly NavigationEvent[]; pages: readonly PageHistory[] }, expectedUrls: ReadonlySet<string>): string[] {
  const problems: string[] = [];
  for (const page of recorder.pages) {
    if (page.gotoUrl !== undefined && !expectedUrls.has(page.gotoUrl)) problems.push(`page ${page.page} [${page.gotoPhase}]: the audit's navigation ended at ${page.gotoUrl}, which is not a URL the audit went to`);
  }
  for (const event of recorder.events) {
    const page = recorder.pages[event.page];
    const where = `page ${event.page} (${page?.gotoUrl ?? 'never navigated'}) [${event.phase}]`;
    if (event.source === 'framenavigated' && event.kind !== 'goto') problems.push(`${where}: main frame navigated to ${event.url.slice(0, 300)} (framenavigated), not by the audit`);
    if (event.source === 'init-script') problems.push(`${where}: ${event.kind} → ${event.url.slice(0, 300)}, history.length ${event.historyLength}`);
    if (event.source === 'snapshot' && event.historyLength === undefined) {
      problems.push(`${where}: location.href and history.length ${event.kind}`);
      continue;
    }
    if (event.source === 'snapshot') {
      if (page?.gotoUrl !== undefined && event.url !== page.gotoUrl) problems.push(`${where}: location.href is ${event.url.slice(0, 300)} ${event.kind}`);
      if (page?.baseline !== undefined && event.historyLength !== page.baseline) problems.push(`${where}: history.length is ${event.historyLength} ${event.kind}, was ${page.baseline} after load`);
    }
  }
  return problems;
}
