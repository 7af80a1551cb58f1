/** One file through the engine: process (Compress, Convert, Resize) or inspect + strip (Metadata). */
import { encoders, resolveOutputFormat } from '../../codecs/registry.ts';
import { formatExtension, formatLabel, formatMime } from '../../core/formats.ts';
import { ImageError, type ImageErrorCode } from '../../core/types.ts';
import type { ItemResult } from '../../lib/batch-state.ts';
import { baseName, renderFileName } from '../../lib/filename-template.ts';
import { formatBytes } from '../../core/format-bytes.ts';
import { planRequest } from '../../lib/process-request.ts';
import type { ResultFacts } from '../../lib/settings-impact.ts';
import type { ToolSettings } from '../../lib/tool-settings.ts';
import { loadEngine } from './engine-client.ts';

export interface JobOutput {
  readonly result: ItemResult;
  readonly blob: Blob;
  /** For the batch controller: what a later settings change must know to keep or rename this result. */
  readonly facts: ResultFacts & { readonly extension: string };
}

export interface JobFailure {
  readonly message: string;
  /** The file itself is the problem; new settings will not help. */
  readonly permanent: boolean;
  /** "Retry failed" with the same settings may succeed (a timeout on a busy machine, a crash, being offline). */
  readonly retryable: boolean;
  readonly aborted: boolean;
}

const PERMANENT: readonly ImageErrorCode[] = ['empty', 'not-an-image', 'unsupported', 'corrupt', 'too-large'];
/** Fail the same way on the same settings; a settings change (resize, another format) is what helps. */
const NEEDS_NEW_SETTINGS: readonly ImageErrorCode[] = ['too-large-for-format', 'invalid-options'];

export function describeFailure(error: unknown): JobFailure {
  const code = (error as { code?: unknown } | null)?.code;
  if (error instanceof ImageError || typeof code === 'string') {
    const typed = error as ImageError;
    const permanent = PERMANENT.includes(typed.code);
    return { message: typed.message || 'The image could not be processed.', permanent, retryable: !permanent && !NEEDS_NEW_SETTINGS.includes(typed.code), aborted: typed.code === 'aborted' };
  }
  if (error instanceof DOMException && error.name === 'AbortError') return { message: 'Cancelled.', permanent: false, retryable: true, aborted: true };
  if (error instanceof DOMException && error.name === 'NotReadableError') {
    return { message: 'The file could not be read; it may have been moved or deleted.', permanent: true, retryable: false, aborted: false };
  }
  // Not from the engine (e.g. the page could not read the file into memory): never shown as library text.
  return { message: 'The file could not be read or handed to the image engine. Add it again; if that keeps failing, reload the page.', permanent: false, retryable: true, aborted: false };
}

const extensionOf = (name: string): string | undefined => {
  const dot = name.lastIndexOf('.');
  return dot > 0 && name.length - dot <= 6 ? name.slice(dot + 1) : undefined;
};

export async function runProcessJob(file: File, settings: ToolSettings, index: number, signal: AbortSignal): Promise<JobOutput> {
  const engine = await loadEngine();
  const bytes = await file.arrayBuffer();
  signal.throwIfAborted();
  // Intent only: the worker sniffs the file and resolves "Same as input".
  const plan = planRequest(settings, encoders);
  // The buffer is transferred to the worker; nothing here reads it afterwards.
  const outcome = await engine.process({ input: bytes, name: file.name, ...plan }, { signal });
  const ext = outcome.extension.replace(/^\./, '');
  const fileName = renderFileName(settings.filenameTemplate, { name: baseName(file.name), width: outcome.width, height: outcome.height, ext, index, format: outcome.format });
  const notes: string[] = [...(outcome.notes ?? [])];
  if (outcome.keptOriginal) notes.push('Kept the original: the new file would have been larger.');
  if (outcome.quality) {
    const { chosen, reason } = outcome.quality;
    notes.push(reason.includes(String(chosen)) ? reason : `Quality ${chosen}: ${reason}`);
  }
  if (outcome.metadata === 'kept') notes.push('Metadata kept.');
  const note = notes.join(' ');
  // The encoder the request resolved to, also when the original was kept instead of its output.
  let encoder = outcome.format;
  try {
    encoder = resolveOutputFormat(settings.format, outcome.inputFormat).format;
  } catch {
    // Keep the written format: the worker resolved it, so this cannot normally fail.
  }
  return {
    facts: { inputFormat: outcome.inputFormat, encoder, keptOriginal: outcome.keptOriginal, extension: ext },
    blob: new Blob([outcome.output], { type: outcome.mime }),
    result: {
      fileName, bytes: outcome.output.byteLength, format: outcome.format, mime: outcome.mime, width: outcome.width, height: outcome.height,
      inputWidth: outcome.inputWidth, inputHeight: outcome.inputHeight, ...(note ? { note } : {}),
    },
  };
}

export async function runMetadataJob(file: File, settings: ToolSettings, index: number, signal: AbortSignal): Promise<JobOutput> {
  const engine = await loadEngine();
  const bytes = await file.arrayBuffer();
  signal.throwIfAborted();
  // inspect takes its own copy: the engine may transfer (detach) what it is given.
  const report = await engine.inspect(bytes.slice(0), { signal });
  const stripped = await engine.strip(bytes, { signal });
  const ext = extensionOf(file.name) ?? formatExtension(report.format);
  const fileName = renderFileName(settings.filenameTemplate, { name: baseName(file.name), width: report.width, height: report.height, ext, index, format: report.format });
  const note = stripped.method === 'lossless'
    ? stripped.removedBytes > 0
      ? `Removed losslessly: ${formatBytes(stripped.removedBytes)} of metadata gone, image data unchanged.`
      : 'Nothing to remove: no metadata found. The image data is unchanged.'
    : `Re-encoded as ${formatLabel(report.format)} to remove the metadata (pixels were re-encoded).`;
  const mime = formatMime(report.format);
  return {
    facts: { inputFormat: report.format, encoder: report.format, keptOriginal: false, extension: ext },
    blob: new Blob([stripped.output], { type: mime }),
    result: {
      fileName, bytes: stripped.output.byteLength, format: report.format, mime, width: report.width, height: report.height,
      inputWidth: report.width, inputHeight: report.height, note, report,
    },
  };
}
