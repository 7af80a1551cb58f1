// @ts-check
/**
 * Peak resident memory, sampled from /proc (Linux): the Node process itself
 * (sharp side) or Chromium's renderer processes started by this process
 * (the page, its workers and their WASM memories all live in the renderer).
 */
import { readdirSync, readFileSync } from 'node:fs';
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

/** Renderer processes descended from this Node process. */
function rendererPids() {
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
  /** @type {number[]} */
  const renderers = [];
  const stack = [process.pid];
  while (stack.length > 0) {
    const pid = /** @type {number} */ (stack.pop());
    for (const child of children.get(pid) ?? []) {
      stack.push(child);
      try {
        if (readFileSync(`/proc/${child}/cmdline`, 'utf8').includes('--type=renderer')) renderers.push(child);
      } catch {
        // gone
      }
    }
  }
  return renderers;
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
