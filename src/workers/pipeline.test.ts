import { describe, expect, it } from 'vitest';
import { encoderFor, resolveOutputFormat } from '../codecs/registry.ts';
import { encoderOptions } from './pipeline.ts';

const encoder = (format: string) => {
  const found = encoderFor(format);
  if (!found) throw new Error(`no encoder for ${format}`);
  return found;
};

describe('encoderOptions (the worker turns intent into one codec\'s options)', () => {
  it('puts quality on the quality key of the codec that was resolved', () => {
    expect(encoderOptions(encoder('webp'), { format: 'webp', quality: 62 })).toMatchObject({ quality: 62, lossless: false, effort: 3 });
    expect(encoderOptions(encoder('jpeg'), { format: 'jpeg', quality: 40, codecOptions: { progressive: false } })).toMatchObject({ quality: 40, progressive: false });
  });
  it('ignores quality for a codec without one and keeps its own options', () => {
    const png = resolveOutputFormat('same', 'gif');
    expect(encoderOptions(png, { format: 'same', quality: 10, codecOptions: { optimisation: 4 } })).toMatchObject({ optimisation: 4, reducePalette: false });
  });
  it('refuses options the codec does not declare, naming the codec', () => {
    expect(() => encoderOptions(encoder('avif'), { format: 'avif', codecOptions: { effort: 3 } })).toThrow('AVIF has no option "effort"');
    expect(() => encoderOptions(encoder('webp'), { format: 'webp', quality: 150 })).toThrow(/WebP option "quality" \(Quality\) must be from 0 to 100, got 150/);
  });
});

describe('the PNG mode (palette lane)', () => {
  const png = resolveOutputFormat('same', 'png');
  it('decides reducePalette for any PNG the job writes, over codecOptions', () => {
    expect(encoderOptions(png, { format: 'same', pngMode: 'palette' })).toMatchObject({ reducePalette: true, colours: 256 });
    expect(encoderOptions(png, { format: 'png', pngMode: 'lossless', codecOptions: { reducePalette: true } })).toMatchObject({ reducePalette: false });
    expect(encoderOptions(png, { format: 'png', codecOptions: { reducePalette: true } })).toMatchObject({ reducePalette: true });
    expect(encoderOptions(png, { format: 'same' })).toMatchObject({ reducePalette: false });
  });
  it('does not touch other codecs', () => {
    expect(encoderOptions(encoder('webp'), { format: 'webp', pngMode: 'palette' })).not.toHaveProperty('reducePalette');
  });
});
