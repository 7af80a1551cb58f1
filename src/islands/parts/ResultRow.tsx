/**
 * One file: thumbnail, sizes, change, dimensions, progress, or why it failed. Opening the row
 * (its name, stretched over the whole row) is its main action; download and remove are quiet icons,
 * since the batch's "Download all" is the page's primary action.
 */
import type { BatchItem } from '../../lib/batch-state.ts';
import { formatBytes } from '../../core/format-bytes.ts';
import { sizeChange } from '../../lib/format-size.ts';
import { DownloadIcon, RemoveIcon } from './icons.tsx';
import { MetadataReportView } from './MetadataReportView.tsx';

interface Props {
  readonly item: BatchItem;
  readonly thumbnailUrl: string | undefined;
  readonly downloadUrl: string | undefined;
  readonly downloadName: string | undefined;
  readonly onRemove: () => void;
  /** Opens the file's view (the live view); undefined where the tool has none. */
  readonly onOpen: (() => void) | undefined;
}

const STATUS_TEXT = { queued: 'Waiting', working: 'Working…', cancelled: 'Cancelled' } as const;

export function ResultRow({ item, thumbnailUrl, downloadUrl, downloadName, onRemove, onOpen }: Props) {
  // batch: an out-of-date result stays shown and downloadable until its replacement arrives.
  const result = item.status === 'done' || item.stale ? item.result : undefined;
  const change = result ? sizeChange(item.bytes, result.bytes) : undefined;
  // Icon buttons keep their exact names ("Download", "Remove"); the file name is their description.
  const nameId = `result-${item.id}-name`;
  const resized = result && (result.width !== result.inputWidth || result.height !== result.inputHeight);
  const openable = Boolean(result && onOpen);
  // batch: being processed, or showing a result about to be replaced.
  const busy = item.status === 'queued' || item.status === 'working' || (item.stale && item.status === 'done');
  return (
    <li class={`result-row result-${item.status}${openable ? ' result-openable' : ''}`} data-status={item.status} data-stale={item.stale ? 'true' : undefined}
      aria-busy={busy ? 'true' : undefined} aria-label={item.name}>
      <div class="result-thumb">
        {thumbnailUrl ? <img src={thumbnailUrl} alt="" width={96} height={96} decoding="async" /> : <span class="thumb-placeholder" aria-hidden="true" />}
      </div>
      <div class="result-main">
        {openable ? (
          <button type="button" class="result-open" onClick={onOpen} title={item.name}>
            <span class="visually-hidden">Open </span><span class="result-name" id={nameId}>{item.name}</span>
          </button>
        ) : (
          <p class="result-name" id={nameId} title={item.name}>{item.name}</p>
        )}
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
        {result && (
          // honest lane: the format written ("HEIC → JPEG", ".jpg") and one note per surprise (src/lib/result-notes.ts).
          <>
            {result.formatLine && (
              <p class="result-format"><span class="visually-hidden">Written as </span>{result.formatLine}{result.extension ? <span class="result-extension"> {result.extension}</span> : null}</p>
            )}
            {result.notes && result.notes.length > 0
              ? <ul class="result-note result-notes">{result.notes.map((note) => <li key={note}>{note}</li>)}</ul>
              : result.note && <p class="result-note">{result.note}</p>}
          </>
        )}
        {result?.report && (
          // Open at once when the file gives away a location: that is what people come to find out.
          <details class="advanced result-report" open={Boolean(result.report.gps)}>
            <summary>What this file revealed{result.report.gps ? ' (including its GPS position)' : ''}</summary>
            <MetadataReportView report={result.report} />
          </details>
        )}
      </div>
      <div class="result-actions">
        {result && downloadUrl && downloadName && (
          <a class="button button-icon" href={downloadUrl} download={downloadName} aria-describedby={nameId} title={`Download ${downloadName}`}>
            <DownloadIcon /><span class="visually-hidden">Download</span>
          </a>
        )}
        <button type="button" class="button button-icon button-quiet" onClick={onRemove} aria-describedby={nameId} title={`Remove ${item.name}`}>
          <RemoveIcon /><span class="visually-hidden">Remove</span>
        </button>
      </div>
    </li>
  );
}
