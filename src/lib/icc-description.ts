/** The human-readable name of an ICC profile ('desc' tag, v2 'desc' or v4 'mluc' encoding). */
import { ascii, u16be, u32be } from './bytes.ts';

export function iccDescription(profile: Uint8Array): string | undefined {
  if (profile.length < 132 || ascii(profile, 36, 4) !== 'acsp') return undefined;
  const count = u32be(profile, 128);
  for (let i = 0; i < count; i += 1) {
    const entry = 132 + i * 12;
    if (entry + 12 > profile.length) return undefined;
    if (ascii(profile, entry, 4) !== 'desc') continue;
    const offset = u32be(profile, entry + 4);
    const type = ascii(profile, offset, 4);
    if (type === 'desc') {
      const length = u32be(profile, offset + 8);
      return ascii(profile, offset + 12, Math.max(0, length - 1)).replace(/\0+$/, '') || undefined;
    }
    if (type === 'mluc') {
      // First record: language, country, byte length, offset (from the tag start) of UTF-16BE text.
      const length = u32be(profile, offset + 20);
      const start = offset + u32be(profile, offset + 24);
      let text = '';
      for (let at = start; at + 1 < start + length && at + 1 < profile.length; at += 2) text += String.fromCharCode(u16be(profile, at));
      return text.replace(/\0+$/, '') || undefined;
    }
  }
  return undefined;
}

/** True for profiles of RGB data: the only kind that can describe the RGB pixels every encoder here writes. */
export function isRgbProfile(profile: Uint8Array): boolean {
  return profile.length >= 132 && ascii(profile, 36, 4) === 'acsp' && ascii(profile, 16, 4) === 'RGB ';
}
