/** Size changes and durations for people; an increase is never disguised as a saving. Sizes: src/core/format-bytes.ts. */

export interface SizeChange {
  /** Signed percentage of the original, rounded to one decimal (negative = smaller). */
  readonly percent: number;
  readonly direction: 'smaller' | 'larger' | 'same';
  /** Short text for the table, e.g. "−42.1%" or "+12.0%". */
  readonly text: string;
  /** Full sentence for screen readers and tooltips. */
  readonly description: string;
}

export function sizeChange(originalBytes: number, newBytes: number): SizeChange {
  if (originalBytes <= 0) {
    return { percent: 0, direction: 'same', text: '–', description: 'No original size to compare with' };
  }
  const percent = Math.round(((newBytes - originalBytes) / originalBytes) * 1000) / 10;
  if (percent === 0) {
    const direction = newBytes === originalBytes ? 'same' : newBytes > originalBytes ? 'larger' : 'smaller';
    return { percent: 0, direction, text: '±0%', description: newBytes === originalBytes ? 'Same size as the original' : 'About the same size as the original' };
  }
  const magnitude = Math.abs(percent).toFixed(1);
  if (percent < 0) return { percent, direction: 'smaller', text: `−${magnitude}%`, description: `${magnitude}% smaller than the original` };
  return { percent, direction: 'larger', text: `+${magnitude}%`, description: `${magnitude}% larger than the original` };
}

/** "1 m 05 s", "42 s", "under 5 s"; undefined while there is nothing to estimate from. */
export function formatDuration(ms: number | undefined): string | undefined {
  if (ms === undefined || !Number.isFinite(ms) || ms < 0) return undefined;
  const seconds = Math.round(ms / 1000);
  if (seconds < 5) return 'under 5 s';
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min ${String(seconds % 60).padStart(2, '0')} s`;
  return `${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, '0')} min`;
}
