/**
 * Small test images made at test time with sharp (and by hand for the formats
 * sharp does not write). The "upright" picture is 24 × 32: top-left quarter
 * green, top-right red, bottom half blue, so a wrong rotation or mirror shows.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { constants as zlibConstants, deflateSync } from 'node:zlib';
import sharp from 'sharp';

export const UPRIGHT = { width: 24, height: 32 } as const;
const GREEN = [0, 200, 0];
const RED = [230, 0, 0];
const BLUE = [0, 0, 230];

/** Raw RGB pixels of the upright picture. */
export function uprightRgb(): Buffer {
  const { width, height } = UPRIGHT;
  const data = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y += 1) {
    for (let x = 0; x < width; x += 1) {
      const colour = y >= height / 2 ? BLUE : x < width / 2 ? GREEN : RED;
      data.set(colour, (y * width + x) * 3);
    }
  }
  return data;
}

export const uprightImage = () => sharp(uprightRgb(), { raw: { width: UPRIGHT.width, height: UPRIGHT.height, channels: 3 } });

/** The stored pixels of an orientation-6 photo: the upright picture turned 90° anticlockwise (32 × 24). */
export async function storedForOrientation6(): Promise<sharp.Sharp> {
  const { data, info } = await uprightImage().rotate(270).raw().toBuffer({ resolveWithObject: true });
  return sharp(data, { raw: { width: info.width, height: info.height, channels: 3 } });
}

export const CAMERA = { Make: 'Imglio Test Cameras', Model: 'Orientation Six', BodySerialNumber: 'SN-424242' };
export const GPS = { latitude: 48.8584, longitude: 2.2945 };

const dms = (value: number): string => {
  const degrees = Math.floor(value);
  const minutes = Math.floor((value - degrees) * 60);
  const seconds = Math.round(((value - degrees) * 60 - minutes) * 60 * 100);
  return `${degrees}/1 ${minutes}/1 ${seconds}/100`;
};

const exifTags = {
  IFD0: { Make: CAMERA.Make, Model: CAMERA.Model, Software: 'Imglio fixture' },
  IFD2: { BodySerialNumber: CAMERA.BodySerialNumber, DateTimeOriginal: '2024:05:06 07:08:09' },
  IFD3: { GPSLatitudeRef: 'N', GPSLatitude: dms(GPS.latitude), GPSLongitudeRef: 'E', GPSLongitude: dms(GPS.longitude) },
};

/**
 * An orientation-6 photo with camera, serial number, GPS and a Display P3 profile, in JPEG, PNG, WebP or
 * TIFF (libvips writes only the orientation and the profile into TIFF, not the EXIF tags).
 */
export async function orientedPhoto(format: 'jpeg' | 'png' | 'webp' | 'tiff'): Promise<Buffer> {
  const stored = (await storedForOrientation6()).withMetadata({ orientation: 6 }).withExifMerge(exifTags).withIccProfile('p3');
  if (format === 'jpeg') return stored.jpeg({ quality: 95 }).toBuffer();
  if (format === 'png') return stored.png().toBuffer();
  if (format === 'webp') return stored.webp({ lossless: true }).toBuffer();
  return stored.tiff({ compression: 'lzw' }).toBuffer();
}

/** A PNG of 100-odd bytes whose header declares 50000 × 50000 pixels (2.5 gigapixels). */
export async function pngBomb(): Promise<Buffer> {
  const png = await sharp({ create: { width: 1, height: 1, channels: 3, background: '#000' } }).png().toBuffer();
  const bomb = Buffer.from(png);
  bomb.writeUInt32BE(50000, 16);
  bomb.writeUInt32BE(50000, 20);
  // Fix the IHDR CRC so the file is well-formed apart from its impossible data.
  bomb.writeUInt32BE(crc32(bomb.subarray(12, 29)), 29);
  return bomb;
}

function crc32(bytes: Uint8Array): number {
  let crc = 0xffffffff;
  for (const byte of bytes) {
    crc ^= byte;
    for (let k = 0; k < 8; k += 1) crc = crc & 1 ? 0xedb88320 ^ (crc >>> 1) : crc >>> 1;
  }
  return (crc ^ 0xffffffff) >>> 0;
}

function pngChunk(type: string, data: Uint8Array): Buffer {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, 'latin1');
  out.set(data, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
}

/**
 * A small valid PNG with a compressed metadata chunk right after IHDR whose content inflates to
 * `inflatedBytes` of zeros: `iCCP` (an ICC profile "bomb": 1 GiB compresses to about 1 MB), `zTXt` or `iTXt`.
 * Made at test time (run-length deflate of zeros takes under a second), never committed.
 */
