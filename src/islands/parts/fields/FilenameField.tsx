import { useId } from 'preact/hooks';
import { TEMPLATE_FIELDS, templateProblem } from '../../../lib/filename-template.ts';
import type { FieldProps } from './field-props.ts';

export function FilenameField({ settings, onChange }: FieldProps) {
  const id = useId();
  // Typed text may be briefly invalid; keep showing it, apply it only when valid.
  return (
    <div class="field">
      <label for={id}>File name</label>
      <input id={id} type="text" spellcheck={false} autoComplete="off" defaultValue={settings.filenameTemplate} key={settings.filenameTemplate}
        aria-describedby={`${id}-help ${id}-problem`}
        onChange={(e) => { const v = e.currentTarget.value; if (!templateProblem(v)) onChange({ ...settings, filenameTemplate: v }); else e.currentTarget.setCustomValidity(templateProblem(v) ?? ''); }}
        onInput={(e) => { const problem = templateProblem(e.currentTarget.value); e.currentTarget.setCustomValidity(problem ?? ''); const out = e.currentTarget.parentElement?.querySelector('.field-problem'); if (out) out.textContent = problem ?? ''; }} />
      <p class="field-help" id={`${id}-help`}>Fields: {TEMPLATE_FIELDS.map((f) => `{${f}}`).join(' ')}. Duplicates get (2), (3)…</p>
      <p class="field-problem" id={`${id}-problem`} aria-live="polite" />
    </div>
  );
}
