/**
 * When the JPEG background colour can matter: only where the output is JPEG (no alpha), i.e.
 * JPEG chosen, or "Same as input" for inputs that become JPEG because their own format
 * cannot be encoded (HEIC today). A JPEG input has no transparency to flatten. Pure: the
 * caller passes the codec registry's rule for "Same as input".
 */
import type { ImageFormat } from '../core/formats.ts';
import type { FormatChoice } from './tool-settings.ts';

export type BackgroundUse =
  | { readonly kind: 'always' }
  | { readonly kind: 'some'; readonly inputs: readonly ImageFormat[] }
  | { readonly kind: 'never' };

export function backgroundUse(choice: FormatChoice, accepts: readonly ImageFormat[], sameBecomes: (input: ImageFormat) => ImageFormat): BackgroundUse {
  if (choice === 'jpeg') return { kind: 'always' };
  if (choice !== 'same') return { kind: 'never' };
  const inputs = accepts.filter((format) => format !== 'jpeg' && sameBecomes(format) === 'jpeg');
  return inputs.length ? { kind: 'some', inputs } : { kind: 'never' };
}
