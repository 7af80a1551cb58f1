/**
 * Canary images made at run time: random (incompressible, unmistakable)
 * pixels, a unique token in the file name and in EXIF and XMP, written as
 * JPEG, PNG and lossless WebP with sharp. Nothing here ever matches by
 * chance, so any appearance of these bytes outside the browser is a leak.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import type { CanarySource } from '../lib/canary-forms.ts';

export interface CanaryFile extends CanarySource {
  readonly path: string;
  readonly mimeType: string;
}

export interface CanarySet {
  readonly token: string;
  readonly files: CanaryFile[];
}

const SIZE = 48;

export async function makeCanaries(dir: string): Promise<CanarySet> {
  mkdirSync(dir, { recursive: true });
  const token = randomBytes(8).toString('hex');
  const raw = { raw: { width: SIZE, height: SIZE, channels: 3 as const } };
  const xmp = (metadataText: string) => `<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?><x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:description>${metadataText}</dc:description></rdf:Description></rdf:RDF></x:xmpmeta><?xpacket end="w"?>`;
  const exif = (metadataText: string) => ({ IFD0: { ImageDescription: metadataText, Artist: metadataText, Copyright: metadataText } });

  const variants: Array<{ ext: string; mimeType: string; lossless: boolean; encode: (pixels: Buffer, text: string) => Promise<Buffer> }> = [
    { ext: 'jpg', mimeType: 'image/jpeg', lossless: false, encode: (pixels, text) => sharp(pixels, raw).withExif(exif(text)).withXmp(xmp(text)).jpeg({ quality: 95 }).toBuffer() },
    { ext: 'png', mimeType: 'image/png', lossless: true, encode: (pixels, text) => sharp(pixels, raw).withExif(exif(text)).withXmp(xmp(text)).png().toBuffer() },
    { ext: 'webp', mimeType: 'image/webp', lossless: true, encode: (pixels, text) => sharp(pixels, raw).withExif(exif(text)).withXmp(xmp(text)).webp({ lossless: true }).toBuffer() },
  ];
  const files: CanaryFile[] = [];
  for (const variant of variants) {
    const fileName = `imglio-canary-${token}-${variant.ext}.${variant.ext}`;
    // Nothing shared between files, so every hit names the file it came from.
    const metadataText = `IMGLIO-AUDIT-CANARY-${randomBytes(8).toString('hex')}-${variant.ext.toUpperCase()}`;
    const rgbPixels = randomBytes(SIZE * SIZE * 3);
    const bytes = await variant.encode(rgbPixels, metadataText);
    const decoy = await variant.encode(randomBytes(SIZE * SIZE * 3), `IMGLIO-AUDIT-CANARY-${randomBytes(8).toString('hex')}-${variant.ext.toUpperCase()}`);
    const path = join(dir, fileName);
    writeFileSync(path, bytes);
    files.push({ fileName, path, mimeType: variant.mimeType, bytes, metadataText, decoy, ...(variant.lossless ? { rgbPixels } : {}) });
  }
  return { token, files };
}
