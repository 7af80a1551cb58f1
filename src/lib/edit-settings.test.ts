import { describe, expect, it } from 'vitest';
import { DEFAULT_EDIT, editRequest, sanitizeEditSettings } from './edit-settings.ts';

describe('edit settings', () => {
  it('sanitises stored values and keeps the box inside 0–100 %', () => {
    expect(sanitizeEditSettings('nonsense')).toBe(DEFAULT_EDIT);
    const clean = sanitizeEditSettings({ rotate: 45, straighten: 80, aspect: '16:9', box: { x: 50, y: 10, width: 70, height: 20 }, anchor: 'nowhere' });
    expect(clean.rotate).toBe(0);
    expect(clean.straighten).toBe(0);
    expect(clean.aspect).toBe('16:9');
    expect(clean.anchor).toBe('center');
    expect(clean.box).toEqual(DEFAULT_EDIT.box);
    expect(sanitizeEditSettings({ box: { x: 50, y: 10, width: 50, height: 20 } }).box).toEqual({ x: 50, y: 10, width: 50, height: 20 });
  });

  it('asks the engine for nothing by default (other tools are unaffected)', () => {
    expect(editRequest(DEFAULT_EDIT)).toEqual({});
    expect(editRequest(undefined)).toEqual({});
  });

  it('turns a preset into an aspect rule and a turn into lossless edits', () => {
    expect(editRequest({ ...DEFAULT_EDIT, cropMode: 'aspect', aspect: '4:3', swapped: true, anchor: 'top' })).toEqual({
      edits: { cropRule: { kind: 'aspect', ratio: 0.75, anchor: 'top' } },
    });
    expect(editRequest({ ...DEFAULT_EDIT, rotate: 90 })).toEqual({ edits: { rotate: 90 }, lossless: true });
    expect(editRequest({ ...DEFAULT_EDIT, flipHorizontal: true, flipVertical: true, lossless: false })).toEqual({ edits: { flipHorizontal: true, flipVertical: true } });
  });

  it('sends a drawn box as percentages and the straighten angle in the engine\'s order', () => {
    const request = editRequest({ ...DEFAULT_EDIT, cropMode: 'box', box: { x: 10, y: 20, width: 30, height: 40 }, straighten: 3, flipHorizontal: true });
    expect(request.edits).toEqual({ flipHorizontal: true, straighten: -3, cropRule: { kind: 'relative', x: 10, y: 20, width: 30, height: 40 } });
  });
});
