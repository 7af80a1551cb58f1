/**
 * Common target sizes for the web and social networks (box sizes; fit decides how an image meets them).
 * Whether a smaller image is enlarged is the settings' own "Don't enlarge" choice, not the preset's.
 */
export interface ResizePreset {
  readonly id: string;
  readonly label: string;
  readonly width?: number;
  readonly height?: number;
  readonly fit: 'contain' | 'cover';
}

export const RESIZE_PRESETS: readonly ResizePreset[] = [
  { id: 'web-large', label: 'Web large — 1920 px wide', width: 1920, fit: 'contain' },
  { id: 'web-medium', label: 'Web medium — 1280 px wide', width: 1280, fit: 'contain' },
  { id: 'web-small', label: 'Web small — 800 px wide', width: 800, fit: 'contain' },
  { id: 'thumbnail', label: 'Thumbnail — 320 × 320 px', width: 320, height: 320, fit: 'cover' },
  { id: 'email', label: 'E-mail — 1024 px longest side', width: 1024, height: 1024, fit: 'contain' },
  { id: 'hd', label: 'Full HD — 1920 × 1080 px', width: 1920, height: 1080, fit: 'contain' },
  { id: 'instagram-square', label: 'Instagram square — 1080 × 1080 px', width: 1080, height: 1080, fit: 'cover' },
  { id: 'instagram-portrait', label: 'Instagram portrait — 1080 × 1350 px', width: 1080, height: 1350, fit: 'cover' },
  { id: 'story', label: 'Story / Reel — 1080 × 1920 px', width: 1080, height: 1920, fit: 'cover' },
  { id: 'open-graph', label: 'Link preview (Open Graph) — 1200 × 630 px', width: 1200, height: 630, fit: 'cover' },
  { id: 'x-post', label: 'X / Twitter post — 1600 × 900 px', width: 1600, height: 900, fit: 'cover' },
  { id: 'linkedin-banner', label: 'LinkedIn banner — 1584 × 396 px', width: 1584, height: 396, fit: 'cover' },
  { id: 'youtube-thumbnail', label: 'YouTube thumbnail — 1280 × 720 px', width: 1280, height: 720, fit: 'cover' },
  { id: 'favicon', label: 'App icon — 512 × 512 px', width: 512, height: 512, fit: 'cover' },
];

export function findResizePreset(id: string): ResizePreset | undefined {
  return RESIZE_PRESETS.find((preset) => preset.id === id);
}
