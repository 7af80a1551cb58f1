import { useId } from 'preact/hooks';
import { resolveOutputFormat } from '../../../codecs/registry.ts';
import { formatList, type ImageFormat } from '../../../core/formats.ts';
import { backgroundUse } from '../../../lib/background-use.ts';
import type { FieldProps } from './field-props.ts';

interface Props extends FieldProps {
  /** The tool's accepted inputs: with "Same as input", the picker is offered only if some of them become JPEG. */
  readonly accepts: readonly ImageFormat[];
}

/** Shown only where the output can lack alpha (JPEG), saying when it applies. */
export function BackgroundField({ settings, onChange, accepts }: Props) {
  const id = useId();
  const use = backgroundUse(settings.format, accepts, (input) => resolveOutputFormat('same', input).format);
  if (use.kind === 'never') return null;
  return (
    <div class="field">
      <div class="field-inline">
        <label for={id}>Background colour</label>
        <input id={id} type="color" value={settings.background} aria-describedby={`${id}-help`}
          onInput={(e) => onChange({ ...settings, background: e.currentTarget.value })} />
      </div>
      <p class="field-help" id={`${id}-help`}>
        {use.kind === 'always'
          ? 'JPEG has no transparency: see-through areas get this colour.'
          : `${formatList(use.inputs)} files become JPEG, which has no transparency: see-through areas get this colour.`}
      </p>
    </div>
  );
}
