/** Files from drops (including whole folders), the picker and the clipboard. */

const readEntries = (reader: FileSystemDirectoryReader): Promise<FileSystemEntry[]> =>
  new Promise((resolve, reject) => reader.readEntries(resolve, reject));
const entryFile = (entry: FileSystemFileEntry): Promise<File> => new Promise((resolve, reject) => entry.file(resolve, reject));

async function collect(entry: FileSystemEntry, out: File[], depth: number): Promise<void> {
  if (entry.isFile) {
    out.push(await entryFile(entry as FileSystemFileEntry));
    return;
  }
  // Guard against symlink loops in odd file systems.
  if (!entry.isDirectory || depth > 32) return;
  const reader = (entry as FileSystemDirectoryEntry).createReader();
  // readEntries returns at most ~100 entries per call; read until it returns none.
  for (let batch = await readEntries(reader); batch.length; batch = await readEntries(reader)) {
    for (const child of batch.sort((a, b) => a.name.localeCompare(b.name))) {
      if (!child.name.startsWith('.')) await collect(child, out, depth + 1);
    }
  }
}

/** Every file in a drop, walking into dropped folders (hidden files skipped). */
export async function filesFromDataTransfer(transfer: DataTransfer): Promise<File[]> {
  const entries = [...transfer.items]
    .filter((item) => item.kind === 'file')
    .map((item) => item.webkitGetAsEntry?.())
    .filter((entry): entry is FileSystemEntry => Boolean(entry));
  if (entries.length === 0) return [...transfer.files];
  const files: File[] = [];
  for (const entry of entries) {
    try {
      await collect(entry, files, 0);
    } catch {
      // An unreadable entry is skipped; the others still arrive.
    }
  }
  return files;
}

/** Pasted images get a readable name; browsers call them all "image.png". */
export function filesFromClipboard(data: DataTransfer | null): File[] {
  if (!data) return [];
  const stamp = new Date().toISOString().slice(0, 19).replace(/[:T]/g, '-');
  return [...data.files].map((file, i) =>
    file.name && file.name !== 'image.png' ? file : new File([file], `pasted-${stamp}${i ? `-${i + 1}` : ''}.${file.type.split('/')[1] ?? 'png'}`, { type: file.type }));
}

/** True while a drag carries files (not text or links). */
export const dragHasFiles = (event: DragEvent): boolean => Boolean(event.dataTransfer?.types.includes('Files'));
