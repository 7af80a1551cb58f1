import { describe, expect, it } from 'vitest';
import { findResizePreset, RESIZE_PRESETS } from './resize-presets.ts';

describe('resize presets', () => {
  it('have unique ids, a side each and labels that state the size', () => {
    const ids = RESIZE_PRESETS.map((p) => p.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const preset of RESIZE_PRESETS) {
      expect(preset.width ?? preset.height).toBeGreaterThan(0);
      expect(preset.label).toContain(String(preset.width ?? preset.height));
    }
  });
  it('include the common social sizes', () => {
    expect(findResizePreset('instagram-square')).toMatchObject({ width: 1080, height: 1080 });
    expect(findResizePreset('open-graph')).toMatchObject({ width: 1200, height: 630 });
    expect(findResizePreset('nope')).toBeUndefined();
  });
});
