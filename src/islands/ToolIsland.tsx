/**
 * The one island of every tool page, configured by the tool's registry entry:
 * settings on one side, the batch of files on the other.
 */
import { useEffect, useMemo, useState } from 'preact/hooks';
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
import { LostResultsNote } from './parts/LostResultsNote.tsx';
import { useBatch } from './parts/useBatch.ts';
import { useNothingLost } from './parts/useNothingLost.ts';
import { downloadAllAsZip } from './parts/zip-download.ts';
import { LazyEditWorkspace } from './parts/edit/LazyEditWorkspace.tsx'; // edit lane
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
  const { snapshot, controller: batch } = useBatch(config?.mode === 'metadata' ? 'metadata' : 'process', store.current);
  const lostLastVisit = useNothingLost(tool.slug, snapshot.summary.notDownloaded);
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

  const { summary } = snapshot;
  const active = summary.queued + summary.working > 0;
  useEffect(() => {
    if (!active) return undefined;
    const timer = setInterval(() => setNow(performance.now()), 1000);
    return () => clearInterval(timer);
  }, [active]);
  const remainingMs = estimateRemainingMs({
    startedAt: snapshot.runStartedAt, now, finished: snapshot.finishedInRun, remaining: summary.queued + summary.working,
  });

  // Every row with a result, current or out of date: what the rows offer, the ZIP holds.
  const downloadAll = async () => {
    const included = snapshot.items.flatMap((item) => {
      const blob = item.result ? batch.output(item.id) : undefined;
      return blob && item.downloadName ? [{ id: item.id, name: item.downloadName, blob }] : [];
    });
    const entries = included.map(({ name, blob }) => ({ name, blob }));
    setZipping(true);
    setZipMessage(`Preparing a ZIP of ${entries.length} file${entries.length === 1 ? '' : 's'}…`);
    try {
      const outcome = await downloadAllAsZip(entries, config?.archiveName ?? 'imglio');
      if (outcome !== 'cancelled') batch.markDownloaded(included.map((entry) => entry.id));
      setZipMessage(outcome === 'cancelled' ? 'Download cancelled.' : `ZIP with ${entries.length} file${entries.length === 1 ? '' : 's'} ${outcome === 'saved-to-file' ? 'saved' : 'downloaded'}.`);
    } catch (error) {
      setZipMessage(`The ZIP could not be written: ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      setZipping(false);
    }
  };

  // A row's Download link (wherever the row puts it) counts as saving that result.
  const onResultsClick = (event: MouseEvent) => {
    const link = event.target instanceof Element ? event.target.closest('a[download]') : null;
    const href = link?.getAttribute('href');
    const item = href ? snapshot.items.find((candidate) => candidate.outputUrl === href) : undefined;
    if (item) batch.markDownloaded([item.id]);
  };

  const compareItem = compareId === undefined ? undefined : snapshot.items.find((item) => item.id === compareId);
  let subject: CompareSubject | undefined;
  if (compareItem?.result) {
    const afterUrl = compareItem.outputUrl;
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
  const hasItems = snapshot.items.length > 0;
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
          <LazyEditWorkspace files={editableFiles(snapshot.items, (id) => batch.file(id))} edit={store.current.edit}
            onChange={(edit) => updateStore({ ...store, current: { ...store.current, edit } })}
            onApplyOverride={(id, override) => batch.setOverride(id, override)} overrideOf={(id) => snapshot.items.find((item) => item.id === id)?.override?.edit} />
        )}
        {hasItems && (
          <BatchBar summary={summary} remainingMs={remainingMs} zipMessage={zipMessage} zipping={zipping}
            onCancelAll={batch.cancelAll} onRetryFailed={batch.retryFailed} onDownloadAll={downloadAll} onClear={batch.clear} />
        )}
        <ul class="result-list" aria-label="Results" onClick={onResultsClick}>
          {snapshot.items.map((item) => {
            return (
              <ResultRow key={item.id} item={item} thumbnailUrl={item.thumbnailUrl} downloadUrl={item.outputUrl} downloadName={item.downloadName}
                onRemove={() => { if (compareId === item.id) setCompareId(undefined); batch.remove(item.id); }}
                onCompare={config.mode !== 'metadata' ? () => setCompareId(item.id) : undefined} />
            );
          })}
        </ul>
        {!hasItems && lostLastVisit > 0 && <LostResultsNote count={lostLastVisit} />}
        {!hasItems && <p class="empty-note">Nothing added yet. Your files stay on this device: nothing is uploaded.</p>}
      </section>
      {subject && <CompareDialog subject={subject} onClose={() => setCompareId(undefined)} />}
    </div>
  );
}
