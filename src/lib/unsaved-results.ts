/**
 * "Nothing lost": what the page keeps across a reload or crash about results
 * that were never downloaded. Only a count, under a key naming the tool, in
 * sessionStorage (this tab only, gone when it closes): never a name, a size or
 * a byte of any image (the privacy promise). Pure: the island does the storage calls.
 */

export const unsavedResultsKey = (toolSlug: string): string => `imglio-unsaved-${toolSlug}`;

/** The largest count written (a batch never holds more in practice). */
export const MAX_UNSAVED = 100_000;

export function serializeUnsaved(count: number): string | undefined {
  if (!Number.isInteger(count) || count <= 0) return undefined;
  return JSON.stringify({ count: Math.min(count, MAX_UNSAVED) });
}

/** The count stored, or 0 for nothing, garbage or a foreign value. */
export function parseUnsaved(text: string | null): number {
  if (!text) return 0;
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return 0;
    const count = (value as Record<string, unknown>)['count'];
    return typeof count === 'number' && Number.isInteger(count) && count > 0 && count <= MAX_UNSAVED ? count : 0;
  } catch {
    return 0;
  }
}

export function lostResultsMessage(count: number): string {
  return count === 1
    ? '1 result from your last visit was not downloaded and is gone: images are only kept in memory.'
    : `${count} results from your last visit were not downloaded and are gone: images are only kept in memory.`;
}
