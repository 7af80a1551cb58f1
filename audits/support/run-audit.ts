/**
 * One audit run against one target: canaries, the recording proxy, Chromium
 * behind it with the runtime trap, every page and every tool, offline, the
 * storage read-back, the red team, direct server probes, the static scan,
 * then the checks. Read-only towards the target apart from the refused
 * write requests the policy requires it to refuse.
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { chromiumPath, CHROMIUM_ARGS } from './browser-path.ts';
import { canaryNeedles } from '../lib/canary-forms.ts';
import { observatoryScore } from '../lib/observatory.ts';
import { BrowserRecorder } from './browser-recorder.ts';
import { makeCanaries } from './canaries.ts';
import { evaluateChecks, type Check } from './checks.ts';
import { driveTool, type ToolRun } from './drive-tools.ts';
import { fetchManifestRecord, type ManifestRecord } from './manifest-record.ts';
import { startRecordingProxy, type ProxyEntry } from './proxy.ts';
import { redTeamPage, redTeamWorker, type RedTeamResult } from './red-team.ts';
import { crawlDeployment, scanBuildDirectory, withCrawledInventory, type ShippedCode } from './scanner.ts';
import { probe, refusalProbes, type ProbeResponse } from './server-probes.ts';
import { readStorage, type StoredItem } from './storage.ts';
import { installTrap, type TrapRecord } from './trap.ts';

export interface AuditTool {
  readonly slug: string;
  readonly title: string;
  readonly status: 'available' | 'coming-soon';
}

export interface AuditTarget {
  /** Base URL of the deployment, ending with '/'. */
  readonly url: string;
  /** The files the target serves, when the audit has them (local build); otherwise the site is crawled. */
  readonly siteRoot?: string;
  readonly description: string;
}

export interface AuditResult {
  readonly target: AuditTarget;
  readonly scope: AuditOptions['scope'];
  readonly startedAt: string;
  readonly finishedAt: string;
  /** The build manifest the deployment served when the audit started (its SHA-256 names the audited build). */
  readonly manifest: ManifestRecord;
  readonly browserVersion: string;
  readonly canaries: Array<{ fileName: string; bytes: number; sha256: string; metadataText: string }>;
  readonly tools: ToolRun[];
  readonly offline: ToolRun[];
  readonly checks: Check[];
  readonly verdict: 'pass' | 'fail';
  readonly observatory: ReturnType<typeof observatoryScore>;
  readonly requests: {
    readonly browser: Array<Record<string, unknown>>;
    readonly proxy: Array<Record<string, unknown>>;
    readonly backgroundSetAside: Array<Record<string, unknown>>;
  };
  readonly storage: StoredItem[];
  readonly trap: TrapRecord[];
  readonly redTeam: RedTeamResult[];
  readonly staticScan: ShippedCode;
}

const FOREIGN_ORIGIN = 'http://exfil.audit.invalid';
/** How long a page is watched after load and after each step, for late requests. */
const SETTLE_MS = 750;

async function settle(page: Page): Promise<void> {
  await page.waitForLoadState('networkidle').catch(() => undefined);
  await page.waitForTimeout(SETTLE_MS);
}

export interface AuditOptions {
  /**
   * 'full' (the audit): every tool, every canary, every output format, compare, download one, download all.
   * 'focused' (the mutation suite): every page loaded and watched, but only the first available tool driven,
   * with one canary in its default format, online and offline; enough to trigger and observe any leak.
   */
  readonly scope: 'full' | 'focused';
}

