/**
 * "Download all" as a ZIP streamed by client-zip. Where the File System Access
 * API exists, the stream is piped straight into the file the user picks, so
 * the archive is never held in memory. Elsewhere the stream is collected into
 * one Blob (the browser may spill it to disk) and downloaded by a link.
 */
import { prefetched } from '../../prefetch/gate.ts';

export interface ZipEntry {
  readonly name: string;
  readonly blob: Blob;
}

export type ZipOutcome = 'saved-to-file' | 'downloaded' | 'cancelled';

interface SavePickerWindow {
  showSaveFilePicker?: (options: { suggestedName: string; types: { description: string; accept: Record<string, string[]> }[] }) => Promise<FileSystemFileHandle>;
}

export async function downloadAllAsZip(entries: readonly ZipEntry[], archiveName: string): Promise<ZipOutcome> {
  await prefetched();
  const { downloadZip } = await import('client-zip');
  const fileName = `${archiveName}.zip`;
  const input = entries.map((entry) => ({ name: entry.name, input: entry.blob, lastModified: new Date() }));
  const picker = (window as unknown as SavePickerWindow).showSaveFilePicker;
  if (picker) {
    let handle: FileSystemFileHandle;
    try {
      handle = await picker.call(window, { suggestedName: fileName, types: [{ description: 'ZIP archive', accept: { 'application/zip': ['.zip'] } }] });
    } catch (error) {
      if (error instanceof DOMException && error.name === 'AbortError') return 'cancelled';
      throw error;
    }
    const body = downloadZip(input).body;
    if (!body) throw new Error('The ZIP stream could not be created.');
    await body.pipeTo(await handle.createWritable());
    return 'saved-to-file';
  }
  const blob = await downloadZip(input).blob();
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  // The download has taken its own reference by the next task.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
  return 'downloaded';
}
