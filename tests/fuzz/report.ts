/** The fuzz run's verdict and its tables (plain text for the terminal, JSON for test-results/fuzz/). */
import { FAILING_OUTCOMES, OUTCOMES, type Outcome } from './classify.ts';
import type { MemoryPeak } from './memory.ts';
import type { InputResult, RunResult } from './runner.ts';

export const MEMORY_LIMIT_BYTES = 3 * 1024 ** 3;

export interface Verdict {
  readonly ok: boolean;
  readonly problems: string[];
}

const isControl = (r: InputResult) => r.kind === 'control';

export function verdict(run: RunResult, memory?: MemoryPeak): Verdict {
  const problems: string[] = [];
  for (const result of run.results) {
    if (FAILING_OUTCOMES.includes(result.outcome)) problems.push(`${result.id}: ${result.outcome}${result.code ? ` [${result.code}]` : ''}${result.message ? ` "${result.message}"` : ''}${result.detail ? ` (${result.detail})` : ''}`);
  }
  for (const url of run.unexpectedRequests) problems.push(`request caused by an input: ${url}`);
  if (memory && Math.max(memory.peakRssBytes, memory.peakHwmBytes) >= MEMORY_LIMIT_BYTES) problems.push(`peak renderer memory ${gib(Math.max(memory.peakRssBytes, memory.peakHwmBytes))} is not under 3 GiB`);
  return { ok: problems.length === 0, problems };
}

export const gib = (bytes: number): string => `${(bytes / 1024 ** 3).toFixed(2)} GiB`;

function table(rows: string[][]): string {
  const widths = rows[0]?.map((_, col) => Math.max(...rows.map((row) => (row[col] ?? '').length))) ?? [];
  return rows.map((row) => row.map((cell, col) => (col === 0 ? cell.padEnd(widths[col] ?? 0) : cell.padStart(widths[col] ?? 0))).join('  ')).join('\n');
}

function countsBy(results: readonly InputResult[], key: (r: InputResult) => string): string {
  const groups = new Map<string, Map<Outcome, number>>();
  for (const result of results) {
    const group = groups.get(key(result)) ?? new Map<Outcome, number>();
    group.set(result.outcome, (group.get(result.outcome) ?? 0) + 1);
    groups.set(key(result), group);
  }
  const header = ['', 'total', ...OUTCOMES];
  const rows = [...groups.keys()].sort().map((name) => {
    const group = groups.get(name) as Map<Outcome, number>;
    const total = [...group.values()].reduce((a, b) => a + b, 0);
    return [name, String(total), ...OUTCOMES.map((o) => String(group.get(o) ?? 0))];
  });
  const totals = ['all', String(results.length), ...OUTCOMES.map((o) => String(results.filter((r) => r.outcome === o).length))];
  return table([header, ...rows, totals]);
}

export function formatReport(run: RunResult, memory: MemoryPeak | undefined, meta: Record<string, string>): string {
  const inputs = run.results.filter((r) => !isControl(r));
  const controls = run.results.filter(isControl);
  const lines: string[] = [];
  lines.push(`Fuzz run: ${Object.entries(meta).map(([k, v]) => `${k} ${v}`).join(', ')}`);
  lines.push(`${inputs.length} inputs (${inputs.filter((r) => r.expect === 'valid').length} valid, ${inputs.filter((r) => r.expect === 'hostile').length} hostile) in ${run.batches.length} batches, ${Math.round(run.ms / 1000)} s, ${run.pagesOpened} pages opened`);
  lines.push('', 'By outcome:');
  lines.push(table([['outcome', 'count'], ...OUTCOMES.map((o) => [o, String(inputs.filter((r) => r.outcome === o).length)])]));
  lines.push('', 'By format:', countsBy(inputs, (r) => r.format));
  lines.push('', 'By kind:', countsBy(inputs, (r) => r.kind));
  lines.push('', 'Issue 10 files:');
  for (const result of inputs.filter((r) => r.issue)) {
    const batch = run.batches.find((b) => b.batch === result.batch);
    const mates = run.results.filter((r) => r.batch === result.batch && r.id !== result.id);
    const matesOk = mates.filter((r) => r.expect === 'valid' && r.outcome === 'converted').length;
    const matesValid = mates.filter((r) => r.expect === 'valid').length;
    lines.push(
      `  ${result.id}: ${result.outcome}${result.code ? ` [${result.code}]` : ''} in ${(result.ms / 1000).toFixed(2)} s (cutoff ${(result.cutoffMs / 1000).toFixed(0)} s)` +
        `${result.message ? ` "${result.message}"` : ''}; batch ${result.batch}: ${matesOk}/${matesValid} good files converted${batch ? '' : ''}${result.isolated ? ' (re-run alone)' : ''}`,
    );
  }
  lines.push('', `Controls (one fresh valid PNG per batch): ${controls.filter((r) => r.outcome === 'converted').length} / ${controls.length} converted`);
  const slowest = [...inputs].sort((a, b) => b.ms - a.ms).slice(0, 5);
  lines.push(`Slowest: ${slowest.map((r) => `${r.id} ${(r.ms / 1000).toFixed(1)} s (${r.outcome})`).join('; ')}`);
  if (memory) {
    const running = inputs.filter((r) => r.startedAt !== undefined && r.startedAt <= memory.peakAt && (r.settledAt ?? Infinity) >= memory.peakAt - 500);
    lines.push(`Running at the memory peak: ${running.map((r) => r.id).join(', ') || '(none)'}`);
  }
  if (memory) lines.push(`Peak renderer memory: ${gib(memory.peakRssBytes)} (sum of VmRSS, ${memory.samples} samples every 250 ms); highest VmHWM of one renderer ${gib(memory.peakHwmBytes)}; limit 3 GiB`);
  lines.push(`Requests caused by inputs: ${run.unexpectedRequests.length} (the same listener saw ${run.codeRequests} re-reads of the site's own /_astro/ code by new workers)`);
  return lines.join('\n');
}
