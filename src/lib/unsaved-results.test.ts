import { describe, expect, it } from 'vitest';
import { lostResultsMessage, parseUnsaved, serializeUnsaved, unsavedResultsKey } from './unsaved-results.ts';

describe('unsaved results record', () => {
  it('holds only a count under the tool\'s key', () => {
    expect(unsavedResultsKey('compress')).toBe('imglio-unsaved-compress');
    expect(serializeUnsaved(3)).toBe('{"count":3}');
    expect(parseUnsaved(serializeUnsaved(3) ?? null)).toBe(3);
  });

  it('writes nothing for no results', () => {
    expect(serializeUnsaved(0)).toBeUndefined();
    expect(serializeUnsaved(-1)).toBeUndefined();
    expect(serializeUnsaved(1.5)).toBeUndefined();
  });

  it('reads garbage and foreign values as nothing', () => {
    for (const text of [null, '', 'x', '[]', '{"count":"3"}', '{"count":-2}', '{"count":1e9}', 'null', '3']) expect(parseUnsaved(text)).toBe(0);
  });

  it('says what was lost and why', () => {
    expect(lostResultsMessage(1)).toBe('1 result from your last visit was not downloaded and is gone: images are only kept in memory.');
    expect(lostResultsMessage(4)).toMatch(/^4 results from your last visit were not downloaded and are gone/);
  });
});