export async function compressedChunkBombPng(chunk: 'iCCP' | 'zTXt' | 'iTXt' = 'iCCP', inflatedBytes = 1 << 30, declaredProfileBytes = inflatedBytes): Promise<Buffer> {
  const png = await sharp({ create: { width: 16, height: 16, channels: 3, background: '#3070b0' } }).png().toBuffer();
  const content = Buffer.alloc(inflatedBytes);
  // An ICC header that claims `declaredProfileBytes` (a profile starts with its length, and has "acsp" at 36); 0: all zeros.
  if (chunk === 'iCCP' && declaredProfileBytes > 0) {
    content.writeUInt32BE(Math.min(declaredProfileBytes, 0xffffffff), 0);
    content.write('acsp', 36, 'latin1');
  }
  const compressed = deflateSync(content, { level: 9, strategy: zlibConstants.Z_RLE });
  const header = chunk === 'iTXt' ? Buffer.from('Comment\0\x01\0\0\0', 'latin1') : Buffer.from(chunk === 'iCCP' ? 'ICC profile\0\0' : 'Comment\0\0', 'latin1');
  const ihdrEnd = 8 + 25;
  return Buffer.concat([png.subarray(0, ihdrEnd), pngChunk(chunk, Buffer.concat([header, compressed])), png.subarray(ihdrEnd)]);
}

/** A 24-bit BMP written by hand (sharp does not write BMP). */
export function bmp(rgb: Buffer, width: number, height: number): Buffer {
  const rowSize = Math.ceil((width * 3) / 4) * 4;
  const file = Buffer.alloc(54 + rowSize * height);
  file.write('BM', 0, 'latin1');
  file.writeUInt32LE(file.length, 2);
  file.writeUInt32LE(54, 10);
  file.writeUInt32LE(40, 14);
  file.writeInt32LE(width, 18);
  file.writeInt32LE(height, 22); // positive: bottom-up rows
  file.writeUInt16LE(1, 26);
  file.writeUInt16LE(24, 28);
  file.writeUInt32LE(rowSize * height, 34);
  for (let y = 0; y < height; y += 1) {
    const row = 54 + (height - 1 - y) * rowSize;
    for (let x = 0; x < width; x += 1) {
      const s = (y * width + x) * 3;
      file[row + x * 3] = rgb[s + 2] ?? 0;
      file[row + x * 3 + 1] = rgb[s + 1] ?? 0;
      file[row + x * 3 + 2] = rgb[s] ?? 0;
    }
  }
  return file;
}

/** An ICO holding one PNG image. */
export function icoWithPng(png: Buffer, width: number, height: number): Buffer {
  const header = Buffer.alloc(22);
  header.writeUInt16LE(0, 0);
  header.writeUInt16LE(1, 2);
  header.writeUInt16LE(1, 4);
  header[6] = width >= 256 ? 0 : width;
  header[7] = height >= 256 ? 0 : height;
  header.writeUInt16LE(1, 10);
  header.writeUInt16LE(32, 12);
  header.writeUInt32LE(png.length, 14);
  header.writeUInt32LE(22, 18);
  return Buffer.concat([header, png]);
}

/** QOI written by hand with only QOI_OP_RGBA chunks: valid, if not small. */
export function qoi(rgb: Buffer, width: number, height: number): Buffer {
  const header = Buffer.alloc(14);
  header.write('qoif', 0, 'latin1');
  header.writeUInt32BE(width, 4);
  header.writeUInt32BE(height, 8);
  header[12] = 4;
  header[13] = 0;
  const body = Buffer.alloc(width * height * 5);
  for (let i = 0; i < width * height; i += 1) body.set([0xff, rgb[i * 3] ?? 0, rgb[i * 3 + 1] ?? 0, rgb[i * 3 + 2] ?? 0, 255], i * 5);
  return Buffer.concat([header, body, Buffer.from([0, 0, 0, 0, 0, 0, 0, 1])]);
}

/** The upright picture as SVG (24 × 32). */
export const uprightSvg = (): Buffer =>
  Buffer.from(
    '<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="24" height="32" viewBox="0 0 24 32">' +
      '<rect x="0" y="0" width="12" height="16" fill="rgb(0,200,0)"/><rect x="12" y="0" width="12" height="16" fill="rgb(230,0,0)"/>' +
      '<rect x="0" y="16" width="24" height="16" fill="rgb(0,0,230)"/></svg>',
  );

/** Shipped fixtures (see tests/fixtures/decode/README.md for how they were made). */
export const shippedFixture = (name: string): Buffer => readFileSync(join(import.meta.dirname, '..', 'fixtures', 'decode', name));
