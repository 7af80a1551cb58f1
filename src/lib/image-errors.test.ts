import { describe, expect, it } from 'vitest';
import { ImageError } from '../core/types.ts';
import { assertWithinPixelLimit, classifyError, codeUnavailableError, corruptError, emptyFileError, formatDuration, isGenericMessage, looksLikeCodeLoadFailure, looksLikeOutOfMemory, notAnImageError, outOfMemoryError, timeoutError, tooLargeError, unsupportedFormatError, type ErrorStage } from './image-errors.ts';

describe('image errors', () => {
  it('builds typed errors with specific messages', () => {
    expect(emptyFileError()).toMatchObject({ code: 'empty', message: expect.stringContaining('0 bytes') });
    expect(notAnImageError('a PDF document')).toMatchObject({ code: 'not-an-image', message: expect.stringMatching(/looks like a PDF document.*Supported formats: JPEG, PNG/) });
    expect(unsupportedFormatError('a Photoshop document (PSD)').message).toMatch(/^This file is a Photoshop document \(PSD\), which Imglio cannot read\. Supported formats: .*JPEG XL, QOI, TIFF, HEIC\/HEIF\.$/);
    expect(unsupportedFormatError('JPEG 2000').message).toMatch(/^Imglio cannot read JPEG 2000 images\. Supported formats: /);
    expect(corruptError('png', 'the IDAT chunk is cut short')).toMatchObject({ code: 'corrupt', message: 'This PNG file is damaged or incomplete: the IDAT chunk is cut short.' });
    expect(tooLargeError(50000, 50000, 100_000_000).message).toMatch(/50000 × 50000 pixels \(2,500 megapixels\), above the limit of 100 megapixels/);
    expect(outOfMemoryError('avif', 8000, 6000).message).toMatch(/AVIF image \(8000 × 6000 pixels\).*resizing/);
    expect(emptyFileError()).toBeInstanceOf(ImageError);
  });

  it('refuses only what is above the limit', () => {
    expect(() => assertWithinPixelLimit(10000, 10000, 100_000_000)).not.toThrow();
    expect(() => assertWithinPixelLimit(10001, 10000, 100_000_000)).toThrow(expect.objectContaining({ code: 'too-large' }));
    expect(() => assertWithinPixelLimit(50000, 50000, undefined)).not.toThrow();
  });

  it('recognises allocation failures', () => {
    expect(looksLikeOutOfMemory(new RangeError('Array buffer allocation failed'))).toBe(true);
    expect(looksLikeOutOfMemory(new Error('Cannot enlarge memory arrays'))).toBe(true);
    expect(looksLikeOutOfMemory(new Error('Invalid JPEG data'))).toBe(false);
    expect(looksLikeOutOfMemory(new WebAssembly.RuntimeError('memory access out of bounds'))).toBe(false);
    expect(looksLikeOutOfMemory(new WebAssembly.RuntimeError('memory access out of bounds'), 'encode')).toBe(true);
    expect(looksLikeOutOfMemory(new RangeError('offset is outside the bounds'), 'encode')).toBe(true);
    expect(looksLikeOutOfMemory(new Error('abort(OOM)'))).toBe(true);
  });
});

describe('codec code that cannot be loaded', () => {
  it('recognises failed dynamic imports in the wording of each engine', () => {
    expect(looksLikeCodeLoadFailure(new TypeError('Failed to fetch dynamically imported module: http://x/_astro/a.js'))).toBe(true);
    expect(looksLikeCodeLoadFailure(new TypeError('error loading dynamically imported module: http://x/a.js'))).toBe(true);
    expect(looksLikeCodeLoadFailure(new TypeError('Importing a module script failed.'))).toBe(true);
    expect(looksLikeCodeLoadFailure(new Error('memory access out of bounds'))).toBe(false);
  });
  it('says the codec, the likely cause and what to do', () => {
    const error = codeUnavailableError('AVIF');
    expect(error.message).toMatch(/AVIF codec could not be loaded.*offline.*Retry failed/);
  });
});

