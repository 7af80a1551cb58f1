/**
 * The one island of every tool page, configured by the tool's registry entry:
 * adding files first, the settings beside the list (or in a sheet on narrow screens), then the batch.
 */
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { estimateRemainingMs } from '../lib/time-remaining.ts';
import {
  applyPreset, BASE_SETTINGS, deletePreset, emptyStore, parseStoredSettings, resetSettings, sanitizeSettings,
  savePreset, serializeSettings, settingsStorageKey, type StoredSettings, type ToolSettings,
} from '../lib/tool-settings.ts';
import { offeredEncoders } from '../codecs/registry.ts';
import type { ToolMeta } from '../tools/types.ts';
import { BatchBar } from './parts/BatchBar.tsx';
import { DropZone } from './parts/DropZone.tsx';
import { LiveViewLazy } from './parts/LiveViewLazy.tsx';
import { PresetsBar } from './parts/PresetsBar.tsx';
import { ResultRow } from './parts/ResultRow.tsx';
import { SettingsDock } from './parts/SettingsDock.tsx';
import { SettingsPanel } from './parts/SettingsPanel.tsx';
import { LostResultsNote } from './parts/LostResultsNote.tsx';
import { useBatch } from './parts/useBatch.ts';
import { useNothingLost } from './parts/useNothingLost.ts';
import { useMediaQuery } from './parts/useMediaQuery.ts';
import { useStickyOffset } from './parts/useStickyOffset.ts';
import { downloadAllAsZip } from './parts/zip-download.ts';
import { LazyEditWorkspace } from './parts/edit/LazyEditWorkspace.tsx'; // edit lane
import { editableFiles } from './parts/edit/editable-files.ts'; // edit lane

interface Props {
  readonly tool: ToolMeta;
}

/** The output formats the pages offer, from the codec registry. */
const OUTPUT_FORMATS = offeredEncoders().map((encoder) => encoder.format);

const NARROW_LAYOUT = '(max-width: 56rem)';

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

  // Layout: the settings go into a sheet below this width (the same breakpoint as tool.css).
  const narrow = useMediaQuery(NARROW_LAYOUT);
  const batchDock = useRef<HTMLDivElement>(null);
  useStickyOffset(batchDock, snapshot.items.length > 0);

  // A row's Download link (wherever the row puts it) counts as saving that result.
  const onResultsClick = (event: MouseEvent) => {
    const link = event.target instanceof Element ? event.target.closest('a[download]') : null;
    const href = link?.getAttribute('href');
    const item = href ? snapshot.items.find((candidate) => candidate.outputUrl === href) : undefined;
    if (item) batch.markDownloaded([item.id]);
  };

  // live-view lane: the file the live view shows (opened from its row), and its override
  const compareItem = compareId === undefined ? undefined : snapshot.items.find((item) => item.id === compareId);
  const compareFile = compareItem ? batch.file(compareItem.id) : undefined;

  if (!config) return null;
  const hasItems = snapshot.items.length > 0;
  const hasSettings = config.panels.length > 0;
  // Order on screen and for Tab: add files, then the settings, then the batch and its rows.
  return (
    <div class={`tool tool-${tool.slug}${hasSettings ? '' : ' tool-no-settings'}`} data-hydrated={hydrated ? 'true' : 'false'}>
      <div class="tool-add">
        <DropZone accepts={tool.accepts} compact={hasItems} onFiles={batch.addFiles} />
      </div>
      {hasSettings && (
        <SettingsDock narrow={narrow}>
          <SettingsPanel panels={config.panels} accepts={tool.accepts} settings={store.current} onChange={(current) => updateStore({ ...store, current })} />
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
        </SettingsDock>
      )}
      <section class="tool-files" aria-label="Files">
        {/* edit lane: the crop editor */}
        {config.mode === 'edit' && hasItems && (
          <LazyEditWorkspace files={editableFiles(snapshot.items, (id) => batch.file(id))} edit={store.current.edit}
            onChange={(edit) => updateStore({ ...store, current: { ...store.current, edit } })}
            onApplyOverride={(id, override) => batch.setOverride(id, override)} overrideOf={(id) => snapshot.items.find((item) => item.id === id)?.override?.edit} />
        )}
        {hasItems && (
          <div class="batch-dock" ref={batchDock}>
            <BatchBar summary={summary} remainingMs={remainingMs} zipMessage={zipMessage} zipping={zipping}
              onCancelAll={batch.cancelAll} onRetryFailed={batch.retryFailed} onDownloadAll={downloadAll} onClear={batch.clear} />
          </div>
        )}
        <ul class="result-list" aria-label="Results" onClick={onResultsClick}>
          {snapshot.items.map((item) => {
            return (
              <ResultRow key={item.id} item={item} thumbnailUrl={item.thumbnailUrl} downloadUrl={item.outputUrl} downloadName={item.downloadName}
                onRemove={() => { if (compareId === item.id) setCompareId(undefined); batch.remove(item.id); }}
                onOpen={config.mode !== 'metadata' ? () => setCompareId(item.id) : undefined} />
            );
          })}
        </ul>
        {!hasItems && lostLastVisit > 0 && <LostResultsNote count={lostLastVisit} />}
        {!hasItems && <p class="empty-note">Nothing added yet. Your files stay on this device: nothing is uploaded.</p>}
      </section>
      {compareItem && compareFile && (
        <LiveViewLazy subject={{ id: compareItem.id, name: compareItem.name, file: compareFile }} batchSettings={store.current} override={compareItem.override}
          onApplyOverride={(id, override) => batch.setOverride(id, override)} onClose={() => setCompareId(undefined)} />
      )}
    </div>
  );
}
