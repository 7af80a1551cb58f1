import { expect, it } from 'vitest';
import { METADATA_CARRIERS } from './metadata-carriers.ts';
import { METADATA_OUTPUT_FORMATS } from './metadata-strip.ts';

it('names the same formats the metadata writers accept', () => {
  expect([...METADATA_CARRIERS].sort()).toEqual([...METADATA_OUTPUT_FORMATS].sort());
});
