import type { ImageFormat } from '../core/formats.ts';
import type { ToolSettings } from '../lib/tool-settings.ts';

/** Settings panels a tool page can show, in the order given. */
export type SettingsPanel = 'format' | 'quality' | 'codec' | 'smart' | 'resize' | 'metadata' | 'background' | 'filename'
  /** The Metadata tool's "Remove location only" (honest lane). */
  | 'strip-mode'
  /** The PNG mode field (Lossless / Smaller, palette). */
  | 'png';

/** How an available tool's island behaves; plain data, so Astro can pass it to the island. */
export interface ToolIslandConfig {
  /** process: decode → edit → encode with the engine; metadata: inspect, then strip; edit: process with the crop editor. */
  readonly mode: 'process' | 'metadata' | 'edit';
  readonly panels: readonly SettingsPanel[];
  /** Overrides of the shared defaults (src/lib/tool-settings.ts BASE_SETTINGS). */
  readonly defaults: Partial<ToolSettings>;
  /** Name of the "Download all" archive, without .zip. */
  readonly archiveName: string;
}

/** How a tool is declared once; pages, navigation and the audit read this. */
export interface ToolMeta {
  /** URL segment: the tool lives at `/<slug>/`. */
  readonly slug: string;
  readonly title: string;
  /** One sentence for the home page, the page description and search results. */
  readonly description: string;
  /** Input formats the tool accepts; pages name them from src/core/formats.ts. */
  readonly accepts: readonly ImageFormat[];
  /** `coming-soon` tools get an honest placeholder page and no island. */
  readonly status: 'available' | 'coming-soon';
  /** Required for available tools: what the tool's island shows and does. */
  readonly island?: ToolIslandConfig;
  /** Short how-to lines shown under the tool (static text, rendered by Astro). */
  readonly howTo?: readonly string[];
}
