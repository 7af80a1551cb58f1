/**
 * One audit run against one target: canaries, the recording proxy, Chromium
 * behind it with the runtime trap, then the PHASES in order (static scan and
 * code inventory, every page and every tool, offline, the storage read-back,
 * the red team, direct server probes, the Observatory score), then the
 * checks of checks.ts. Each phase is one entry that reads and fills the
 * shared run state. Read-only towards the target apart from the refused
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
import { documentedPreferences } from '../lib/preferences.ts';
import { BrowserRecorder } from './browser-recorder.ts';
import { makeCanaries, type CanarySet } from './canaries.ts';
import { evaluateChecks, type Check } from './checks.ts';
import { driveTool, emptyRun, type ToolRun } from './drive-tools.ts';
import { fetchManifestRecord, type ManifestRecord } from './manifest-record.ts';
import { startRecordingProxy, type ProxyEntry } from './proxy.ts';
import { redTeamPage, redTeamWorker, type RedTeamResult } from './red-team.ts';
import { crawlDeployment, scanBuildDirectory, withCrawledInventory, type ShippedCode } from './scanner.ts';
import { probe, refusalProbes, type ProbeResponse } from './server-probes.ts';
import { installStorageWatch, readStorage, trackOriginStorage, type StorageEvent, type StoredItem } from './storage.ts';
import { installTrap, type TrapRecord } from './trap.ts';
// Packet witness, load-time allow-list, URL/history (issue 9 item 4).
import { buildLoadAllowList, type LoadAllowList } from './load-allow-list.ts';
import { NavigationRecorder } from './navigation.ts';
import { createNetns, probeIsolation, WITNESS_ENV, type Netns } from './netns.ts';
import { removeCapture, startCapture, type RunningCapture } from './packet-capture.ts';
import type { PacketEvidence } from './witness-checks.ts';
import { chromiumTrustArgs, type TrustedCertificates } from './trusted-certificates.ts';

export interface AuditTool {
  readonly slug: string;
  readonly title: string;
  readonly status: 'available' | 'coming-soon';
  /** The input formats the tool documents (JPEG, PNG, …); a canary of one of them must give a result. */
  readonly accepts?: readonly string[];
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
  readonly canaries: Array<{ fileName: string; format: string; seeded: boolean; bytes: number; sha256: string; metadataText: string }>;
  readonly tools: ToolRun[];
  readonly offline: ToolRun[];
  readonly checks: Check[];
  /** 'incomplete': nothing failed, but a witness was missing (see the checks with status 'incomplete'). */
  readonly verdict: 'pass' | 'fail' | 'incomplete';
  readonly observatory: ReturnType<typeof observatoryScore>;
  readonly requests: {
    readonly browser: Array<Record<string, unknown>>;
    readonly proxy: Array<Record<string, unknown>>;
    readonly backgroundSetAside: Array<Record<string, unknown>>;
  };
  readonly storage: StoredItem[];
  readonly storageEvents: StorageEvent[];
  readonly storageNotes: string[];
  readonly trap: TrapRecord[];
  readonly redTeam: RedTeamResult[];
  readonly staticScan: ShippedCode;
  /** The packet witness: what it saw, or why it was missing. */
  readonly packetWitness: Record<string, unknown>;
}

/** The red team's foreign host, in the target's scheme (over HTTPS an http:// one would be stopped as mixed content before the CSP is tested). */
const foreignOrigin = (targetUrl: string) => `${new URL(targetUrl).protocol}//exfil.audit.invalid`;
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
   * with a JPEG and a PNG canary in its default format (download one, download all), online and offline;
   * enough to trigger and observe any leak.
   */
  readonly scope: 'full' | 'focused';
  /**
   * 'required' (default): run the browser in its own network namespace with the packet witness, when this
   * machine allows it (root, iproute2, tcpdump); where it does not, the verdict is 'incomplete'.
   * 'off': skip it (to exercise the 'incomplete' verdict); AUDIT_PACKET_WITNESS=off does the same.
   */
  readonly packetWitness?: 'required' | 'off';
  /** --ca-cert: certificates Chromium accepts for this run (Node trusts them through NODE_EXTRA_CA_CERTS). */
  readonly trusted?: TrustedCertificates;
}

