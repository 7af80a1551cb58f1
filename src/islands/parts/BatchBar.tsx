/** Overall progress with counts and time left, and the batch-wide actions. */
import type { BatchSummary } from '../../lib/batch-state.ts';
import { formatBytes } from '../../core/format-bytes.ts';
import { formatDuration, sizeChange } from '../../lib/format-size.ts';

interface Props {
  readonly summary: BatchSummary;
  readonly remainingMs: number | undefined;
  readonly zipMessage: string;
  readonly zipping: boolean;
  readonly onCancelAll: () => void;
  readonly onRetryFailed: () => void;
  readonly onDownloadAll: () => void;
  readonly onClear: () => void;
}

export function BatchBar({ summary, remainingMs, zipMessage, zipping, onCancelAll, onRetryFailed, onDownloadAll, onClear }: Props) {
  const finished = summary.done + summary.failed + summary.cancelled;
  const active = summary.queued + summary.working;
  const left = active > 0 ? formatDuration(remainingMs) : undefined;
  const saved = summary.done > 0 ? sizeChange(summary.inputBytes, summary.outputBytes) : undefined;
  return (
    <section class="batch-bar" aria-label="Batch">
      <div class="batch-progress">
        <progress aria-label="Overall progress" max={Math.max(1, summary.total)} value={finished} />
        <p class="batch-counts" aria-live="polite">
          {summary.done} of {summary.total} done
          {summary.failed > 0 && <>, {summary.failed} failed</>}
          {summary.cancelled > 0 && <>, {summary.cancelled} cancelled</>}
          {active > 0 && <> · {left ? `${left.startsWith('under') ? left : `about ${left}`} left` : 'estimating time left…'}</>}
          {active === 0 && saved && <> · {formatBytes(summary.inputBytes)} → {formatBytes(summary.outputBytes)} ({saved.description.toLowerCase()})</>}
        </p>
      </div>
      <div class="batch-actions">
        <button type="button" class="button button-primary" disabled={summary.downloadable === 0 || zipping} onClick={onDownloadAll}>Download all</button>
        <button type="button" class="button" disabled={active === 0} onClick={onCancelAll}>Cancel all</button>
        {/* Offered only when some failure can succeed on a second try (a timeout, a crash, a cancelled file). */}
        {summary.retryable > 0 && <button type="button" class="button" onClick={onRetryFailed}>Retry failed ({summary.retryable})</button>}
        <button type="button" class="button button-quiet" disabled={summary.total === 0} onClick={onClear}>Clear list</button>
      </div>
      <p class="field-help batch-zip-status" role="status">{zipMessage}</p>
    </section>
  );
}
