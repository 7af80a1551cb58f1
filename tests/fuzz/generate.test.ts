import { createHash } from 'node:crypto';
import { createInflate } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { pngChunks, tiffIfd0 } from './bytes.ts';
import { generateCorpus, sampleCorpus, type FuzzInput } from './generate.ts';

const digest = (inputs: readonly FuzzInput[]) => createHash('sha256').update(inputs.map((i) => `${i.id}:${i.output}:${createHash('sha256').update(i.bytes).digest('hex')}`).join('\n')).digest('hex');

/** Bytes a zlib stream inflates to, counted as it streams (never held in memory). */
function inflatedSize(stream: Buffer): Promise<number> {
  return new Promise((resolve, reject) => {
    let size = 0;
    const inflate = createInflate();
    inflate.on('data', (chunk: Buffer) => (size += chunk.length));
    inflate.on('end', () => resolve(size));
    inflate.on('error', reject);
    inflate.end(stream);
  });
}

describe('the fuzz corpus', async () => {
  const corpus = await generateCorpus({ seed: 10 });
  const byId = (id: string) => corpus.find((input) => input.id === id) as FuzzInput;

  it('is the same for the same seed and different for another', async () => {
    expect(digest(await generateCorpus({ seed: 10 }))).toBe(digest(corpus));
    expect(digest(await generateCorpus({ seed: 11 }))).not.toBe(digest(corpus));
  }, 60_000);

  it('has at least 800 inputs over every accepted format and every kind, with unique ids', () => {
    expect(corpus.length).toBeGreaterThanOrEqual(800);
    expect(new Set(corpus.map((i) => i.id)).size).toBe(corpus.length);
    const formats = new Set(corpus.map((i) => i.format));
    for (const format of ['jpeg', 'png', 'webp', 'avif', 'gif', 'bmp', 'ico', 'svg', 'jxl', 'qoi', 'tiff', 'heic', 'none']) expect(formats).toContain(format);
    const validFormats = new Set(corpus.filter((i) => i.kind === 'seed').map((i) => i.format));
    expect(validFormats.size).toBe(12);
    for (const kind of ['seed', 'truncate', 'flip-header', 'flip-data', 'header-lie', 'bomb', 'loop', 'svg', 'non-image', 'polyglot', 'issue']) expect(corpus.some((i) => i.kind === kind)).toBe(true);
  });

  it('recreates the TIFF whose next-IFD pointer points at its own directory (3 KB)', () => {
    const tiff = byId('issue/tiff-ifd-self-loop').bytes;
    expect(tiff.length).toBeGreaterThan(3000);
    expect(tiff.length).toBeLessThan(3500);
    const ifd = tiffIfd0(tiff);
    expect(tiff.readUInt32LE(ifd.nextAt)).toBe(ifd.at);
  });

  it('recreates the 2 KB SVG of nested <use> that draws 10^8 shapes', () => {
    const svg = byId('issue/svg-use-bomb-1e8').bytes.toString('utf8');
    expect(svg.length).toBeLessThan(2048);
    const levels = [...svg.matchAll(/<g id="l\d+">(.*?)<\/g>/g)];
    expect(levels).toHaveLength(8);
    // Each level uses the one below ten times: 10^8 rectangles from the top.
    for (const [, body] of levels) expect(body?.match(/<use href="#l\d+"\/>/g)).toHaveLength(10);
  });

  it('recreates the 1 MB PNG whose iCCP chunk inflates to 1 GiB', async () => {
    const png = byId('issue/png-iccp-1gib').bytes;
    expect(png.length).toBeGreaterThan(1_000_000);
    expect(png.length).toBeLessThan(1_100_000);
    const iccp = pngChunks(png).find((c) => c.type === 'iCCP');
    if (!iccp) throw new Error('no iCCP chunk');
    const data = png.subarray(iccp.data, iccp.end - 4);
    const compressed = data.subarray(data.indexOf(0) + 2); // name, NUL, compression method
    expect(await inflatedSize(compressed)).toBe(2 ** 30);
  }, 60_000);

  it('has a TIFF with exactly two bytes of its LZW data changed, a 20000×1 strip for WebP and the valid files', () => {
    const spin = byId('issue/tiff-lzw-two-flips');
    expect(spin.note).toMatch(/byte \d+ \^= \d+, byte \d+ \^= \d+/);
    const strip = byId('issue/strip-20000x1-to-webp');
    expect([strip.bytes.readUInt32BE(16), strip.bytes.readUInt32BE(20), strip.output]).toEqual([20000, 1, 'webp']);
    for (const id of ['issue/tiff-cmyk', 'issue/svg-foreign-object', 'issue/svg-utf-16', 'issue/svg-long-comment', 'issue/svg-gt-in-attribute']) expect(byId(id).expect).toBe('valid');
    expect(byId('issue/svg-utf-16').bytes.subarray(0, 2)).toEqual(Buffer.from([0xff, 0xfe]));
    expect(byId('issue/svg-long-comment').bytes.indexOf('<svg')).toBeGreaterThan(4096);
  });

  it('samples deterministically, with every issue file and a valid seed of every format', () => {
    const sample = sampleCorpus(corpus, 150, 10);
    expect(sample).toHaveLength(150);
    expect(sampleCorpus(corpus, 150, 10).map((i) => i.id)).toEqual(sample.map((i) => i.id));
    expect(sample.filter((i) => i.kind === 'issue')).toHaveLength(10);
    expect(new Set(sample.filter((i) => i.kind === 'seed').map((i) => i.format)).size).toBe(12);
  });
});
