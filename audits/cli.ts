/**
 * The `imglio-audit` command: `run` (the privacy audit in Chromium) and
 * `verify` (the deployment serves exactly a build). Everything it reaches
 * lives in this package; the tool list comes from the deployment itself.
 */
import { resolve } from 'node:path';
import { toolsFromHomePage, type PublishedTool } from './lib/tool-cards.ts';
import { resolveExpected } from './support/expected-build.ts';
import { writeReports } from './support/report.ts';
import { runAudit, type AuditOptions, type AuditResult } from './support/run-audit.ts';
import { verifyDeployment, type VerifyResult } from './support/verify.ts';
import { writeVerifyReports } from './support/verify-report.ts';
import { loadTrustedCertificates, nodeTrusts, type TrustedCertificates } from './support/trusted-certificates.ts';

export const USAGE = `imglio-audit: audit an Imglio deployment, and verify that it serves exactly a given build.

Usage:
  imglio-audit run <url> [--out <dir>] [--scope full|focused] [--site-root <dir>] [--ca-cert <file>]
  imglio-audit <url> [...]          (the same as run)
  imglio-audit verify <url> [--expect <manifest.json|commit>] [--repo <path|url>] [--out <dir>] [--ca-cert <file>]
  imglio-audit --help

run     Drives every tool of the deployment (the tool cards of its home page) in Chromium behind a
        recording proxy with canary images, and fails if anything could leave the browser.
        --scope focused drives only the first tool with one canary (every page is still watched).
        --site-root <dir>: the deployment's files, when you have them, are scanned too.
verify  Downloads <url>.well-known/imglio/manifest.json, every file it lists (plain and with
        Accept-Encoding: gzip) and everything the site links, and fails on any file, header or
        linked URL that is not the build's.
        --expect <manifest.json>: compare with that manifest (from a clean build) instead.
        --expect <commit>: build that commit in a temporary clone (git clone, npm ci, npm run build)
        of --repo (default: the git repository of the current directory) and compare with its manifest.

--ca-cert <file> (run and verify): also trust the PEM certificate(s) in <file> for HTTPS, for this run
        only: a private CA, or the deployment's own self-signed certificate. Node trusts them as CAs;
        Chromium accepts a server chain containing one of their keys. Certificate checks stay on.

Reports: <out>/audit-<time>.{md,json} and <out>/latest.{md,json} (run),
         <out>/verify-<time>.{md,json} and <out>/verify-latest.{md,json} (verify); --out defaults to
         ./imglio-audit-reports. The .json file is the attestation; sign it with
         ssh-keygen -Y sign -f <key> -n imglio-audit <file>.json
Exit code: 0 pass, 1 findings, 2 usage or setup error.
Environment: CHROMIUM_PATH (default /usr/bin/chromium).`;

export class UsageError extends Error {}

export interface ParsedArgs {
  readonly command: 'run' | 'verify' | 'help';
  readonly url?: string;
  readonly options: Readonly<Record<string, string>>;
}

const OPTIONS: Record<'run' | 'verify', readonly string[]> = { run: ['out', 'scope', 'site-root', 'ca-cert'], verify: ['out', 'expect', 'repo', 'ca-cert'] };

export function parseArgs(argv: readonly string[]): ParsedArgs {
  if (argv.length === 0 || argv.includes('--help') || argv.includes('-h') || argv[0] === 'help') return { command: 'help', options: {} };
  // `imglio-audit https://host/` (and `docker run --rm imglio-audit https://host/`) means `run`.
  const [command, ...rest] = /^https?:\/\//i.test(argv[0] ?? '') ? ['run', ...argv] : argv;
  if (command !== 'run' && command !== 'verify') throw new UsageError(`unknown command "${command}"; expected run or verify`);
  const options: Record<string, string> = {};
  const positional: string[] = [];
  for (let i = 0; i < rest.length; i += 1) {
    const arg = rest[i] as string;
    if (!arg.startsWith('--')) {
      positional.push(arg);
      continue;
    }
    const [name, inline] = arg.slice(2).split(/=(.*)/s, 2) as [string, string | undefined];
    if (!OPTIONS[command].includes(name)) throw new UsageError(`${command}: unknown option --${name}`);
    const value = inline ?? rest[(i += 1)];
    if (value === undefined || value === '') throw new UsageError(`${command}: --${name} needs a value`);
    options[name] = value;
  }
  if (positional.length !== 1) throw new UsageError(`${command}: give exactly one <url> (got ${positional.length})`);
  if (options['scope'] && options['scope'] !== 'full' && options['scope'] !== 'focused') throw new UsageError('run: --scope is full or focused');
  return { command, url: normalizeBaseUrl(positional[0] as string), options };
}

export function normalizeBaseUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new UsageError(`"${raw}" is not a URL; give one like https://host/`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new UsageError(`the URL must be http:// or https://, got ${url.protocol}`);
  url.hash = '';
  url.search = '';
  if (!url.pathname.endsWith('/')) url.pathname += '/';
  return url.href;
}

