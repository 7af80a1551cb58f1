/** The predicate that decides whether a failure's message is generic (library text) rather than specific. */
export { fallbackIsGenericMessage as isGenericMessage } from './classify.ts';
