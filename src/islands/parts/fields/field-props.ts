/** What every settings field receives: the current settings and a way to replace them. */
import type { ToolSettings } from '../../../lib/tool-settings.ts';

export interface FieldProps {
  readonly settings: ToolSettings;
  readonly onChange: (next: ToolSettings) => void;
}