describe('the classifier: one error vocabulary', () => {
  // Raw values seen in the fuzz run (issue 10), and the other shapes a throw can take.
  const raw: readonly [string, unknown][] = [
    ['undefined property', new TypeError("Cannot read properties of undefined (reading '0')")],
    ['array length', new RangeError('Invalid array length')],
    ['recursion', new RangeError('Maximum call stack size exceeded')],
    ['plain object', { some: 'thing' }],
    ['object text', '[object Object]'],
    ['detached bitmap', new DOMException('Non-origin-clean ImageBitmap cannot be transferred.', 'DataCloneError')],
    ['detached buffer', new DOMException("Failed to execute 'postMessage' on 'Worker': ArrayBuffer at index 0 is already detached.", 'DataCloneError')],
    ['window', new ReferenceError('window is not defined')],
    ['libwebp', 'Encoding error.'],
    ['unreachable', new WebAssembly.RuntimeError('unreachable')],
    ['text trap', 'RuntimeError: unreachable'],
    ['bounds', new WebAssembly.RuntimeError('memory access out of bounds')],
    ['abort', 'abort(Assertion failed) at Error'],
    ['undefined', undefined],
    ['null', null],
    ['number', 42],
    ['empty error', new Error('')],
    ['stack text', 'Error: boom\n    at decode (http://127.0.0.1/_astro/utif.js:12:345)'],
    ['typed but generic', new ImageError('encode-failed', 'Encoding error.')],
    ['duck-typed generic', { code: 'corrupt', message: '[object Object]' }],
  ];
  const stages: readonly ErrorStage[] = [
    { stage: 'sniff' },
    { stage: 'decode', format: 'tiff', decoder: 'UTIF', width: 800, height: 600 },
    { stage: 'edit', width: 800, height: 600 },
    { stage: 'encode', codec: 'WebP', width: 20000, height: 1 },
    { stage: 'inspect', format: 'png' },
    { stage: 'strip', format: 'webp' },
    { stage: 'transfer' },
    { stage: 'worker' },
  ];

  it.each(stages.map((where) => [where.stage, where] as const))('at %s, no library text survives and each message is a specific sentence', (_name, where) => {
    for (const [label, value] of raw) {
      const error = classifyError(value, where);
      expect(error, label).toBeInstanceOf(ImageError);
      expect(isGenericMessage(error.message), `${label} at ${where.stage}: ${error.message}`).toBe(false);
      for (const leak of ['Cannot read properties', 'Invalid array length', 'call stack', '[object', 'Non-origin-clean', 'window is not defined', 'Encoding error', 'RuntimeError', 'unreachable', 'out of bounds', 'detached', 'undefined', '_astro', 'abort(']) {
        expect(error.message, `${label} at ${where.stage}`).not.toContain(leak);
      }
      // A sentence: ends with a full stop and says what to do.
      expect(error.message).toMatch(/\.$/);
    }
  });

  it('words each stage and symptom specifically', () => {
    expect(classifyError(new RangeError('Maximum call stack size exceeded'), { stage: 'decode', format: 'tiff', decoder: 'UTIF' })).toMatchObject({ code: 'corrupt', message: expect.stringMatching(/^This TIFF file is damaged.*refers back to itself/) });
    expect(classifyError(new RangeError('Invalid array length'), { stage: 'decode', format: 'png', decoder: "the browser's decoder" }).message).toMatch(/declares sizes or counts that do not fit/);
    expect(classifyError(new Error('The source image could not be decoded.'), { stage: 'decode', format: 'png', decoder: "the browser's decoder" }).message).toBe("This PNG file is damaged or incomplete: the browser's decoder could not read its image data.");
    expect(classifyError(new ReferenceError('window is not defined'), { stage: 'decode', format: 'tiff', decoder: 'UTIF' })).toMatchObject({ code: 'unsupported', message: expect.stringMatching(/variant.*UTIF cannot read.*RGB/) });
    expect(classifyError('Encoding error.', { stage: 'encode', codec: 'WebP', width: 20000, height: 1 })).toMatchObject({ code: 'encode-failed', message: expect.stringMatching(/^WebP refused to encode this 20000 × 1 image.*Resize it/) });
    expect(classifyError(new WebAssembly.RuntimeError('memory access out of bounds'), { stage: 'encode', codec: 'AVIF', width: 8000, height: 6000 })).toMatchObject({ code: 'out-of-memory', message: expect.stringMatching(/AVIF ran out of memory on this 8000 × 6000 image/) });
    expect(classifyError(new DOMException('Non-origin-clean ImageBitmap cannot be transferred.', 'DataCloneError'), { stage: 'transfer' })).toMatchObject({ code: 'invalid-options', message: expect.stringMatching(/already handed to another job/) });
    expect(classifyError(new TypeError('Failed to fetch dynamically imported module: http://x/a.js'), { stage: 'encode', codec: 'AVIF' }).message).toMatch(/AVIF codec could not be loaded/);
    expect(classifyError(new DOMException('stop', 'AbortError'), { stage: 'worker' }).code).toBe('aborted');
  });

  it('keeps a typed error with a sentence of its own', () => {
    const own = corruptError('png', 'the IDAT chunk is cut short');
    expect(classifyError(own, { stage: 'worker' })).toBe(own);
    expect(classifyError({ code: 'too-large', message: 'The image is 50000 × 50000 pixels, above the limit.' }, { stage: 'worker' })).toMatchObject({ code: 'too-large' });
  });
});

describe('isGenericMessage', () => {
  it('flags library text, stack fragments, [object Object] and bare words', () => {
    for (const message of ['', 'failed', 'Error', 'Encoding error.', '[object Object]', "Cannot read properties of undefined (reading '0')", 'Invalid array length', 'Maximum call stack size exceeded', 'RuntimeError: unreachable', 'memory access out of bounds', 'window is not defined', 'TypeError: x is not a function', 'boom at f (http://h/_astro/a.js:1:2)', 'The quality is undefined', undefined]) {
      expect(isGenericMessage(message), String(message)).toBe(true);
    }
  });
  it("passes the engine's own sentences", () => {
    for (const error of [emptyFileError(), notAnImageError('a PDF document'), corruptError('png', 'the IDAT chunk is cut short'), tooLargeError(50000, 50000, 100_000_000), outOfMemoryError('avif', 8000, 6000), codeUnavailableError('AVIF'), timeoutError('Decoding this 1-megapixel TIFF image', 23_000, 'Open it in another program.')]) {
      expect(isGenericMessage(error.message), error.message).toBe(false);
    }
  });
  it('formats durations', () => {
    expect(formatDuration(900)).toBe('1 s');
    expect(formatDuration(23_400)).toBe('23 s');
    expect(formatDuration(125_000)).toBe('2 min 5 s');
    expect(formatDuration(420_000)).toBe('7 min');
  });
});