export async function runAudit(target: AuditTarget, tools: readonly AuditTool[], options: AuditOptions = { scope: 'full' }): Promise<AuditResult> {
  const startedAt = new Date().toISOString();
  const manifest = await fetchManifestRecord(target.url);
  const origin = new URL(target.url).origin;
  const work = join(tmpdir(), `imglio-audit-${randomUUID()}`);
  mkdirSync(join(work, 'downloads'), { recursive: true });
  const canaries = await makeCanaries(join(work, 'canaries'));
  const needles = canaryNeedles(canaries.files);
  const proxy = await startRecordingProxy();
  const phase = () => proxy.phase;
  const setPhase = (value: string) => {
    proxy.phase = value;
  };
  const recorder = new BrowserRecorder(phase);
  const trap: TrapRecord[] = [];
  let browser: Browser | undefined;
  try {
    browser = await chromium.launch({
      executablePath: chromiumPath(),
      args: [...CHROMIUM_ARGS, `--proxy-server=http://127.0.0.1:${proxy.port}`, '--proxy-bypass-list=<-loopback>'],
    });
    const context = await browser.newContext({ acceptDownloads: true, bypassCSP: false });
    recorder.attach(context);
    await installTrap(context, trap, phase);
    // "Download all" prefers the File System Access save picker where it exists; it fires no download event
    // and cannot be driven headless. Removing it makes the tools take the <a download> path every browser has.
    await context.addInitScript(() => {
      delete (window as { showSaveFilePicker?: unknown }).showSaveFilePicker;
    });

    // Static scan first: it also lists the pages and scripts to probe.
    // The code inventory (what may be fetched after load) always comes from a crawl, for a local build too.
    const crawlStart = [target.url, ...tools.map((t) => new URL(`${t.slug}/`, target.url).href)];
    const code = target.siteRoot
      ? await (async () => {
        const local = scanBuildDirectory(target.siteRoot as string, origin);
        return withCrawledInventory(local, await crawlDeployment([...crawlStart, ...local.pages.filter((p) => !p.endsWith('404.html'))]));
      })()
      : await crawlDeployment(crawlStart);

    const toolUrls = new Map(tools.map((t) => [new URL(`${t.slug}/`, target.url).href, t]));
    const focusTool = tools.find((t) => t.status === 'available');
    const pageUrls = [...new Set([target.url, ...toolUrls.keys(), ...code.pages.filter((p) => !p.endsWith('404.html')), new URL(`imglio-audit-missing-${canaries.token}/`, target.url).href])];
    // Chromium fetches a page's icon by itself, sometimes well after load; that fetch is allowed after load
    // only for the exact icon URLs the page declared by then (and /favicon.ico), never for anything else.
    const declaredIcons = new Set<string>([new URL('/favicon.ico', origin).href]);
    const noteDeclaredIcons = async (page: Page) => {
      const icons = await page.evaluate(() => [...document.querySelectorAll('link[rel~="icon" i]')].map((link) => (link as HTMLLinkElement).href)).catch(() => []);
      for (const icon of icons) if (icon.startsWith(`${origin}/`) && !icon.includes('?')) declaredIcons.add(icon);
    };
    const storage: StoredItem[] = [];
    const toolRuns: ToolRun[] = [];
    const missingTools: ToolRun[] = [];

    for (const url of pageUrls) {
      const path = new URL(url).pathname;
      const page = await context.newPage();
      setPhase(`load ${path}`);
      const response = await page.goto(url, { waitUntil: 'load' });
      await page.waitForLoadState('networkidle').catch(() => undefined);
      await noteDeclaredIcons(page);
      setPhase(`after-load ${path}`);
      const tool = toolUrls.get(url);
      if (tool && response?.status() !== 200) {
        missingTools.push({ slug: tool.slug, status: tool.status, steps: [], problems: [`the tool page ${url} answered ${response?.status()}`], formats: [], alerts: [] });
      }
      if (tool?.status === 'available' && tool !== focusTool && options.scope === 'focused') {
        toolRuns.push({ slug: tool.slug, status: 'available', steps: ['focused run: page loaded and watched, not driven'], problems: [], formats: [], alerts: [] });
      } else if (tool?.status === 'available') {
        toolRuns.push(await driveTool(page, tool.slug, canaries.files, join(work, 'downloads'), { full: options.scope === 'full' }));
      } else {
        if (tool) toolRuns.push({ slug: tool.slug, status: 'coming-soon', steps: ['not available yet: page loaded and watched'], problems: [], formats: [], alerts: [] });
        // Any file input at all gets the canaries: whatever reads them is watched.
        const inputs = page.locator('input[type="file"]');
        for (let i = 0; i < (await inputs.count()); i += 1) await inputs.nth(i).setInputFiles(canaries.files.map((f) => f.path)).catch(() => undefined);
      }
      await settle(page);
      storage.push(...(await readStorage(page).catch(() => ({ items: [] }))).items);
      await page.close();
    }

    const offlineRuns: ToolRun[] = [];
    for (const [url, tool] of toolUrls) {
      if (options.scope === 'focused' && tool !== focusTool) continue;
      const path = new URL(url).pathname;
      const page = await context.newPage();
      setPhase(`load ${path} (before offline)`);
      await page.goto(url, { waitUntil: 'load' });
      await page.waitForLoadState('networkidle').catch(() => undefined);
      await noteDeclaredIcons(page);
      setPhase(`offline ${path}`);
      await context.setOffline(true);
      try {
        if (tool.status === 'available') offlineRuns.push(await driveTool(page, tool.slug, canaries.files, join(work, 'downloads'), { full: false }));
        else offlineRuns.push({ slug: tool.slug, status: 'coming-soon', steps: ['not available yet'], problems: [], formats: [], alerts: [] });
        await page.waitForTimeout(500);
      } finally {
        await context.setOffline(false);
      }
      await page.close();
    }

    setPhase('storage read-back');
    const home = await context.newPage();
    await home.goto(target.url);
    const finalStorage = await readStorage(home);
    storage.push(...finalStorage.items);
    const cookies = (await context.cookies()).map((c) => ({ name: c.name, value: c.value, domain: c.domain }));
    await home.close();
    await context.close();

    setPhase('red-team');
    const redContext: BrowserContext = await browser.newContext();
    recorder.attach(redContext);
    const marker = `redteam-${randomUUID()}`;
    const workerScript = [...recorder.workers.map((w) => w.url), ...code.scripts].find((u) => u.startsWith(origin));
    const redTeam = [
      await redTeamPage(redContext, target.url, FOREIGN_ORIGIN, marker),
      await redTeamWorker(redContext, target.url, workerScript, FOREIGN_ORIGIN, marker),
    ];
    await redContext.close();
    setPhase('done');

    const probes: ProbeResponse[] = [];
    for (const url of [...new Set([...pageUrls, ...code.pages, ...code.scripts, ...recorder.workers.map((w) => w.url)])]) {
      if (url.startsWith(origin)) probes.push(await probe(`GET ${new URL(url).pathname}`, url));
    }
    const refusals = await refusalProbes(origin, canaries.token);
    const homeProbe = probes.find((p) => p.url === target.url) ?? (await probe('GET /', target.url));
    const homeHtml = homeProbe.body;
    const scripts = [...homeHtml.matchAll(/<script\b([^>]*)>/gi)].map((m) => ({ src: /\ssrc\s*=\s*["']([^"']+)/i.exec(m[1] ?? '')?.[1] ?? null, integrity: /\sintegrity\s*=/i.test(m[1] ?? '') }));
    const https = target.url.startsWith('https:');
    const httpRedirectLocation = https
      ? await probe('GET http://', target.url.replace(/^https:/, 'http:')).then((r) => r.headers['location']?.[0] ?? null).catch(() => null)
      : undefined;
    const observatory = observatoryScore({ headers: homeProbe.headers, https, scripts, pageOrigin: origin, ...(httpRedirectLocation === undefined ? {} : { httpRedirectLocation }) });

    const uniqueStorage = [...new Map(storage.map((s) => [`${s.where}|${s.key}|${s.value}`, s])).values()];
    const { checks, backgroundTraffic } = evaluateChecks({
      origin,
      needles,
      recorder,
      proxy: proxy.entries,
      trap,
      code,
      tools: [...toolRuns, ...missingTools],
      offline: offlineRuns,
      storage: uniqueStorage,
      cookies,
      probes,
      refusals,
      observatory,
      redTeam,
      redTeamMarker: marker,
      declaredIcons: [...declaredIcons],
    });
    const proxyRecord = (e: ProxyEntry) => ({ seq: e.seq, phase: e.phase, kind: e.kind, method: e.method, url: e.url, status: e.status ?? null, requestBodyBytes: e.bodyBytes, error: e.error ?? null });
    return {
      target,
      scope: options.scope,
      startedAt,
      finishedAt: new Date().toISOString(),
      manifest,
      browserVersion: `Chromium ${browser.version()}`,
      canaries: canaries.files.map((f) => ({ fileName: f.fileName, bytes: f.bytes.length, sha256: needles.find((n) => n.fileName === f.fileName && n.form === 'SHA-256 (hex)')?.bytes.toString('latin1') ?? '', metadataText: f.metadataText })),
      tools: [...toolRuns, ...missingTools],
      offline: offlineRuns,
      checks,
      verdict: checks.every((c) => c.status === 'pass') ? 'pass' : 'fail',
      observatory,
      requests: {
        browser: recorder.requests.map((r) => ({ seq: r.seq, phase: r.phase, initiator: r.initiator, method: r.method, url: r.url, resourceType: r.resourceType, status: r.status ?? null, requestBodyBytes: r.body?.length ?? 0, failure: r.failure ?? null })),
        proxy: proxy.entries.filter((e) => !backgroundTraffic.includes(e)).map(proxyRecord),
        backgroundSetAside: backgroundTraffic.map(proxyRecord),
      },
      storage: uniqueStorage.map((s) => ({ ...s, value: s.value.length > 300 ? `${s.value.slice(0, 300)}… (${s.value.length})` : s.value })),
      trap,
      redTeam,
      staticScan: code,
    };
  } finally {
    await browser?.close();
    await proxy.stop();
    rmSync(work, { recursive: true, force: true });
  }
}