/** Everything the phases share: set up before the first phase, filled in as they run. */
interface RunState {
  readonly target: AuditTarget;
  readonly tools: readonly AuditTool[];
  readonly options: AuditOptions;
  readonly origin: string;
  readonly work: string;
  readonly canaries: CanarySet;
  readonly browser: Browser;
  readonly context: BrowserContext;
  readonly recorder: BrowserRecorder;
  readonly setPhase: (value: string) => void;
  readonly currentPhase: () => string;
  readonly toolUrls: Map<string, AuditTool>;
  readonly focusTool: AuditTool | undefined;
  /** Icon URLs the pages declared at load (and /favicon.ico), which Chromium may fetch by itself later. */
  readonly declaredIcons: Set<string>;
  readonly storage: StoredItem[];
  readonly storageEvents: StorageEvent[];
  readonly storageNotes: string[];
  storageReadBacks: number;
  readonly toolRuns: ToolRun[];
  readonly missingTools: ToolRun[];
  readonly offlineRuns: ToolRun[];
  readonly probes: ProbeResponse[];
  readonly redTeam: RedTeamResult[];
  readonly navigation: NavigationRecorder;
  loadAllowList?: LoadAllowList;
  code?: ShippedCode;
  pageUrls?: string[];
  cookies?: Array<{ name: string; value: string; domain: string }>;
  redTeamMarker?: string;
  refusals?: Awaited<ReturnType<typeof refusalProbes>>;
  observatory?: ReturnType<typeof observatoryScore>;
}

export interface Phase {
  readonly name: string;
  readonly run: (state: RunState) => Promise<void>;
}

const must = <T,>(value: T | undefined, what: string): T => {
  if (value === undefined) throw new Error(`audit phase order: ${what} is not there yet`);
  return value;
};

/**
 * Imglio pages fetch all of their remaining code after load, then mark <html data-imglio-prefetch="done">
 * (or "failed"); only then does a page count as loaded, and from then on nothing may reach the network.
 * A page without the attribute (another site, an older build) counts as loaded at once.
 */
async function waitForPrefetch(page: Page): Promise<void> {
  await page.waitForFunction(() => {
    const state = document.documentElement.getAttribute('data-imglio-prefetch');
    return state === null || state === 'done' || state === 'failed';
  }, undefined, { timeout: 180_000 }).catch(() => undefined);
  await page.waitForLoadState('networkidle').catch(() => undefined);
}

async function noteDeclaredIcons(state: RunState, page: Page): Promise<void> {
  const icons = await page.evaluate(() => [...document.querySelectorAll('link[rel~="icon" i]')].map((link) => (link as HTMLLinkElement).href)).catch(() => []);
  for (const icon of icons) if (icon.startsWith(`${state.origin}/`) && !icon.includes('?')) state.declaredIcons.add(icon);
}

/** A new page of the audited context whose origin storage lists the DevTools protocol tracks while it lives. */
async function openPage(state: RunState): Promise<Page> {
  const page = await state.context.newPage();
  await trackOriginStorage(page, state.origin, state.storageEvents, () => state.currentPhase());
  return page;
}

/** Reads every storage area back after a flow. */
async function readBack(state: RunState, page: Page): Promise<void> {
  const found = await readStorage(page, state.origin).catch((error: unknown) => ({ items: [], notes: [`read-back on ${page.url()} failed: ${String(error)}`] }));
  state.storage.push(...found.items);
  state.storageNotes.push(...found.notes);
  state.storageReadBacks += 1;
}

