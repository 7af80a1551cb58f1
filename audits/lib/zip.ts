/**
 * Parses a "Download all" ZIP completely: every byte must belong to a local
 * header, an entry's data, its data descriptor, the central directory or the
 * end records. Describes the entries, their extra fields and the archive
 * comment; `zipProblems` holds them to what client-zip writes. Pure.
 *
 * What client-zip 2.5 writes, and so all the audit allows: stored entries
 * (method 0), flag bits 3 (sizes in a data descriptor) and 11 (UTF-8 names),
 * no extra field in local headers, in the central directory only the ZIP64
 * extra field (0x0001) for an entry beyond 4 GB, ZIP64 end records only when
 * needed, and no comments.
 */
import { crc32 } from './image-structure.ts';

export interface ZipEntry {
  readonly name: string;
  readonly data: Buffer;
  readonly method: number;
  readonly flags: number;
  /** Extra-field header ids, local header then central directory. */
  readonly localExtra: number[];
  readonly centralExtra: number[];
  readonly comment: string;
  readonly crcMatches: boolean;
}

export interface ZipArchive {
  readonly entries: ZipEntry[];
  readonly comment: Buffer;
  /** Structural problems: bytes outside any record, records that do not agree. */
  readonly problems: string[];
}

const SIG_LOCAL = 0x04034b50;
const SIG_CENTRAL = 0x02014b50;
const SIG_DESCRIPTOR = 0x08074b50;
const SIG_EOCD = 0x06054b50;
const SIG_ZIP64_EOCD = 0x06064b50;
const SIG_ZIP64_LOCATOR = 0x07064b50;

function extraIds(bytes: Buffer, start: number, length: number): { ids: number[]; zip64?: Buffer } {
  const ids: number[] = [];
  let zip64: Buffer | undefined;
  let at = start;
  while (at + 4 <= start + length) {
    const id = bytes.readUInt16LE(at);
    const size = bytes.readUInt16LE(at + 2);
    ids.push(id);
    if (id === 0x0001) zip64 = bytes.subarray(at + 4, at + 4 + size);
    at += 4 + size;
  }
  return { ids, ...(zip64 ? { zip64 } : {}) };
}

export function parseZip(bytes: Buffer): ZipArchive {
  try {
    return parseRecords(bytes);
  } catch (error) {
    return { entries: [], comment: Buffer.alloc(0), problems: [`the ZIP could not be parsed: ${error instanceof Error ? error.message : String(error)}`] };
  }
}

