/** Says what the last visit lost (results never downloaded, gone with the page). */
import { lostResultsMessage } from '../../lib/unsaved-results.ts';

export function LostResultsNote({ count }: { readonly count: number }) {
  return <p class="lost-results-note" role="status">{lostResultsMessage(count)}</p>;
}
