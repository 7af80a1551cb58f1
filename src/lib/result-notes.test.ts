import { describe, expect, it } from 'vitest';
import { describeResult, describeStrip } from './result-notes.ts';
import type { RequestPlan } from './process-request.ts';

const plan: RequestPlan = { output: { format: 'same', quality: 75 }, metadata: 'strip', smart: { kind: 'none' }, keepOriginalIfSmaller: true };
const result = {
  format: 'jpeg', inputFormat: 'jpeg', extension: 'jpg', width: 800, height: 600, inputWidth: 800, inputHeight: 600,
  inputBytes: 100_000, bytes: 80_000, metadata: 'stripped', kept: 'encoded', keptReason: 'The new JPEG (80 KB) is smaller than the original (100 KB).',
} as const;
const resize = { fit: 'inside', method: 'lanczos3', allowEnlarge: false } as const;

describe('describeResult', () => {
  it('names the format and extension, and says nothing when nothing surprising happened', () => {
    expect(describeResult(plan, result)).toEqual({ formatLine: 'JPEG', extension: '.jpg', notes: [] });
  });

  it('says when "Same as input" could not write the input format', () => {
    expect(describeResult(plan, { ...result, inputFormat: 'heic' })).toMatchObject({
      formatLine: 'HEIC/HEIF → JPEG', notes: ['HEIC/HEIF cannot be written here, so “Same as input” made a JPEG.'],
    });
    expect(describeResult(plan, { ...result, inputFormat: 'svg', format: 'png', extension: 'png' })).toMatchObject({
      formatLine: 'SVG → PNG', extension: '.png', notes: ['SVG cannot be written here, so “Same as input” made a PNG, which keeps it lossless.'],
    });
    // A format asked for is no surprise.
    expect(describeResult({ ...plan, output: { format: 'jpeg' } }, { ...result, inputFormat: 'heic' }).notes).toEqual([]);
  });

  it('explains a resize that did not enlarge, cropped or stretched', () => {
    const edits = (r: object) => ({ ...plan, edits: { resize: { ...resize, ...r } } });
    expect(describeResult(edits({ width: 1920 }), result).notes).toEqual(['Not enlarged: the image is 800×600, smaller than the 1920 px wide asked for, and “Fit inside (never enlarge)” does not enlarge.']);
    expect(describeResult(edits({ percent: 200, fit: 'contain' }), result).notes).toEqual(['Not enlarged: the image is 800×600, smaller than the 200 % asked for, and enlarging is off.']);
    expect(describeResult(edits({ width: 1080, height: 1920, fit: 'cover' }), { ...result, width: 338, height: 600 }).notes[0]).toMatch(/^Cropped to fill 338×600/);
    expect(describeResult(edits({ width: 400, height: 400, fit: 'fill' }), { ...result, width: 400, height: 400 }).notes[0]).toMatch(/^Stretched from 800×600 to exactly 400×400/);
    expect(describeResult(edits({ width: 400, height: 400 }), { ...result, width: 400, height: 300 }).notes).toEqual(['Resized from 800×600 to 400×300 to fit inside 400×400, keeping its proportions.']);
    expect(describeResult(edits({ width: 400 }), { ...result, width: 400, height: 300 }).notes).toEqual([]);
  });

  it('says which original was kept and why, and why a larger new file was handed back', () => {
    const keptReason = 'Kept the original without its metadata (image data unchanged): a new JPEG would have been 334 KB, 121.0% larger.';
    expect(describeResult(plan, { ...result, kept: 'stripped-original', keptReason }).notes).toEqual([keptReason]);
    expect(describeResult(plan, { ...result, inputFormat: 'avif', format: 'avif', bytes: 120_000, keptReason: 'The original carries metadata that was to be removed, and AVIF has no lossless way to remove it here, so the new encode is used.' }).notes)
      .toEqual(['Larger than the original: the original carries metadata that was to be removed, and AVIF has no lossless way to remove it here, so the new encode is used.']);
  });

  it('says whether metadata was kept, and the quality a smart mode chose', () => {
    expect(describeResult({ ...plan, metadata: 'keep' }, { ...result, metadata: 'kept' }).notes[0]).toMatch(/^Metadata kept/);
    expect(describeResult({ ...plan, output: { format: 'jxl' }, metadata: 'keep' }, { ...result, format: 'jxl', extension: 'jxl', metadata: 'stripped' }).notes).toEqual(['Metadata could not be kept: JPEG XL output carries none here.']);
    expect(describeResult(plan, { ...result, quality: { chosen: 62, reason: 'the largest under 200 KB', attempts: [] }, notes: ['An external image was not drawn.'] }).notes)
      .toEqual(['Quality 62: the largest under 200 KB', 'An external image was not drawn.']);
  });
});

describe('describeStrip', () => {
  const strip = { method: 'lossless', removedBytes: 2_000, format: 'jpeg', extension: 'jpg', mode: 'all', inputFormat: 'jpeg', inputBytes: 100_000, bytes: 98_000, requestedMode: 'all' } as const;

  it('lossless strips and the location-only strip', () => {
    expect(describeStrip(strip)).toEqual({ formatLine: 'JPEG', extension: '.jpg', notes: ['Removed losslessly: 2.00 KB of metadata gone, image data unchanged.'] });
    expect(describeStrip({ ...strip, mode: 'location', requestedMode: 'location', removed: ['the GPS position'] }).notes).toEqual(['Location removed losslessly: the GPS position. Camera, date and the rest of the metadata stay; image data unchanged.']);
    expect(describeStrip({ ...strip, mode: 'location', requestedMode: 'location', removed: [] }).notes).toEqual(['No location found: nothing was removed. The image data is unchanged.']);
  });

  it('HEIC becomes a JPEG named .jpg and says so, with what it cost', () => {
    const heic = describeStrip({ ...strip, method: 're-encoded', inputFormat: 'heic', quality: 75, bytes: 120_000 });
    expect(heic.formatLine).toBe('HEIC/HEIF → JPEG');
    expect(heic.extension).toBe('.jpg');
    expect(heic.notes).toEqual(['Converted to JPEG (named .jpg): HEIC/HEIF has no lossless metadata removal here and cannot be written, so the pixels were re-encoded as a new lossy JPEG encode at quality 75 (100 KB → 120 KB, 20.0% larger).']);
  });

  it('AVIF says it is a new lossy encode, and a location-only request that could not be honoured says so', () => {
    const avif = describeStrip({ ...strip, method: 're-encoded', format: 'avif', extension: 'avif', inputFormat: 'avif', quality: 50, bytes: 60_000, requestedMode: 'location' });
    expect(avif.notes).toEqual([
      'Removing only the location is not possible for AVIF here, so all metadata was removed.',
      'Re-encoded as a new lossy AVIF encode at quality 50 to remove the metadata: AVIF has no lossless removal here, so some quality may be lost (100 KB → 60.0 KB, 40.0% smaller).',
    ]);
  });
});