function parseRecords(bytes: Buffer): ZipArchive {
  const problems: string[] = [];
  if (bytes.length < 22) return { entries: [], comment: Buffer.alloc(0), problems: ['too short to be a ZIP'] };
  // The end record: the last 22 bytes when there is no comment; otherwise found by its signature.
  let eocd = bytes.length - 22;
  while (eocd >= 0 && bytes.readUInt32LE(eocd) !== SIG_EOCD) eocd -= 1;
  if (eocd < 0) return { entries: [], comment: Buffer.alloc(0), problems: ['no end-of-central-directory record'] };
  const commentLength = bytes.readUInt16LE(eocd + 20);
  const comment = bytes.subarray(eocd + 22, eocd + 22 + commentLength);
  if (eocd + 22 + commentLength !== bytes.length) problems.push(`${bytes.length - (eocd + 22 + commentLength)} byte(s) after the end record and its comment`);
  let count = bytes.readUInt16LE(eocd + 10);
  let cdSize = bytes.readUInt32LE(eocd + 12);
  let cdOffset = bytes.readUInt32LE(eocd + 16);
  let endOfCentral = eocd;
  if (eocd >= 20 && bytes.readUInt32LE(eocd - 20) === SIG_ZIP64_LOCATOR) {
    const z64 = Number(bytes.readBigUInt64LE(eocd - 20 + 8));
    if (bytes.readUInt32LE(z64) !== SIG_ZIP64_EOCD) problems.push('the ZIP64 locator points at no ZIP64 end record');
    else {
      count = Number(bytes.readBigUInt64LE(z64 + 32));
      cdSize = Number(bytes.readBigUInt64LE(z64 + 40));
      cdOffset = Number(bytes.readBigUInt64LE(z64 + 48));
      const recordSize = Number(bytes.readBigUInt64LE(z64 + 4)) + 12;
      if (z64 + recordSize !== eocd - 20) problems.push(`${eocd - 20 - (z64 + recordSize)} byte(s) between the ZIP64 end record and its locator`);
      endOfCentral = z64;
    }
  }
  if (cdOffset + cdSize !== endOfCentral) problems.push(`${endOfCentral - (cdOffset + cdSize)} byte(s) between the central directory and the end records`);

  const entries: ZipEntry[] = [];
  let cursor = 0; // next byte the local records must account for
  let at = cdOffset;
  for (let i = 0; i < count; i += 1) {
    if (at + 46 > bytes.length || bytes.readUInt32LE(at) !== SIG_CENTRAL) {
      problems.push(`central directory entry ${i + 1} of ${count} is missing`);
      break;
    }
    const flags = bytes.readUInt16LE(at + 8);
    const method = bytes.readUInt16LE(at + 10);
    const crc = bytes.readUInt32LE(at + 16);
    let compressed = bytes.readUInt32LE(at + 20);
    const nameLength = bytes.readUInt16LE(at + 28);
    const extraLength = bytes.readUInt16LE(at + 30);
    const entryCommentLength = bytes.readUInt16LE(at + 32);
    let localOffset = bytes.readUInt32LE(at + 42);
    const name = bytes.subarray(at + 46, at + 46 + nameLength).toString(flags & 0x800 ? 'utf8' : 'latin1');
    const central = extraIds(bytes, at + 46 + nameLength, extraLength);
    if (central.zip64) {
      // Order: uncompressed, compressed, offset, each present only when its 32-bit field is saturated.
      let z = 0;
      const next = () => Number(central.zip64?.readBigUInt64LE((z += 8) - 8) ?? 0n);
      if (bytes.readUInt32LE(at + 24) === 0xffffffff) next();
      if (compressed === 0xffffffff) compressed = next();
      if (localOffset === 0xffffffff) localOffset = next();
    }
    const entryComment = bytes.subarray(at + 46 + nameLength + extraLength, at + 46 + nameLength + extraLength + entryCommentLength).toString('latin1');
    at += 46 + nameLength + extraLength + entryCommentLength;

    if (localOffset !== cursor) problems.push(`${name}: ${localOffset - cursor} byte(s) before its local header that belong to no entry`);
    if (bytes.readUInt32LE(localOffset) !== SIG_LOCAL) {
      problems.push(`${name}: no local header at byte ${localOffset}`);
      break;
    }
    const localNameLength = bytes.readUInt16LE(localOffset + 26);
    const localExtraLength = bytes.readUInt16LE(localOffset + 28);
    const localName = bytes.subarray(localOffset + 30, localOffset + 30 + localNameLength).toString(flags & 0x800 ? 'utf8' : 'latin1');
    if (localName !== name) problems.push(`the local header names "${localName}", the central directory "${name}"`);
    const local = extraIds(bytes, localOffset + 30 + localNameLength, localExtraLength);
    const dataStart = localOffset + 30 + localNameLength + localExtraLength;
    const data = bytes.subarray(dataStart, dataStart + compressed);
    cursor = dataStart + compressed;
    if (flags & 0x8) {
      const withSignature = bytes.readUInt32LE(cursor) === SIG_DESCRIPTOR ? 4 : 0;
      cursor += withSignature + 4 + (central.zip64 ? 16 : 8);
    }
    entries.push({ name, data, method, flags, localExtra: local.ids, centralExtra: central.ids, comment: entryComment, crcMatches: method === 0 && crc32(data) === crc });
  }
  if (cursor !== cdOffset) problems.push(`${cdOffset - cursor} byte(s) between the last entry and the central directory that belong to no entry`);
  if (at !== cdOffset + cdSize) problems.push(`the central directory holds ${cdOffset + cdSize - at} byte(s) beyond its ${count} entries`);
  return { entries, comment, problems };
}

/** Everything about a ZIP that client-zip would not have written, given the result names it must hold. */
export function zipProblems(zip: ZipArchive, expectedNames: readonly string[]): string[] {
  const problems = [...zip.problems];
  if (zip.comment.length) problems.push(`an archive comment of ${zip.comment.length} byte(s): ${JSON.stringify(zip.comment.toString('latin1').slice(0, 80))}`);
  for (const entry of zip.entries) {
    if (entry.method !== 0) problems.push(`${entry.name}: compression method ${entry.method} (client-zip only stores)`);
    else if (!entry.crcMatches) problems.push(`${entry.name}: its CRC-32 does not match its data`);
    if (entry.flags & ~0x0808) problems.push(`${entry.name}: flag bits 0x${(entry.flags & ~0x0808).toString(16)} set`);
    if (entry.localExtra.length) problems.push(`${entry.name}: extra field(s) ${entry.localExtra.map((id) => `0x${id.toString(16).padStart(4, '0')}`).join(', ')} in the local header`);
    const foreign = entry.centralExtra.filter((id) => id !== 0x0001);
    if (foreign.length) problems.push(`${entry.name}: extra field(s) ${foreign.map((id) => `0x${id.toString(16).padStart(4, '0')}`).join(', ')} in the central directory (only ZIP64, 0x0001, is documented)`);
    if (entry.comment) problems.push(`${entry.name}: an entry comment ${JSON.stringify(entry.comment.slice(0, 80))}`);
  }
  const names = zip.entries.map((e) => e.name).sort();
  const expected = [...expectedNames].sort();
  const extra = names.filter((n, i) => names.indexOf(n) !== i || !expected.includes(n));
  const missing = expected.filter((n) => !names.includes(n));
  if (zip.entries.length !== expected.length || extra.length || missing.length) {
    problems.push(`${zip.entries.length} entries for ${expected.length} result(s)${extra.length ? `; not a result: ${extra.join(', ')}` : ''}${missing.length ? `; missing: ${missing.join(', ')}` : ''}`);
  }
  return problems;
}
