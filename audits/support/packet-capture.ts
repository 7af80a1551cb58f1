/**
 * The third witness: tcpdump inside the browser's network namespace, on
 * every interface there (`-i any`: the veth and the namespace's loopback),
 * every protocol, no filter, written to a pcap file and parsed by
 * audits/lib/pcap.ts when the run ends. It sees what neither the proxy nor
 * the browser's own events can: UDP (WebRTC, STUN/TURN, QUIC), DNS, ICMP,
 * and TCP to anything but the proxy.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { allowedPacket, countByProtocol, flows, isHostMulticast, parsePcap, type Flow, type WitnessPolicy } from '../lib/pcap.ts';
import { findTool, type Netns } from './netns.ts';

export interface CaptureSummary {
  readonly file: string;
  readonly bytes: number;
  readonly packets: number;
  readonly linkType: number;
  readonly byProtocol: Record<string, number>;
  /** Every flow that is not TCP between the browser and the proxy port. */
  readonly disallowed: Flow[];
  /** Multicast the host sent out of its end of the veth (not the browser's), set aside and listed. */
  readonly hostMulticast: Flow[];
  /** The allowed flows (browser ↔ proxy), summarised. */
  readonly allowed: { flows: number; packets: number; bytes: number };
  /** What tcpdump said when it stopped (packets captured, dropped by kernel). */
  readonly tcpdumpReport: string;
  /** Problems with the capture itself: drops, a cut file, a parse error. */
  readonly problems: string[];
}

export interface RunningCapture {
  readonly file: string;
  readonly pid: number;
  /** Stops tcpdump (SIGINT, so it flushes) and parses what it wrote. */
  stop(policy: WitnessPolicy): Promise<CaptureSummary>;
  /** Stops it without parsing (cleanup path). */
  kill(): void;
}

const START_TIMEOUT_MS = 15_000;
const STOP_TIMEOUT_MS = 15_000;
/** Generous, but bounded: the audit's pcap is a few MB; anything far larger is itself suspicious. */
const MAX_PCAP_BYTES = 512 * 1024 * 1024;

function waitExit(child: ChildProcess, ms: number): Promise<boolean> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), ms);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

/**
 * The page fetches all of its code right after load (megabytes in a burst, per page): a kernel buffer of
 * 64 MiB and packets cut to their first 512 bytes (every header, a whole DNS or STUN message) keep tcpdump
 * from dropping any on a busy 2-core machine. A drop still fails the witness: the capture must be complete.
 */
const CAPTURE_BUFFER_KIB = 65_536;
const SNAP_LENGTH = 512;

/**
 * Starts tcpdump in the namespace and resolves once it is listening. The file goes into the namespace's own
 * directory (named after this process), so a capture orphaned by a crash is found and stopped at the next start;
 * where util-linux's setpriv exists, tcpdump also gets SIGTERM as soon as this process dies.
 */
export async function startCapture(netns: Netns): Promise<RunningCapture> {
  const file = join(netns.dir, 'browser-netns.pcap');
  const ip = findTool('ip') as string;
  const tcpdump = findTool('tcpdump') as string;
  const setpriv = findTool('setpriv');
  // -U: write each packet at once; -Z root: keep writing to a root-owned temp dir; -s 0: whole packets.
  const command = [...(setpriv ? [setpriv, '--pdeathsig', 'TERM'] : []), tcpdump, '-i', 'any', '-n', '-B', String(CAPTURE_BUFFER_KIB), '-s', String(SNAP_LENGTH), '-Z', 'root', '-w', file];
  const child = spawn(ip, ['netns', 'exec', netns.name, ...command], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString('utf8');
  });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`tcpdump did not start listening within ${START_TIMEOUT_MS} ms: ${stderr.trim()}`)), START_TIMEOUT_MS);
    const poll = setInterval(() => {
      if (/listening on/.test(stderr)) {
        clearTimeout(timer);
        clearInterval(poll);
        resolve();
      }
    }, 50);
    child.once('exit', (code) => {
      clearTimeout(timer);
      clearInterval(poll);
      reject(new Error(`tcpdump exited (${code}) before listening: ${stderr.trim()}`));
    });
  });
  const pid = child.pid ?? -1;
  const kill = () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
  };
  return {
    file,
    pid,
    kill,
    async stop(policy: WitnessPolicy): Promise<CaptureSummary> {
      const problems: string[] = [];
      child.kill('SIGINT');
      if (!(await waitExit(child, STOP_TIMEOUT_MS))) {
        problems.push(`tcpdump (pid ${pid}) did not stop within ${STOP_TIMEOUT_MS} ms`);
        child.kill('SIGKILL');
        await waitExit(child, 5000);
      }
      const report = stderr.split('\n').filter((l) => /packets? (captured|received|dropped)/.test(l)).join('; ');
      const dropped = /(\d+) packets? dropped by kernel/.exec(stderr);
      if (dropped && Number(dropped[1]) > 0) problems.push(`tcpdump: ${dropped[1]} packet(s) dropped by the kernel: the capture is incomplete`);
      const empty: CaptureSummary = { file, bytes: 0, packets: 0, linkType: -1, byProtocol: {}, disallowed: [], hostMulticast: [], allowed: { flows: 0, packets: 0, bytes: 0 }, tcpdumpReport: report, problems };
      let size: number;
      try {
        size = statSync(file).size;
      } catch {
        return { ...empty, problems: [...problems, `tcpdump wrote no capture file (${stderr.trim().split('\n').pop()})`] };
      }
      if (size > MAX_PCAP_BYTES) return { ...empty, bytes: size, problems: [...problems, `the capture is ${size} bytes, above the ${MAX_PCAP_BYTES}-byte limit: not parsed`] };
      try {
        const capture = parsePcap(readFileSync(file));
        if (capture.truncated) problems.push('the capture file ends inside a packet record');
        if (capture.skipped) problems.push(`${capture.skipped} packet(s) beyond the parser's limit were not decoded`);
        const allowed = capture.packets.filter((p) => allowedPacket(p, policy));
        const hostMulticast = capture.packets.filter((p) => !allowedPacket(p, policy) && isHostMulticast(p, policy));
        const other = capture.packets.filter((p) => !allowedPacket(p, policy) && !isHostMulticast(p, policy));
        const allowedFlows = flows(allowed.filter((p) => p.transport === 'tcp'));
        return {
          file,
          bytes: size,
          packets: capture.packets.length,
          linkType: capture.linkType,
          byProtocol: countByProtocol(capture.packets),
          disallowed: flows(other),
          hostMulticast: flows(hostMulticast),
          allowed: { flows: allowedFlows.length, packets: allowed.length, bytes: allowed.reduce((n, p) => n + p.length, 0) },
          tcpdumpReport: report,
          problems,
        };
      } catch (error) {
        return { ...empty, bytes: size, problems: [...problems, `the capture could not be parsed: ${String(error)}`] };
      }
    },
  };
}

export function removeCapture(capture: RunningCapture | undefined): void {
  if (!capture) return;
  capture.kill();
  rmSync(capture.file, { force: true });
}
