/** One file: thumbnail, sizes, change, dimensions, progress, download link, or why it failed. */
import type { BatchItem } from '../../lib/batch-state.ts';
import { formatBytes } from '../../core/format-bytes.ts';
import { sizeChange } from '../../lib/format-size.ts';
import { MetadataReportView } from './MetadataReportView.tsx';

interface Props {
  readonly item: BatchItem;
  readonly thumbnailUrl: string | undefined;
  readonly downloadUrl: string | undefined;
  readonly downloadName: string | undefined;
  readonly onRemove: () => void;
  readonly onCompare: (() => void) | undefined;
}

const STATUS_TEXT = { queued: 'Waiting', working: 'Working…', cancelled: 'Cancelled' } as const;

export function ResultRow({ item, thumbnailUrl, downloadUrl, downloadName, onRemove, onCompare }: Props) {
  // batch: an out-of-date result stays shown and downloadable until its replacement arrives.
  const result = item.status === 'done' || item.stale ? item.result : undefined;
  const change = result ? sizeChange(item.bytes, result.bytes) : undefined;
  // Buttons keep their exact names ("Remove", "Compare"); the file name is their description.
  const nameId = `result-${item.id}-name`;
  const resized = result && (result.width !== result.inputWidth || result.height !== result.inputHeight);
  // batch: being processed, or showing a result about to be replaced.
  const busy = item.status === 'queued' || item.status === 'working' || (item.stale && item.status === 'done');
  return (
    <li class={`result-row result-${item.status}`} data-status={item.status} data-stale={item.stale ? 'true' : undefined}
      aria-busy={busy ? 'true' : undefined} aria-label={item.name}>
      <div class="result-thumb">
        {thumbnailUrl ? <img src={thumbnailUrl} alt="" width={96} height={96} decoding="async" /> : <span class="thumb-placeholder" aria-hidden="true" />}
      </div>
      <div class="result-main">
        <p class="result-name" id={nameId} title={item.name}>{item.name}</p>
        <p class="result-facts">
          <span>{formatBytes(item.bytes)}</span>
          {result && (
            <>
              <span aria-hidden="true"> → </span>
              <span class="visually-hidden"> becomes </span>
              <span class="result-new-size">{formatBytes(result.bytes)}</span>
              {' '}
              <span class={`change change-${change?.direction}`} title={change?.description}>
                <span aria-hidden="true">{change?.text}</span>
                <span class="visually-hidden">{change?.description}</span>
              </span>
              <span class="result-dims">
                {resized ? `${result.inputWidth}×${result.inputHeight} → ${result.width}×${result.height}` : `${result.width}×${result.height}`}
              </span>
            </>
          )}
        </p>
        {item.status === 'working' || item.status === 'queued' ? (
          <div class="result-progress">
            <progress aria-label={`Processing ${item.name}`} {...(item.status === 'queued' ? { value: 0, max: 1 } : {})} />
            <span class="status-text">{STATUS_TEXT[item.status]}</span>
          </div>
        ) : null}
        {item.status === 'cancelled' && <p class="status-text">{STATUS_TEXT.cancelled}</p>}
        {/* batch: the out-of-date marking */}
        {item.stale && result && (
          <p class="result-stale">
            {item.status === 'failed' || item.status === 'cancelled'
              ? 'Out of date: made with earlier settings.'
              : 'Out of date — updating with the new settings…'}
          </p>
        )}
        {item.status === 'failed' && <p class="result-error" role="alert">{item.error ?? 'This file could not be processed.'}</p>}
        {result?.note && <p class="result-note">{result.note}</p>}
        {result?.report && (
          // Open at once when the file gives away a location: that is what people come to find out.
          <details class="advanced" open={Boolean(result.report.gps)}>
            <summary>What this file revealed{result.report.gps ? ' (including its GPS position)' : ''}</summary>
            <MetadataReportView report={result.report} />
          </details>
        )}
      </div>
      <div class="result-actions">
        {result && downloadUrl && downloadName && (
          <a class="button button-primary" href={downloadUrl} download={downloadName} aria-describedby={nameId}>Download</a>
        )}
        {result && onCompare && <button type="button" class="button" onClick={onCompare} aria-describedby={nameId}>Compare</button>}
        <button type="button" class="button button-quiet" onClick={onRemove} aria-describedby={nameId}>Remove</button>
      </div>
    </li>
  );
}
