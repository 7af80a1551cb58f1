/** The batch's files as the editor needs them (one place to change when the batch controller lands). */
import type { BatchItem } from '../../../lib/batch-state.ts';
import type { EditableFile } from './EditWorkspace.tsx';

export function editableFiles(items: readonly BatchItem[], fileOf: (id: number) => File | undefined): EditableFile[] {
  return items.flatMap((item) => {
    const file = fileOf(item.id);
    if (!file) return [];
    const result = item.status === 'done' ? item.result : undefined;
    return [{ id: item.id, name: item.name, file, ...(result ? { decodedSize: { width: result.inputWidth, height: result.inputHeight } } : {}) }];
  });
}
