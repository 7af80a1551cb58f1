/** How a tool is declared once; pages, navigation and the audit read this. */
export interface ToolMeta {
  /** URL segment: the tool lives at `/<slug>/`. */
  readonly slug: string;
  readonly title: string;
  /** One sentence for the home page, the page description and search results. */
  readonly description: string;
  /** Human-readable input formats the tool accepts. */
  readonly accepts: readonly string[];
  /** `coming-soon` tools get an honest placeholder page and no island. */
  readonly status: 'available' | 'coming-soon';
}
