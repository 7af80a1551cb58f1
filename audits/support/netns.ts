/**
 * The packet witness's cage: a network namespace of the audit's own whose
 * only interfaces are its loopback and one end of a veth pair. The other end
 * stays on the host with an address from 10.213.0.0/16, where the recording
 * proxy listens. There is no default route and no other route in the
 * namespace, so the audited Chromium (started inside it through a small
 * wrapper script that execs `ip netns exec`) can reach nothing but the
 * proxy's address; 127.0.0.1 inside it is the namespace's own loopback, not
 * the host's. DNS inside the namespace points at the namespace's own address
 * (nothing listens there), so a lookup produces packets the capture sees and
 * never leaves the namespace. IPv6 is switched off on both ends.
 *
 * Everything created is named after this process's pid (`imglio-audit-<pid>-<n>`,
 * veth `iah<pid>x<n>`), so concurrent audits never collide, and leftovers of a
 * crashed run (a pid that is no longer alive) are removed at the next start.
 * Nothing else of the host's network configuration is touched.
 */
import { execFile, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface Netns {
  readonly name: string;
  readonly hostInterface: string;
  readonly nsInterface: string;
  /** The host end of the veth: where the recording proxy listens. */
  readonly hostAddress: string;
  /** The namespace end: the only address the browser has besides its loopback. */
  readonly nsAddress: string;
  /** A directory of this namespace's own (`<tmp>/imglio-netns-<pid>-<n>`), removed with it: the capture goes here. */
  readonly dir: string;
  /** An executable that runs `chromium` inside the namespace with the arguments it is given. */
  readonly chromiumWrapper: string;
  /** What was set up, for the report. */
  readonly description: string;
  close(): Promise<void>;
}

export type NetnsOutcome = { readonly ok: true; readonly netns: Netns } | { readonly ok: false; readonly reason: string };

/** Set to `off` to run without the packet witness (to test the "incomplete" verdict). */
export const WITNESS_ENV = 'AUDIT_PACKET_WITNESS';

const NS_PREFIX = 'imglio-audit-';
const VETH_PREFIX = 'iah';
let counter = 0;

export function findTool(name: string): string | null {
  for (const dir of ['/usr/sbin', '/usr/bin', '/sbin', '/bin', '/usr/local/sbin', '/usr/local/bin']) {
    if (existsSync(join(dir, name))) return join(dir, name);
  }
  return null;
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function ip(ipPath: string, ...args: string[]): Promise<string> {
  const { stdout } = await run(ipPath, args, { timeout: 20_000 });
  return stdout;
}

/**
 * Removes namespaces, host veth ends, /etc/netns entries and capture
 * processes left behind by audits whose process is gone. Only names this
 * module creates are considered, and only for dead pids.
 */
export async function removeStale(ipPath: string): Promise<string[]> {
  const removed: string[] = [];
  const namespaces = (await ip(ipPath, 'netns', 'list').catch(() => '')).split('\n').map((l) => l.split(' ')[0] ?? '').filter(Boolean);
  for (const name of namespaces) {
    const match = new RegExp(`^${NS_PREFIX}(\\d+)-\\d+$`).exec(name);
    if (!match || pidAlive(Number(match[1]))) continue;
    await ip(ipPath, 'netns', 'delete', name).catch(() => undefined);
    rmSync(join('/etc/netns', name), { recursive: true, force: true });
    removed.push(`namespace ${name}`);
  }
  // Work directories (chromium wrapper, capture file) of runs that are gone.
  for (const name of readdirSync(tmpdir())) {
    const match = /^imglio-netns-(\d+)-\d+$/.exec(name);
    if (!match || pidAlive(Number(match[1]))) continue;
    rmSync(join(tmpdir(), name), { recursive: true, force: true });
    removed.push(join(tmpdir(), name));
  }
  // Resolver files of namespaces that are gone already.
  const etcNetns = existsSync('/etc/netns') ? readdirSync('/etc/netns') : [];
  for (const name of etcNetns) {
    const match = new RegExp(`^${NS_PREFIX}(\\d+)-\\d+$`).exec(name);
    if (!match || pidAlive(Number(match[1]))) continue;
    rmSync(join('/etc/netns', name), { recursive: true, force: true });
    removed.push(`/etc/netns/${name}`);
  }
  const links = (await ip(ipPath, '-o', 'link', 'show').catch(() => '')).split('\n');
  for (const line of links) {
    const match = new RegExp(`^\\d+: (${VETH_PREFIX}(\\d+)x\\d+)[@:]`).exec(line);
    if (!match || pidAlive(Number(match[2]))) continue;
    await ip(ipPath, 'link', 'delete', match[1] as string).catch(() => undefined);
    removed.push(`veth ${match[1]}`);
  }
  // Captures write to <tmp>/imglio-netns-<pid>-<n>/…; one whose owner is dead is stopped by its own pid.
  for (const entry of readdirSync('/proc').filter((e) => /^\d+$/.test(e))) {
    let cmdline: string[];
    try {
      cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
    } catch {
      continue;
    }
    if (!cmdline.some((arg) => /(^|\/)tcpdump$/.test(arg))) continue;
    const file = cmdline[cmdline.indexOf('-w') + 1] ?? '';
    const owner = /imglio-netns-(\d+)-\d+\//.exec(file);
    if (!owner || pidAlive(Number(owner[1]))) continue;
    try {
      process.kill(Number(entry), 'SIGTERM');
      removed.push(`tcpdump pid ${entry}`);
    } catch {
      // already gone
    }
  }
  return removed;
}

async function usedIpv4(ipPath: string): Promise<Set<string>> {
  const out = await ip(ipPath, '-o', '-4', 'addr', 'show').catch(() => '');
  const nets = new Set<string>();
  for (const match of out.matchAll(/inet (10\.213\.\d+\.\d+)\//g)) nets.add((match[1] as string).replace(/\.\d+$/, ''));
  return nets;
}

/** Why this machine cannot host the witness, or null when it can. */
export function witnessUnavailable(env: Record<string, string | undefined> = process.env): string | null {
  if (env[WITNESS_ENV] === 'off') return `${WITNESS_ENV}=off was set`;
  if (process.platform !== 'linux') return `network namespaces need Linux (this is ${process.platform})`;
  if (typeof process.getuid === 'function' && process.getuid() !== 0) return 'the audit is not running as root (ip netns and tcpdump need it)';
  if (!findTool('ip')) return 'iproute2 (`ip`) is not installed';
  if (!findTool('tcpdump')) return 'tcpdump is not installed';
  return null;
}

/**
 * Creates the namespace. Never throws: when anything is missing or refused
 * (no root, no `ip`, a sandbox without CAP_NET_ADMIN), it says why, after
 * removing whatever part it had created.
 */
export async function createNetns(chromiumPath: string): Promise<NetnsOutcome> {
  const unavailable = witnessUnavailable();
  if (unavailable) return { ok: false, reason: unavailable };
  const ipPath = findTool('ip') as string;
  counter += 1;
  const name = `${NS_PREFIX}${process.pid}-${counter}`;
  const hostInterface = `${VETH_PREFIX}${process.pid}x${counter}`;
  const nsInterface = `ian${process.pid}x${counter}`;
  if (hostInterface.length > 15 || nsInterface.length > 15) return { ok: false, reason: `interface name ${hostInterface} is too long` };
  const dir = join(tmpdir(), `imglio-netns-${process.pid}-${counter}`);
  const etc = join('/etc/netns', name);
  const cleanup = async () => {
    await ip(ipPath, 'link', 'delete', hostInterface).catch(() => undefined);
    await ip(ipPath, 'netns', 'delete', name).catch(() => undefined);
    rmSync(etc, { recursive: true, force: true });
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await removeStale(ipPath);
    const used = await usedIpv4(ipPath);
    let block = (process.pid * 7 + counter) % 16384;
    while (used.has(`10.213.${block >> 6}`) && used.size < 16384) block = (block + 1) % 16384;
    const base = `10.213.${block >> 6}.${(block & 63) * 4}`;
    const prefix = base.replace(/\.\d+$/, '');
    const last = Number(base.split('.')[3]);
    const hostAddress = `${prefix}.${last + 1}`;
    const nsAddress = `${prefix}.${last + 2}`;

    await ip(ipPath, 'netns', 'add', name);
    // No IPv6 inside: no router solicitations, no multicast listener reports, nothing but the veth's IPv4.
    await run(ipPath, ['netns', 'exec', name, 'sysctl', '-q', '-w', 'net.ipv6.conf.all.disable_ipv6=1', 'net.ipv6.conf.default.disable_ipv6=1']).catch(() => undefined);
    await ip(ipPath, 'link', 'add', hostInterface, 'type', 'veth', 'peer', 'name', nsInterface);
    writeFileSync(`/proc/sys/net/ipv6/conf/${hostInterface}/disable_ipv6`, '1');
    await ip(ipPath, 'link', 'set', nsInterface, 'netns', name);
    await ip(ipPath, 'addr', 'add', `${hostAddress}/30`, 'dev', hostInterface);
    await ip(ipPath, 'link', 'set', hostInterface, 'up');
    await ip(ipPath, '-n', name, 'addr', 'add', `${nsAddress}/30`, 'dev', nsInterface);
    await ip(ipPath, '-n', name, 'link', 'set', 'lo', 'up');
    await ip(ipPath, '-n', name, 'link', 'set', nsInterface, 'up');
    // `ip netns exec` bind-mounts /etc/netns/<name>/* over /etc: the namespace's resolver is its own address.
    mkdirSync(etc, { recursive: true });
    writeFileSync(join(etc, 'resolv.conf'), `# imglio audit namespace ${name}: lookups stay inside it\nnameserver ${nsAddress}\n`);
    mkdirSync(dir, { recursive: true });
    const chromiumWrapper = join(dir, 'chromium-in-netns');
    writeFileSync(chromiumWrapper, `#!/bin/sh\n# Runs Chromium inside ${name}; exec keeps the DevTools pipe (fds 3 and 4).\nexec ${ipPath} netns exec ${name} ${chromiumPath} "$@"\n`);
    chmodSync(chromiumWrapper, 0o755);
    const routes = (await ip(ipPath, '-n', name, '-4', 'route', 'show')).trim();
    return {
      ok: true,
      netns: {
        name,
        hostInterface,
        nsInterface,
        hostAddress,
        nsAddress,
        dir,
        chromiumWrapper,
        description: `namespace ${name}: ${nsInterface} ${nsAddress}/30 ↔ host ${hostInterface} ${hostAddress}/30; routes: ${routes.replace(/\n/g, '; ')}; resolver ${nsAddress}; IPv6 off`,
        close: cleanup,
      },
    };
  } catch (error) {
    await cleanup();
    return { ok: false, reason: `the network namespace could not be set up: ${String((error as Error).message ?? error).split('\n')[0]}` };
  }
}

export interface IsolationProbe {
  readonly what: string;
  readonly expected: 'refused' | 'unreachable' | 'connected';
  readonly outcome: string;
  readonly ok: boolean;
}

const PROBE_SCRIPT = `
const net = require('node:net');
const [host, port] = process.argv.slice(1);
const socket = net.connect({ host, port: Number(port), timeout: 3000 });
socket.on('connect', () => { console.log('connected'); socket.destroy(); });
socket.on('timeout', () => { console.log('timeout'); socket.destroy(); });
socket.on('error', (e) => console.log(e.code || String(e)));
`;

/**
 * Confirms from inside the namespace, before the capture starts, that the
 * proxy is reachable and nothing else: the host's loopback services (the
 * target's port, the proxy's own loopback port) are not, and there is no
 * route to the world.
 */
export function probeIsolation(netns: Netns, proxyPort: number, loopbackPorts: readonly number[]): IsolationProbe[] {
  const connect = (host: string, port: number): string => {
    const result = spawnSync(findTool('ip') as string, ['netns', 'exec', netns.name, process.execPath, '-e', PROBE_SCRIPT, host, String(port)], { encoding: 'utf8', timeout: 15_000 });
    return (result.stdout || result.stderr || `exit ${result.status}`).trim();
  };
  const probes: IsolationProbe[] = [];
  const proxy = connect(netns.hostAddress, proxyPort);
  probes.push({ what: `TCP ${netns.hostAddress}:${proxyPort} (the recording proxy)`, expected: 'connected', outcome: proxy, ok: proxy === 'connected' });
  for (const port of loopbackPorts) {
    const outcome = connect('127.0.0.1', port);
    probes.push({ what: `TCP 127.0.0.1:${port} (a host loopback service)`, expected: 'refused', outcome, ok: outcome !== 'connected' });
  }
  const world = connect('192.0.2.1', 80);
  probes.push({ what: 'TCP 192.0.2.1:80 (any address off the veth)', expected: 'unreachable', outcome: world, ok: world !== 'connected' });
  return probes;
}
