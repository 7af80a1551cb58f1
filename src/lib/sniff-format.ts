/**
 * A quick look at the first bytes, only to pick codec options on the main
 * thread before the engine (which sniffs again) sees the file. Never used
 * to accept or refuse a file. The signatures are sniff.ts's own.
 */
import type { InputFormat } from '../engine/types.ts';
import { sniff } from './sniff.ts';

export function guessFormat(head: Uint8Array): InputFormat | undefined {
  const found = sniff(head);
  return found.kind === 'image' ? found.format : undefined;
}