export const PHASES: readonly Phase[] = [
  {
    // Static scan first: it also lists the pages and scripts to probe.
    // The code inventory (what may be fetched after load) always comes from a crawl, for a local build too.
    name: 'static scan and code inventory',
    run: async (state) => {
      const crawlStart = [state.target.url, ...state.tools.map((t) => new URL(`${t.slug}/`, state.target.url).href)];
      const siteRoot = state.target.siteRoot;
      if (siteRoot) {
        const local = scanBuildDirectory(siteRoot, state.origin);
        state.code = withCrawledInventory(local, await crawlDeployment([...crawlStart, ...local.pages.filter((p) => !p.endsWith('404.html'))]));
      } else {
        state.code = await crawlDeployment(crawlStart);
      }
      state.pageUrls = [...new Set([state.target.url, ...state.toolUrls.keys(), ...state.code.pages.filter((p) => !p.endsWith('404.html')), new URL(`imglio-audit-missing-${state.canaries.token}/`, state.target.url).href])];
    },
  },
  {
    name: 'load-time allow-list',
    run: async (state) => {
      state.loadAllowList = await buildLoadAllowList(must(state.pageUrls, 'the page list'), state.target.url, must(state.code, 'the code inventory').inventory);
    },
  },
  {
    name: 'every page, every tool',
    run: async (state) => {
      for (const url of must(state.pageUrls, 'the page list')) {
        const path = new URL(url).pathname;
        const page = await openPage(state);
        state.setPhase(`load ${path}`);
        const response = await page.goto(url, { waitUntil: 'load' });
        await page.waitForLoadState('networkidle').catch(() => undefined);
        await waitForPrefetch(page);
        await noteDeclaredIcons(state, page);
        await state.navigation.snapshot(page, 'after load');
        state.setPhase(`after-load ${path}`);
        const tool = state.toolUrls.get(url);
        if (tool && response?.status() !== 200) {
          state.missingTools.push(emptyRun(tool.slug, tool.status, [], [`the tool page ${url} answered ${response?.status()}`]));
        }
        if (tool?.status === 'available' && tool !== state.focusTool && state.options.scope === 'focused') {
          state.toolRuns.push(emptyRun(tool.slug, 'available', ['focused run: page loaded and watched, not driven']));
        } else if (tool?.status === 'available') {
          state.toolRuns.push(await driveTool(page, tool.slug, state.canaries.files, join(state.work, 'downloads'), { mode: state.options.scope, ...(tool.accepts ? { accepts: tool.accepts } : {}) }));
        } else {
          if (tool) state.toolRuns.push(emptyRun(tool.slug, 'coming-soon', ['not available yet: page loaded and watched']));
          // Any file input at all gets the canaries: whatever reads them is watched.
          const inputs = page.locator('input[type="file"]');
          for (let i = 0; i < (await inputs.count()); i += 1) await inputs.nth(i).setInputFiles(state.canaries.files.map((f) => f.path)).catch(() => undefined);
        }
        await settle(page);
        await readBack(state, page);
        await state.navigation.snapshot(page, 'before the page was closed');
        await page.close();
      }
    },
  },
  {
    name: 'offline after load',
    run: async (state) => {
      for (const [url, tool] of state.toolUrls) {
        if (state.options.scope === 'focused' && tool !== state.focusTool) continue;
        const path = new URL(url).pathname;
        const page = await openPage(state);
        state.setPhase(`load ${path} (before offline)`);
        await page.goto(url, { waitUntil: 'load' });
        await page.waitForLoadState('networkidle').catch(() => undefined);
        await waitForPrefetch(page);
        await noteDeclaredIcons(state, page);
        await state.navigation.snapshot(page, 'after load');
        state.setPhase(`offline ${path}`);
        await state.context.setOffline(true);
        try {
          if (tool.status === 'available') state.offlineRuns.push(await driveTool(page, tool.slug, state.canaries.files, join(state.work, 'downloads'), { mode: 'offline' }));
          else state.offlineRuns.push(emptyRun(tool.slug, 'coming-soon', ['not available yet']));
          await page.waitForTimeout(500);
        } finally {
          await state.context.setOffline(false);
        }
        await readBack(state, page);
        await state.navigation.snapshot(page, 'before the page was closed');
        await page.close();
      }
    },
  },
  {
    name: 'storage read-back',
    run: async (state) => {
      state.setPhase('storage read-back');
      const home = await openPage(state);
      await home.goto(state.target.url);
      await state.navigation.snapshot(home, 'after load');
      await readBack(state, home);
      await state.navigation.snapshot(home, 'before the page was closed');
      state.cookies = (await state.context.cookies()).map((c) => ({ name: c.name, value: c.value, domain: c.domain }));
      await home.close();
      await state.context.close();
    },
  },
  {
    name: 'red team',
    run: async (state) => {
      state.setPhase('red-team');
      const redContext = await state.browser.newContext();
      state.recorder.attach(redContext);
      const marker = `redteam-${randomUUID()}`;
      state.redTeamMarker = marker;
      const workerScript = [...state.recorder.workers.map((w) => w.url), ...must(state.code, 'the static scan').scripts].find((u) => u.startsWith(state.origin));
      state.redTeam.push(
        await redTeamPage(redContext, state.target.url, [state.origin, foreignOrigin(state.target.url)], marker),
        await redTeamWorker(redContext, state.target.url, workerScript, [state.origin, foreignOrigin(state.target.url)], marker),
      );
      await redContext.close();
      state.setPhase('done');
    },
  },
  {
    name: 'server probes',
    run: async (state) => {
      const code = must(state.code, 'the static scan');
      for (const url of [...new Set([...must(state.pageUrls, 'the page list'), ...code.pages, ...code.scripts, ...state.recorder.workers.map((w) => w.url)])]) {
        if (url.startsWith(state.origin)) state.probes.push(await probe(`GET ${new URL(url).pathname}`, url));
      }
      state.refusals = await refusalProbes(state.target.url, state.canaries.token);
    },
  },
  {
    name: 'HTTP Observatory score',
    run: async (state) => {
      const homeProbe = state.probes.find((p) => p.url === state.target.url) ?? (await probe('GET /', state.target.url));
      const scripts = [...homeProbe.body.matchAll(/<script\b([^>]*)>/gi)].map((m) => ({ src: /\ssrc\s*=\s*["']([^"']+)/i.exec(m[1] ?? '')?.[1] ?? null, integrity: /\sintegrity\s*=/i.test(m[1] ?? '') }));
      const https = state.target.url.startsWith('https:');
      const httpRedirectLocation = https
        ? await probe('GET http://', state.target.url.replace(/^https:/, 'http:')).then((r) => r.headers['location']?.[0] ?? null).catch(() => null)
        : undefined;
      state.observatory = observatoryScore({ headers: homeProbe.headers, https, scripts, pageOrigin: state.origin, ...(httpRedirectLocation === undefined ? {} : { httpRedirectLocation }) });
    },
  },
];

export async function runAudit(target: AuditTarget, tools: readonly AuditTool[], options: AuditOptions = { scope: 'full' }): Promise<AuditResult> {
  const startedAt = new Date().toISOString();
  const manifest = await fetchManifestRecord(target.url);
  const origin = new URL(target.url).origin;
  const work = join(tmpdir(), `imglio-audit-${randomUUID()}`);
  mkdirSync(join(work, 'downloads'), { recursive: true });
  // A focused run drives one tool with two canaries, so it makes only those (fewer needles to search for).
  const canaries = await makeCanaries(join(work, 'canaries'), options.scope === 'focused' ? { formats: ['JPEG', 'PNG'] } : {});
  const needles = canaryNeedles(canaries.files);
  // The packet witness: the browser in a network namespace of its own, the proxy on the host end of its veth.
  const witnessOff = options.packetWitness === 'off' || process.env[WITNESS_ENV] === 'off';
  const namespace = witnessOff ? { ok: false as const, reason: `the packet witness was switched off (${options.packetWitness === 'off' ? 'packetWitness: off' : `${WITNESS_ENV}=off`})` } : await createNetns(chromiumPath());
  const netns: Netns | undefined = namespace.ok ? namespace.netns : undefined;
  let capture: RunningCapture | undefined;
  let packets: PacketEvidence = namespace.ok ? { available: false, reason: 'the capture did not finish' } : { available: false, reason: namespace.reason };
  const proxy = await startRecordingProxy(netns?.hostAddress ?? '127.0.0.1').catch(async (error: unknown) => {
    await netns?.close();
    throw error;
  });
  const phaseTimeline: Array<{ time: number; phase: string }> = [{ time: Date.now(), phase: proxy.phase }];
  const phase = () => proxy.phase;
  const setPhase = (value: string) => {
    proxy.phase = value;
    phaseTimeline.push({ time: Date.now(), phase: value });
  };
  const phaseAt = (time: number) => phaseTimeline.findLast((p) => p.time <= time)?.phase ?? 'start';
  const recorder = new BrowserRecorder(phase);
  const navigation = new NavigationRecorder(phase);
  const trap: TrapRecord[] = [];
  let browser: Browser | undefined;
  try {
    const isolation = netns ? probeIsolation(netns, proxy.port, [new URL(target.url).port ? Number(new URL(target.url).port) : 80, proxy.port]) : [];
    if (netns) {
      capture = await startCapture(netns).catch((error: unknown) => {
        packets = { available: false, reason: `tcpdump could not capture in ${netns.name}: ${String(error)}` };
        return undefined;
      });
    }
    browser = await chromium.launch({
      executablePath: netns?.chromiumWrapper ?? chromiumPath(),
      args: [...CHROMIUM_ARGS, `--proxy-server=http://${netns?.hostAddress ?? '127.0.0.1'}:${proxy.port}`, '--proxy-bypass-list=<-loopback>', ...chromiumTrustArgs(options.trusted)],
    });
    const context = await browser.newContext({ acceptDownloads: true, bypassCSP: false });
    recorder.attach(context);
    await installTrap(context, trap, phase);
    const storageEvents: StorageEvent[] = [];
    await installStorageWatch(context, storageEvents, phase);
    await navigation.attach(context);
    // "Download all" prefers the File System Access save picker where it exists; it fires no download event
    // and cannot be driven headless. Removing it makes the tools take the <a download> path every browser has.
    await context.addInitScript(() => {
      delete (window as { showSaveFilePicker?: unknown }).showSaveFilePicker;
    });
    const toolUrls = new Map(tools.map((t) => [new URL(`${t.slug}/`, target.url).href, t]));
    const state: RunState = {
      target, tools, options, origin, work, canaries, browser, context, recorder, setPhase, currentPhase: phase, toolUrls,
      focusTool: tools.find((t) => t.status === 'available'),
      // Chromium fetches a page's icon by itself, sometimes well after load; that fetch is allowed after load
      // only for the exact icon URLs the page declared by then (and /favicon.ico), never for anything else.
      declaredIcons: new Set<string>([new URL('/favicon.ico', origin).href]),
      storage: [], storageEvents, storageNotes: [], storageReadBacks: 0, toolRuns: [], missingTools: [], offlineRuns: [], probes: [], redTeam: [], navigation,
    };
    for (const step of PHASES) await step.run(state);
    const browserVersion = `Chromium ${browser.version()}`;
    // Everything the browser sent is in the capture once it has exited.
    await browser.close();
    if (netns && capture) {
      const policy = { browserAddress: netns.nsAddress, proxyAddress: netns.hostAddress, proxyPort: proxy.port };
      packets = { available: true, name: netns.name, netns: netns.description, policy, isolation, capture: await capture.stop(policy), phaseAt };
    }

    const uniqueStorage = [...new Map(state.storage.map((s) => [`${s.where}|${s.key}|${s.value}`, s])).values()];
    const code = must(state.code, 'the static scan');
    const observatory = must(state.observatory, 'the Observatory score');
    const { checks, backgroundTraffic } = evaluateChecks({
      origin,
      site: target.url,
      needles,
      recorder,
      proxy: proxy.entries,
      trap,
      code,
      tools: [...state.toolRuns, ...state.missingTools],
      offline: state.offlineRuns,
      storage: uniqueStorage,
      storageEvents,
      storageNotes: [...new Set(state.storageNotes)],
      storageReadBacks: state.storageReadBacks,
      preferences: documentedPreferences(tools.map((t) => t.slug)),
      cookies: must(state.cookies, 'the cookie read-back'),
      probes: state.probes,
      refusals: must(state.refusals, 'the refusal probes'),
      observatory,
      redTeam: state.redTeam,
      redTeamMarker: must(state.redTeamMarker, 'the red team'),
      declaredIcons: [...state.declaredIcons],
      packets,
      ...(state.loadAllowList ? { loadAllowList: state.loadAllowList } : {}),
      navigation: { events: navigation.events, pages: navigation.pages, expectedUrls: must(state.pageUrls, 'the page list') },
    });
    const proxyRecord = (e: ProxyEntry) => ({ seq: e.seq, phase: e.phase, kind: e.kind, method: e.method, url: e.url, status: e.status ?? null, requestBodyBytes: e.bodyBytes, error: e.error ?? null });
    return {
      target,
      scope: options.scope,
      startedAt,
      finishedAt: new Date().toISOString(),
      manifest,
      browserVersion,
      canaries: canaries.files.map((f) => ({ fileName: f.fileName, format: f.format, seeded: f.seeded, bytes: f.bytes.length, sha256: needles.find((n) => n.fileName === f.fileName && n.form === 'SHA-256 (hex)')?.bytes.toString('latin1') ?? '', metadataText: f.metadataText })),
      tools: [...state.toolRuns, ...state.missingTools],
      offline: state.offlineRuns,
      checks,
      verdict: checks.some((c) => c.status === 'fail') ? 'fail' : checks.some((c) => c.status === 'incomplete') ? 'incomplete' : 'pass',
      packetWitness: packets.available
        ? { available: true, namespace: packets.netns, policy: packets.policy, isolation: packets.isolation, capture: { ...packets.capture, disallowed: packets.capture.disallowed.map((f) => ({ ...f, details: [...f.details], firstPhase: phaseAt(f.firstTime) })), hostMulticast: packets.capture.hostMulticast.map((f) => ({ ...f, details: [...f.details] })) } }
        : { available: false, reason: packets.reason },
      observatory,
      requests: {
        browser: recorder.requests.map((r) => ({ seq: r.seq, phase: r.phase, initiator: r.initiator, method: r.method, url: r.url, resourceType: r.resourceType, status: r.status ?? null, requestBodyBytes: r.body?.length ?? 0, failure: r.failure ?? null })),
        proxy: proxy.entries.filter((e) => !backgroundTraffic.includes(e)).map(proxyRecord),
        backgroundSetAside: backgroundTraffic.map(proxyRecord),
      },
      storage: uniqueStorage.map((s) => ({ ...s, value: s.value.length > 300 ? `${s.value.slice(0, 300)}… (${s.value.length})` : s.value })),
      storageEvents: storageEvents.map((e) => ({ ...e, value: e.value.length > 300 ? `${e.value.slice(0, 300)}…` : e.value })),
      storageNotes: [...new Set(state.storageNotes)],
      trap,
      redTeam: state.redTeam,
      staticScan: code,
    };
  } finally {
    await browser?.close();
    removeCapture(capture);
    await proxy.stop();
    await netns?.close();
    rmSync(work, { recursive: true, force: true });
  }
}
