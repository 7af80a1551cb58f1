/** Named presets and reset; everything is stored in localStorage by the island. */
import { useId, useState } from 'preact/hooks';
import { presetNameProblem } from '../../lib/tool-settings.ts';

interface Props {
  readonly names: readonly string[];
  readonly onApply: (name: string) => void;
  readonly onSave: (name: string) => string | undefined;
  readonly onDelete: (name: string) => void;
  readonly onReset: () => void;
}

export function PresetsBar({ names, onApply, onSave, onDelete, onReset }: Props) {
  const id = useId();
  const [selected, setSelected] = useState('');
  const [draft, setDraft] = useState('');
  const [message, setMessage] = useState('');
  const save = (event: Event) => {
    event.preventDefault();
    const problem = presetNameProblem(draft) ?? onSave(draft);
    setMessage(problem ?? `Saved "${draft.trim()}".`);
    if (!problem) { setSelected(draft.trim()); setDraft(''); }
  };
  return (
    <details class="presets">
      <summary>Presets and reset</summary>
      <div class="advanced-body">
        {names.length > 0 && (
          <div class="field">
            <label for={`${id}-list`}>Saved presets</label>
            <div class="inline-row">
              <select id={`${id}-list`} value={selected} onChange={(e) => setSelected(e.currentTarget.value)}>
                <option value="">Choose…</option>
                {names.map((name) => <option key={name} value={name}>{name}</option>)}
              </select>
              <button type="button" class="button" disabled={!selected} onClick={() => { onApply(selected); setMessage(`Applied "${selected}".`); }}>Apply</button>
              <button type="button" class="button" disabled={!selected} onClick={() => { onDelete(selected); setMessage(`Deleted "${selected}".`); setSelected(''); }}>Delete</button>
            </div>
          </div>
        )}
        <form class="field" onSubmit={save}>
          <label for={`${id}-name`}>Save current settings as</label>
          <div class="inline-row">
            <input id={`${id}-name`} type="text" maxLength={40} value={draft} onInput={(e) => setDraft(e.currentTarget.value)} autoComplete="off" />
            <button type="submit" class="button">Save preset</button>
          </div>
        </form>
        <button type="button" class="button" onClick={() => { onReset(); setMessage('Settings reset to the defaults.'); }}>Reset settings</button>
        <p class="field-help" role="status">{message}</p>
      </div>
    </details>
  );
}
