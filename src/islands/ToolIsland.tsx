/**
 * The one island of every tool page, configured by the tool's registry entry:
 * settings on one side, the batch of files on the other.
 */
import { useEffect, useMemo, useState } from 'preact/hooks';
import { summarize } from '../lib/batch-state.ts';
import { assignUniqueNames } from '../lib/filename-template.ts';
import { estimateRemainingMs } from '../lib/time-remaining.ts';
import {
  applyPreset, BASE_SETTINGS, deletePreset, emptyStore, parseStoredSettings, resetSettings, sanitizeSettings,
  savePreset, serializeSettings, settingsStorageKey, type StoredSettings, type ToolSettings,
} from '../lib/tool-settings.ts';
import { offeredEncoders } from '../codecs/registry.ts';
import { formatLabel } from '../core/formats.ts';
import type { ToolMeta } from '../tools/types.ts';
import { BatchBar } from './parts/BatchBar.tsx';
import { CompareDialog, type CompareSubject } from './parts/CompareDialog.tsx';
import { DropZone } from './parts/DropZone.tsx';
import { PresetsBar } from './parts/PresetsBar.tsx';
import { ResultRow } from './parts/ResultRow.tsx';
import { SettingsPanel } from './parts/SettingsPanel.tsx';
import { useBatch } from './parts/useBatch.ts';
import { downloadAllAsZip } from './parts/zip-download.ts';
import { EditWorkspace } from './parts/edit/EditWorkspace.tsx'; // edit lane
import { editableFiles } from './parts/edit/editable-files.ts'; // edit lane

interface Props {
  readonly tool: ToolMeta;
}

/** The output formats the pages offer, from the codec registry. */
const OUTPUT_FORMATS = offeredEncoders().map((encoder) => encoder.format);

function readStore(key: string, defaults: ToolSettings): StoredSettings {
  try {
    return parseStoredSettings(localStorage.getItem(key), defaults, OUTPUT_FORMATS);
  } catch {
    return emptyStore(defaults);
  }
}

