/** File sizes for people. */

const UNITS = ['B', 'KB', 'MB', 'GB'] as const;

/**
 * 1 KB = 1000 bytes, as operating systems show file sizes today. `digits`
 * fixes the decimals (for comparisons that must not round to equal);
 * otherwise there are three significant figures.
 */
export function formatBytes(bytes: number, digits?: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) return '–';
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < UNITS.length - 1) {
    value /= 1000;
    unit += 1;
  }
  const decimals = unit === 0 ? 0 : (digits ?? (value >= 100 ? 0 : value >= 10 ? 1 : 2));
  return `${value.toFixed(decimals)} ${UNITS[unit]}`;
}
