/**
 * The predicate that decides whether a failure's message is generic (library text, a stack fragment, a bare
 * "failed") rather than a sentence a person can act on: the engine's own (src/lib/image-errors.ts), so the fuzz
 * run and the classifier's unit test judge by the same rule.
 */
export { isGenericMessage } from '../../src/lib/image-errors.ts';
