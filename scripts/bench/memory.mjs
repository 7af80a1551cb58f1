// @ts-check
/**
 * Peak resident memory, sampled from /proc (Linux): the Node process itself
 * (sharp side) or Chromium's renderer processes started by this process
 * (the page, its workers and their WASM memories all live in the renderer).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { clearInterval, setInterval } from 'node:timers';

/** @param {number} pid */
function rssBytes(pid) {
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) * 1024 : 0;
  } catch {
    return 0; // the process ended between listing and reading
  }
}

/** This process and every process descended from it. */
function ownTree() {
  /** @type {Map<number, number[]>} */
  const children = new Map();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // The command name may contain spaces and parentheses: the ppid follows the last ')'.
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      const list = children.get(ppid) ?? [];
      list.push(Number(entry));
      children.set(ppid, list);
    } catch {
      // gone
    }
  }
  const tree = [process.pid];
  for (let i = 0; i < tree.length; i++) tree.push(...(children.get(/** @type {number} */ (tree[i])) ?? []));
  return tree;
}

/** Renderer processes descended from this Node process. */
function rendererPids() {
  return ownTree().filter((pid) => {
    try {
      return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('--type=renderer');
    } catch {
      return false; // gone
    }
  });
}

/** CPU ticks: the whole machine's busy and total time, and this process tree's. */
function cpuTicks() {
  const fields = (readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '').trim().split(/\s+/).slice(1).map(Number);
  const [user = 0, nice = 0, system = 0, idle = 0, iowait = 0, irq = 0, softirq = 0, steal = 0] = fields;
  const busy = user + nice + system + irq + softirq + steal;
  let own = 0;
  for (const pid of ownTree()) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      own += Number(rest[11]) + Number(rest[12]); // utime, stime
    } catch {
      // gone
    }
  }
  return { busy, total: busy + idle + iowait, own };
}

/**
 * How much of the machine other processes used while this one ran, from 0
 * (quiet machine) to 1 (every core busy with someone else's work).
 */
export function startCpuShare() {
  const before = cpuTicks();
  return {
    stop() {
      const after = cpuTicks();
      const total = after.total - before.total;
      if (total <= 0) return 0;
      return Math.max(0, (after.busy - before.busy - (after.own - before.own)) / total);
    },
  };
}

/**
 * Samples every `intervalMs` until stopped; returns the peak in bytes.
 * @param {'node' | 'renderer'} what
 */
export function startPeakSampler(what, intervalMs = 100) {
  let pids = what === 'node' ? [process.pid] : rendererPids();
  let peak = 0;
  let ticks = 0;
  const sample = () => {
    // Renderers can appear (new page); re-list now and then, cheaply.
    if (what === 'renderer' && ++ticks % 10 === 0) pids = rendererPids();
    const total = pids.reduce((sum, pid) => sum + rssBytes(pid), 0);
    if (total > peak) peak = total;
  };
  sample();
  const timer = setInterval(sample, intervalMs);
  return {
    stop() {
      clearInterval(timer);
      sample();
      return peak;
    },
  };
}

const CLOCK_TICKS = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;

/** @param {number[]} pids CPU seconds (user + system) the processes have used so far, threads that ended included. */
function cpuSecondsOf(pids) {
  let ticks = 0;
  for (const pid of pids) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      ticks += Number(rest[11]) + Number(rest[12]);
    } catch {
      // gone
    }
  }
  return ticks / CLOCK_TICKS;
}

/**
 * CPU time spent by the Node process (sharp) or by the renderers (Imglio)
 * between start and stop: unlike wall time, it hardly changes when other
 * work competes for the cores.
 * @param {'node' | 'renderer'} what
 */
export function startCpuClock(what) {
  const pids = what === 'node' ? [process.pid] : rendererPids();
  const before = cpuSecondsOf(pids);
  return { stop: () => cpuSecondsOf(pids) - before };
}
