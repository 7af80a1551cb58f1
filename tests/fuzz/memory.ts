/**
 * Peak memory of Chromium's renderer processes started by this process
 * (their dedicated workers are threads inside them, so a renderer's RSS
 * includes every image worker and its WASM memory): every ~250 ms, the sum of
 * VmRSS over the live renderers, plus the highest VmHWM any one reached.
 */
import { readdirSync, readFileSync } from 'node:fs';

function statusField(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  try {
    const match = new RegExp(`${field}:\\s+(\\d+) kB`).exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) * 1024 : 0;
  } catch {
    return 0; // ended between listing and reading
  }
}

/** Renderer processes descended from this process. */
export function rendererPids(): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
    } catch {
      // gone
    }
  }
  const tree = [process.pid];
  for (let i = 0; i < tree.length; i += 1) tree.push(...(children.get(tree[i] as number) ?? []));
  return tree.filter((pid) => {
    try {
      return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('--type=renderer');
    } catch {
      return false;
    }
  });
}

export interface MemoryPeak {
  /** Highest sampled sum of VmRSS over all renderers. */
  readonly peakRssBytes: number;
  /** Highest VmHWM (the kernel's own peak RSS) of any one renderer. */
  readonly peakHwmBytes: number;
  readonly samples: number;
  /** When the VmRSS sum peaked (Date.now()), to tell which jobs were running then. */
  readonly peakAt: number;
}

export function startRendererMemorySampler(intervalMs = 250): { stop: () => MemoryPeak; current: () => MemoryPeak } {
  let pids = rendererPids();
  let peakRssBytes = 0;
  let peakHwmBytes = 0;
  let samples = 0;
  let peakAt = Date.now();
  const sample = () => {
    if (samples % 8 === 0) pids = rendererPids();
    samples += 1;
    let sum = 0;
    for (const pid of pids) {
      sum += statusField(pid, 'VmRSS');
      peakHwmBytes = Math.max(peakHwmBytes, statusField(pid, 'VmHWM'));
    }
    if (sum > peakRssBytes) {
      peakRssBytes = sum;
      peakAt = Date.now();
    }
  };
  sample();
  const timer = setInterval(sample, intervalMs);
  timer.unref();
  const current = () => ({ peakRssBytes, peakHwmBytes, samples, peakAt });
  return {
    current,
    stop() {
      clearInterval(timer);
      sample();
      return current();
    },
  };
}
