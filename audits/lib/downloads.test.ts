import { describe, expect, it } from 'vitest';
import sharp from 'sharp';
import { imageKind, zipEntryCount } from './downloads.ts';

/** A stored ZIP's end-of-central-directory record claiming `count` entries (the rest is not read). */
function endRecord(count: number): Buffer {
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(count, 8);
  end.writeUInt16LE(count, 10);
  return end;
}

describe('imageKind', () => {
  it('names real encoder output by its signature', async () => {
    const image = sharp({ create: { width: 4, height: 4, channels: 3, background: '#369' } });
    expect(imageKind(await image.clone().jpeg().toBuffer())).toBe('JPEG');
    expect(imageKind(await image.clone().png().toBuffer())).toBe('PNG');
    expect(imageKind(await image.clone().webp().toBuffer())).toBe('WebP');
    expect(imageKind(await image.clone().avif().toBuffer())).toBe('AVIF');
    expect(imageKind(Buffer.from([0xff, 0x0a, 0, 0]))).toBe('JPEG XL');
    expect(imageKind(Buffer.from([0, 0, 0, 0x0c, 0x4a, 0x58, 0x4c, 0x20, 0x0d, 0x0a, 0x87, 0x0a]))).toBe('JPEG XL');
  });

  it('refuses anything else, whatever it claims', () => {
    expect(imageKind(Buffer.from('<html>not an image</html>'))).toBeNull();
    expect(imageKind(Buffer.alloc(0))).toBeNull();
  });
});

describe('zipEntryCount', () => {
  it('reads the entry count from the end record, after any data', () => {
    expect(zipEntryCount(Buffer.concat([Buffer.from('PK\x03\x04 local data'), endRecord(3)]))).toBe(3);
    expect(zipEntryCount(endRecord(0))).toBe(0);
  });

  it('reads ZIP64 counts and rejects a ZIP without an end record', () => {
    const z64 = Buffer.alloc(56);
    z64.writeUInt32LE(0x06064b50, 0);
    z64.writeBigUInt64LE(70000n, 32);
    expect(zipEntryCount(Buffer.concat([z64, endRecord(0xffff)]))).toBe(70000);
    expect(() => zipEntryCount(Buffer.from('PK no end'))).toThrow(/end-of-central-directory/);
    expect(() => zipEntryCount(endRecord(0xffff))).toThrow(/ZIP64/);
  });
});
