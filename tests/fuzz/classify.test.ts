import { describe, expect, it } from 'vitest';
import { isGenericMessage } from './generic.ts';
import { classify } from './classify.ts';

const hostile = { expect: 'hostile', output: 'png' } as const;
const valid = { expect: 'valid', output: 'png', size: { width: 4, height: 4 } } as const;
const png = { ok: true, format: 'png', width: 4, height: 4, bytes: 100, head: '89504e470d0a1a0a' };

describe('fuzz outcomes', () => {
  it('tells crashes, hangs, conversions and wrong outputs apart', () => {
    expect(classify(hostile, { ok: false, crash: true }, isGenericMessage).outcome).toBe('tab-crash');
    expect(classify(hostile, { ok: false, hang: true }, isGenericMessage).outcome).toBe('hang');
    expect(classify(valid, png, isGenericMessage).outcome).toBe('converted');
    expect(classify(valid, { ...png, width: 5 }, isGenericMessage)).toEqual({ outcome: 'wrong-output', detail: 'expected 4 × 4, got 5 × 4' });
    expect(classify(valid, { ...png, head: 'ffd8ff' }, isGenericMessage).outcome).toBe('wrong-output');
    expect(classify({ ...valid, output: 'webp' }, png, isGenericMessage).outcome).toBe('wrong-output');
  });

  it('a valid file that fails is a good file rejected, whatever its message', () => {
    expect(classify(valid, { ok: false, code: 'corrupt', message: 'This TIFF file is damaged or incomplete: its directory chain loops back on itself.' }, isGenericMessage).outcome).toBe('good-file-rejected');
  });

  it('a hostile file fails specifically only with a known code and a sentence a person can act on', () => {
    expect(classify(hostile, { ok: false, code: 'corrupt', message: 'This TIFF file is damaged or incomplete: its directory chain loops back on itself (directory 2 of the page chain at byte 3080 was already read).' }, isGenericMessage).outcome).toBe('failed-specific');
    for (const message of ["Cannot read properties of undefined (reading '0')", 'Invalid array length', 'Maximum call stack size exceeded', '[object Object]']) {
      expect(classify(hostile, { ok: false, code: 'corrupt', message }, isGenericMessage).outcome, message).toBe('failed-generic');
    }
    expect(classify(hostile, { ok: false, code: 'undefined', message: 'This file is broken in a way described at length here.' }, isGenericMessage).outcome).toBe('failed-generic');
  });
});
