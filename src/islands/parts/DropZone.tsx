/**
 * The "Add images" picker, plus drag-and-drop anywhere on the page (files and
 * folders) and paste from the clipboard.
 */
import { formatList, type ImageFormat } from '../../core/formats.ts';
import { useEffect, useId, useRef, useState } from 'preact/hooks';
import { dragHasFiles, filesFromClipboard, filesFromDataTransfer } from './file-intake.ts';

interface Props {
  readonly accepts: readonly ImageFormat[];
  readonly compact: boolean;
  readonly onFiles: (files: File[]) => void;
}

export function DropZone({ accepts, compact, onFiles }: Props) {
  const id = useId();
  const [dragging, setDragging] = useState(false);
  const depth = useRef(0);
  const onFilesRef = useRef(onFiles);
  onFilesRef.current = onFiles;

  useEffect(() => {
    const enter = (event: DragEvent) => {
      if (!dragHasFiles(event)) return;
      depth.current += 1;
      setDragging(true);
    };
    const over = (event: DragEvent) => {
      if (!dragHasFiles(event)) return;
      event.preventDefault();
      if (event.dataTransfer) event.dataTransfer.dropEffect = 'copy';
    };
    const leave = () => {
      depth.current = Math.max(0, depth.current - 1);
      if (depth.current === 0) setDragging(false);
    };
    const drop = (event: DragEvent) => {
      if (!dragHasFiles(event) || !event.dataTransfer) return;
      event.preventDefault();
      depth.current = 0;
      setDragging(false);
      filesFromDataTransfer(event.dataTransfer).then((files) => onFilesRef.current(files));
    };
    const paste = (event: ClipboardEvent) => {
      const target = event.target as HTMLElement | null;
      // Pasting text into a settings field stays a text paste.
      if (target?.closest('input[type="text"], input[type="number"], textarea')) return;
      const files = filesFromClipboard(event.clipboardData);
      if (files.length) {
        event.preventDefault();
        onFilesRef.current(files);
      }
    };
    document.addEventListener('dragenter', enter);
    document.addEventListener('dragover', over);
    document.addEventListener('dragleave', leave);
    document.addEventListener('drop', drop);
    document.addEventListener('paste', paste);
    return () => {
      document.removeEventListener('dragenter', enter);
      document.removeEventListener('dragover', over);
      document.removeEventListener('dragleave', leave);
      document.removeEventListener('drop', drop);
      document.removeEventListener('paste', paste);
    };
  }, []);

  return (
    <div class={`dropzone${compact ? ' dropzone-compact' : ''}${dragging ? ' dropzone-active' : ''}`}>
      <input id={id} class="visually-hidden-input" type="file" multiple aria-label="Add images"
        onChange={(e) => { const input = e.currentTarget; onFiles([...(input.files ?? [])]); input.value = ''; }} />
      <label for={id} class="button button-primary dropzone-button">Add images</label>
      <p class="dropzone-hint" id={`${id}-hint`}>
        or drop files or a folder anywhere on this page, or paste an image. {compact ? '' : `Accepts ${formatList(accepts)}.`}
      </p>
      {dragging && <div class="drop-overlay" aria-hidden="true"><span>Drop to add</span></div>}
    </div>
  );
}
