/**
 * Checks on what the tools let people download: which image format a
 * result really is (by its signature, never its name) and how many entries
 * a "Download all" ZIP holds. Pure.
 */

/** The image format a result's bytes start with, from its signature (never from the name). */
export function imageKind(bytes: Buffer): string | null {
  if (bytes[0] === 0xff && bytes[1] === 0xd8) return 'JPEG';
  if (bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'PNG';
  if (bytes.subarray(0, 4).toString('latin1') === 'RIFF' && bytes.subarray(8, 12).toString('latin1') === 'WEBP') return 'WebP';
  if (bytes.subarray(4, 8).toString('latin1') === 'ftyp' && /^avi[fs]$/.test(bytes.subarray(8, 12).toString('latin1'))) return 'AVIF';
  if ((bytes[0] === 0xff && bytes[1] === 0x0a) || bytes.subarray(4, 8).toString('latin1') === 'JXL ') return 'JPEG XL';
  return null;
}

/** Entries in a ZIP, from its end-of-central-directory record (ZIP64 when the classic count is saturated). */
export function zipEntryCount(zip: Buffer): number {
  const at = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (at < 0) throw new Error('the ZIP has no end-of-central-directory record');
  const classic = zip.readUInt16LE(at + 10);
  if (classic !== 0xffff) return classic;
  const z64 = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x06, 0x06]));
  if (z64 < 0) throw new Error('the ZIP claims ZIP64 but has no ZIP64 end record');
  return Number(zip.readBigUInt64LE(z64 + 32));
}
