import { downloadZip } from 'client-zip';
import { describe, expect, it } from 'vitest';
import { crc32 } from './image-structure.ts';
import { parseZip, zipProblems } from './zip.ts';

// The site's own ZIP writer, so the allow-list is held to what it really writes.
async function siteZip(files: Record<string, string>): Promise<Buffer> {
  const input = Object.entries(files).map(([name, text]) => ({ name, input: new Blob([text]), lastModified: new Date(0) }));
  return Buffer.from(await downloadZip(input).arrayBuffer());
}

describe('parseZip and zipProblems', () => {
  it('accounts for every byte of what client-zip writes', async () => {
    const zip = await siteZip({ 'a.webp': 'first', 'b.webp': 'second' });
    const parsed = parseZip(zip);
    expect(parsed.problems).toEqual([]);
    expect(parsed.entries.map((e) => [e.name, e.data.toString(), e.crcMatches, e.localExtra, e.centralExtra])).toEqual([['a.webp', 'first', true, [], []], ['b.webp', 'second', true, [], []]]);
    expect(zipProblems(parsed, ['b.webp', 'a.webp'])).toEqual([]);
    expect(zipProblems(parsed, ['a.webp'])).toEqual(['2 entries for 1 result(s); not a result: b.webp']);
  });

  it('finds an archive comment', async () => {
    const zip = await siteZip({ 'a.webp': 'first' });
    const commented = Buffer.concat([zip, Buffer.from('hidden')]);
    commented.writeUInt16LE(6, zip.length - 2);
    expect(zipProblems(parseZip(commented), ['a.webp'])).toEqual(['an archive comment of 6 byte(s): "hidden"']);
  });

  it('finds bytes between entries and after the end record', async () => {
    const zip = await siteZip({ 'a.webp': 'first' });
    const cd = zip.readUInt32LE(zip.length - 6);
    const padded = Buffer.concat([zip.subarray(0, cd), Buffer.from('smuggled'), zip.subarray(cd)]);
    padded.writeUInt32LE(cd + 8, padded.length - 6);
    expect(zipProblems(parseZip(padded), ['a.webp'])).toEqual(['8 byte(s) between the last entry and the central directory that belong to no entry']);
    expect(zipProblems(parseZip(Buffer.concat([zip, Buffer.from('x')])), ['a.webp'])[0]).toMatch(/^1 byte\(s\) after the end record/);
  });

  it('finds an extra field', async () => {
    const zip = await siteZip({ 'a.webp': 'first' });
    const cd = zip.readUInt32LE(zip.length - 6);
    const nameLength = zip.readUInt16LE(cd + 28);
    const field = Buffer.from([0x75, 0x78, 4, 0, 1, 2, 3, 4]); // "ux" (Info-ZIP Unix ids) with 4 bytes
    const entryEnd = cd + 46 + nameLength;
    const out = Buffer.concat([zip.subarray(0, entryEnd), field, zip.subarray(entryEnd)]);
    out.writeUInt16LE(field.length, cd + 30);
    out.writeUInt32LE(out.readUInt32LE(out.length - 10) + field.length, out.length - 10);
    expect(zipProblems(parseZip(out), ['a.webp'])).toEqual(['a.webp: extra field(s) 0x7875 in the central directory (only ZIP64, 0x0001, is documented)']);
  });

  it('checks each entry against its CRC', async () => {
    const zip = await siteZip({ 'a.webp': 'first' });
    const changed = Buffer.from(zip);
    changed[30 + 'a.webp'.length] = 'F'.charCodeAt(0);
    expect(zipProblems(parseZip(changed), ['a.webp'])).toEqual(['a.webp: its CRC-32 does not match its data']);
    expect(crc32(Buffer.from('123456789'))).toBe(0xcbf43926);
  });
});
