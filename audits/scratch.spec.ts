import { test } from '@playwright/test';
import { chromium } from 'playwright-core';
import { startNginx, REPO_ROOT } from '../scripts/nginx-server.mjs';
import { chromiumPath, CHROMIUM_ARGS } from '../scripts/tool-paths.mjs';
import { startRecordingProxy } from './support/proxy.ts';
import { join } from 'node:path';

test('scratch', async () => {
  const nginx = await startNginx({ root: join(REPO_ROOT, 'dist'), accessLog: 'off' });
  const proxy = await startRecordingProxy();
  const browser = await chromium.launch({ executablePath: chromiumPath(), args: [...CHROMIUM_ARGS, `--proxy-server=http://127.0.0.1:${proxy.port}`, '--proxy-bypass-list=<-loopback>'] });
  console.log('version', browser.version());
  const context = await browser.newContext({ serviceWorkers: 'block' });
  const seen: string[] = [];
  context.on('request', (r) => seen.push(`${r.method()} ${r.url()} ${r.resourceType()} sw=${!!r.serviceWorker()}`));
  context.on('requestfailed', (r) => seen.push(`FAILED ${r.url()} ${r.failure()?.errorText}`));
  const page = await context.newPage();
  page.on('console', (m) => seen.push(`console ${m.type()} ${m.text()}`));
  const workers: import('playwright-core').Worker[] = [];
  page.on('worker', (w) => { workers.push(w); seen.push(`worker ${w.url()}`); });
  await page.goto(`${nginx.url}/`);
  await page.waitForLoadState('networkidle');
  const js = ['/_astro/preact.module.BTqC4RwC.js'];
  console.log(js);
  await page.evaluate((u) => { (window as any).w = new Worker(u, { type: 'module' }); }, js[0]);
  await page.waitForTimeout(500);
  const w = workers[0]!;
  const res = await w.evaluate(async () => {
    const v: string[] = [];
    self.addEventListener('securitypolicyviolation', (e: any) => v.push(`${e.effectiveDirective} ${e.blockedURI}`));
    let out = '';
    try { const r = await fetch('/x?worker', { method: 'POST', body: 'abc' }); out = String(r.status); } catch (e) { out = String(e); }
    try { const r = await fetch('http://exfil.audit.invalid/x'); out += String(r.status); } catch (e) { out += String(e); }
    await new Promise((r) => setTimeout(r, 300));
    return { out, v, coi: self.crossOriginIsolated };
  });
  console.log(res);
  const res2 = await page.evaluate(async () => { try { await fetch('/?pagefetch'); return 'ok'; } catch (e) { return String(e); } });
  console.log(res2);
  await page.evaluate(() => { const i = new Image(); i.src = '/favicon.svg?q=1'; document.body.append(i); });
  await page.waitForTimeout(500);
  console.log(seen.join('\n'));
  console.log(proxy.entries.map((e) => `${e.seq} ${e.kind} ${e.method} ${e.url} ${e.status} ${e.bodyBytes}`).join('\n'));
  await browser.close(); await proxy.stop(); await nginx.stop();
});