export default function ToolIsland({ tool }: Props) {
  const config = tool.island;
  const defaults = useMemo(() => sanitizeSettings({ ...BASE_SETTINGS, ...config?.defaults }, BASE_SETTINGS, OUTPUT_FORMATS), [config]);
  const storageKey = settingsStorageKey(tool.slug);
  const [store, setStore] = useState<StoredSettings>(() => emptyStore(defaults));
  const [hydrated, setHydrated] = useState(false);
  const batch = useBatch(config?.mode === 'metadata' ? 'metadata' : 'process', store.current);
  const [compareId, setCompareId] = useState<number | undefined>(undefined);
  const [zipMessage, setZipMessage] = useState('');
  const [zipping, setZipping] = useState(false);
  const [now, setNow] = useState(() => performance.now());

  // Saved settings are read after hydration, so server and client markup agree.
  useEffect(() => {
    setStore(readStore(storageKey, defaults));
    setHydrated(true);
  }, [storageKey, defaults]);

  const updateStore = (next: StoredSettings) => {
    setStore(next);
    try {
      localStorage.setItem(storageKey, serializeSettings(next));
    } catch {
      // Storage full or disabled: the settings still apply to this visit.
    }
  };

  const summary = summarize(batch.state);
  const active = summary.queued + summary.working > 0;
  useEffect(() => {
    if (!active) return undefined;
    const timer = setInterval(() => setNow(performance.now()), 1000);
    return () => clearInterval(timer);
  }, [active]);
  const remainingMs = estimateRemainingMs({
    startedAt: batch.state.runStartedAt, now, finished: batch.state.finishedInRun, remaining: summary.queued + summary.working,
  });

  const done = batch.state.items.filter((item) => item.status === 'done' && item.result);
  const names = assignUniqueNames(done.map((item) => ({ id: item.id, fileName: item.result?.fileName ?? 'image' })));

  const downloadAll = async () => {
    const entries = done.flatMap((item) => {
      const blob = batch.assets.get(item.id)?.output;
      const name = names.get(item.id);
      return blob && name ? [{ name, blob }] : [];
    });
    setZipping(true);
    setZipMessage(`Preparing a ZIP of ${entries.length} file${entries.length === 1 ? '' : 's'}…`);
    try {
      const outcome = await downloadAllAsZip(entries, config?.archiveName ?? 'imglio');
      setZipMessage(outcome === 'cancelled' ? 'Download cancelled.' : `ZIP with ${entries.length} file${entries.length === 1 ? '' : 's'} ${outcome === 'saved-to-file' ? 'saved' : 'downloaded'}.`);
    } catch (error) {
      setZipMessage(`The ZIP could not be written: ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      setZipping(false);
    }
  };

  const compareItem = compareId === undefined ? undefined : batch.state.items.find((item) => item.id === compareId);
  let subject: CompareSubject | undefined;
  if (compareItem?.result) {
    const afterUrl = batch.assets.get(compareItem.id)?.outputUrl;
    const beforeUrl = batch.originalUrl(compareItem.id);
    const r = compareItem.result;
    if (afterUrl && beforeUrl) {
      const afterFormat = formatLabel(r.format);
      subject = {
        name: compareItem.name, beforeUrl, afterUrl, beforeBytes: compareItem.bytes, afterBytes: r.bytes,
        beforeSize: `${r.inputWidth}×${r.inputHeight}`, afterSize: `${afterFormat} ${r.width}×${r.height}`,
        // Both layers share the larger of the two sizes, so a resized result is compared at the original's scale.
        width: Math.max(r.width, r.inputWidth), height: Math.max(r.height, r.inputHeight),
      };
    }
  }

  if (!config) return null;
  const hasItems = batch.state.items.length > 0;
  return (
    <div class={`tool tool-${tool.slug}`} data-hydrated={hydrated ? 'true' : 'false'}>
      {config.panels.length > 0 && (
        <aside class="tool-settings" aria-label="Settings">
          <h2 class="tool-heading">Settings</h2>
          <SettingsPanel panels={config.panels} settings={store.current} onChange={(current) => updateStore({ ...store, current })} />
          <PresetsBar
            names={Object.keys(store.presets)}
            onApply={(name) => updateStore(applyPreset(store, name))}
            onDelete={(name) => updateStore(deletePreset(store, name))}
            onReset={() => updateStore(resetSettings(store, defaults))}
            onSave={(name) => {
              try {
                updateStore(savePreset(store, name));
                return undefined;
              } catch (error) {
                return error instanceof Error ? error.message : String(error);
              }
            }}
          />
        </aside>
      )}
      <section class="tool-work" aria-label="Files">
        <DropZone accepts={tool.accepts} compact={hasItems} onFiles={batch.addFiles} />
        {/* edit lane: the crop editor */}
        {config.mode === 'edit' && hasItems && (
          <EditWorkspace files={editableFiles(batch.state.items, (id) => batch.assets.get(id)?.file)} edit={store.current.edit}
            onChange={(edit) => updateStore({ ...store, current: { ...store.current, edit } })} />
        )}
        {hasItems && (
          <BatchBar summary={summary} remainingMs={remainingMs} zipMessage={zipMessage} zipping={zipping}
            onCancelAll={batch.cancelAll} onRetryFailed={batch.retryFailed} onDownloadAll={downloadAll} onClear={batch.clear} />
        )}
        <ul class="result-list" aria-label="Results">
          {batch.state.items.map((item) => {
            const entry = batch.assets.get(item.id);
            return (
              <ResultRow key={item.id} item={item} thumbnailUrl={entry?.thumbnailUrl} downloadUrl={entry?.outputUrl} downloadName={names.get(item.id)}
                onRemove={() => { if (compareId === item.id) setCompareId(undefined); batch.remove(item.id); }}
                onCompare={config.mode !== 'metadata' ? () => setCompareId(item.id) : undefined} />
            );
          })}
        </ul>
        {!hasItems && <p class="empty-note">Nothing added yet. Your files stay on this device: nothing is uploaded.</p>}
      </section>
      {subject && <CompareDialog subject={subject} onClose={() => setCompareId(undefined)} />}
    </div>
  );
}