/** The deployment's tools, from its home page. */
export async function discoverTools(url: string): Promise<PublishedTool[]> {
  const response = await fetch(url).catch((error: Error) => {
    throw new Error(`GET ${url} failed: ${error.message}`);
  });
  if (!response.ok) throw new Error(`GET ${url}: status ${response.status}`);
  const tools = toolsFromHomePage(await response.text(), url);
  if (tools.length === 0) throw new Error(`the home page ${url} lists no tools (no <article class="tool-card"> with a link); is this an Imglio deployment?`);
  return tools;
}

const stampOf = (iso: string) => iso.replace(/[:.]/g, '-');

/** `imglio-audit run`: returns the result and where the reports are. */
export async function auditCommand(url: string, options: { out: string; scope?: AuditOptions['scope']; siteRoot?: string; tools?: readonly PublishedTool[]; trusted?: TrustedCertificates }): Promise<{ result: AuditResult; reports: { json: string; markdown: string } }> {
  const tools = options.tools ?? (await discoverTools(url));
  const trustNote = options.trusted ? `; HTTPS certificate trusted for this run by --ca-cert ${options.trusted.file} (${options.trusted.subjects.join('; ')})` : '';
  const target = options.siteRoot
    ? { url, siteRoot: resolve(options.siteRoot), description: `the build in ${resolve(options.siteRoot)}, served at this URL${trustNote}` }
    : { url, description: `deployment audited read-only; code found by crawling${trustNote}` };
  const result = await runAudit(target, tools, { scope: options.scope ?? 'full', ...(options.trusted ? { trusted: options.trusted } : {}) });
  const reports = writeReports(result, options.out, `audit-${stampOf(result.startedAt)}`);
  writeReports(result, options.out, 'latest');
  return { result, reports };
}

export async function verifyCommand(url: string, options: { out: string; expect?: string; repo?: string }): Promise<{ result: VerifyResult; reports: { json: string; markdown: string } }> {
  const expected = options.expect ? resolveExpected(options.expect, options.repo) : undefined;
  const result = await verifyDeployment(url, expected ? { expected } : {});
  const reports = writeVerifyReports(result, options.out, `verify-${stampOf(result.startedAt)}`);
  writeVerifyReports(result, options.out, 'verify-latest');
  return { result, reports };
}

const line = (e: unknown) => (typeof e === 'string' ? e : JSON.stringify(e));

export function summarize(result: { verdict: string; checks: ReadonlyArray<{ id: string; status: string; summary: string; evidence: readonly unknown[] }> }, heading: string, reports: { json: string; markdown: string }): string {
  const lines = [`${heading}: ${result.verdict.toUpperCase()}`];
  for (const c of result.checks) {
    lines.push(`  ${c.status === 'pass' ? 'pass' : c.status === 'incomplete' ? 'INCOMPLETE' : 'FAIL'}  ${c.id}: ${c.summary}`);
    if (c.status !== 'pass') for (const e of c.evidence.slice(0, 10)) lines.push(`          ${line(e)}`);
    if (c.status !== 'pass' && c.evidence.length > 10) lines.push(`          … ${c.evidence.length - 10} more in the report`);
  }
  lines.push(`Reports: ${reports.markdown}`, `         ${reports.json}`);
  return lines.join('\n');
}

/** Runs the command line; returns the exit code. */
export async function main(argv: readonly string[], out: (text: string) => void = (t) => console.log(t), err: (text: string) => void = (t) => console.error(t)): Promise<number> {
  let parsed: ParsedArgs;
  try {
    parsed = parseArgs(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    err(`imglio-audit: ${error.message}\n\n${USAGE}`);
    return 2;
  }
  if (parsed.command === 'help') {
    out(USAGE);
    return 0;
  }
  const url = parsed.url as string;
  const outDir = resolve(parsed.options['out'] ?? 'imglio-audit-reports');
  try {
    const caCert = parsed.options['ca-cert'];
    const trusted = caCert ? loadTrustedCertificates(caCert) : undefined;
    if (trusted && !nodeTrusts(trusted)) throw new Error(`--ca-cert: this process does not trust ${trusted.file}; start it through bin/imglio-audit.mjs, which sets NODE_EXTRA_CA_CERTS for it`);
    if (parsed.command === 'run') {
      const scope = parsed.options['scope'] as AuditOptions['scope'] | undefined;
      const siteRoot = parsed.options['site-root'];
      const { result, reports } = await auditCommand(url, { out: outDir, ...(scope ? { scope } : {}), ...(siteRoot ? { siteRoot } : {}), ...(trusted ? { trusted } : {}) });
      out(`${summarize(result, `Audit of ${result.target.url} (${result.scope})`, reports)}\nBuild manifest: ${result.manifest.sha256 ?? `none (${result.manifest.problem ?? 'not served'})`}`);
      return result.verdict === 'pass' ? 0 : 1;
    }
    const expect = parsed.options['expect'];
    const repo = parsed.options['repo'];
    const { result, reports } = await verifyCommand(url, { out: outDir, ...(expect ? { expect } : {}), ...(repo ? { repo } : {}) });
    out(`${summarize(result, `Verification of ${result.target.url} against ${result.reference.source}`, reports)}\nServed manifest: ${result.manifest.sha256 ?? 'none'}`);
    return result.verdict === 'pass' ? 0 : 1;
  } catch (error) {
    err(`imglio-audit ${parsed.command}: ${(error as Error).message}`);
    return 2;
  }
}
