import { describe, expect, it } from 'vitest';
import { guessFormat } from './sniff-format.ts';

const bytes = (...parts: (string | number[])[]): Uint8Array =>
  new Uint8Array(parts.flatMap((p) => (typeof p === 'string' ? [...p].map((c) => c.charCodeAt(0)) : p)));

describe('guessFormat', () => {
  it('recognises the common signatures', () => {
    expect(guessFormat(bytes([0xff, 0xd8, 0xff, 0xe0]))).toBe('jpeg');
    expect(guessFormat(bytes([0x89], 'PNG', [0x0d, 0x0a, 0x1a, 0x0a]))).toBe('png');
    expect(guessFormat(bytes('RIFF', [1, 2, 3, 4], 'WEBPVP8 '))).toBe('webp');
    expect(guessFormat(bytes([0, 0, 0, 0x1c], 'ftypavif'))).toBe('avif');
    expect(guessFormat(bytes([0, 0, 0, 0x1c], 'ftypheic'))).toBe('heic');
    expect(guessFormat(bytes('GIF89a'))).toBe('gif');
    expect(guessFormat(bytes('qoif'))).toBe('qoi');
    expect(guessFormat(bytes('<?xml version="1.0"?><svg xmlns="x">'))).toBe('svg');
  });
  it('says nothing about other bytes', () => {
    expect(guessFormat(bytes('hello world'))).toBeUndefined();
    expect(guessFormat(new Uint8Array())).toBeUndefined();
  });
});
