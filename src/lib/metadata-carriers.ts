/**
 * The output formats metadata can be written into, for the page to say when "Keep metadata" cannot
 * apply. A copy of METADATA_OUTPUT_FORMATS (src/lib/metadata-strip.ts) that pulls none of the metadata
 * writers into a page's start-up code; the unit test beside it keeps the two equal.
 */
import type { ImageFormat } from '../core/formats.ts';

export const METADATA_CARRIERS: readonly ImageFormat[] = ['jpeg', 'png', 'webp', 'avif'];
