/**
 * The limits every container walk obeys, in one place. A real file stays far
 * below each of them; a hostile one (a directory chain that loops, a million
 * chunks, a profile that inflates to gigabytes) hits one within milliseconds
 * and is refused with `corruptError(format, reason)` naming the limit.
 */

/** TIFF (and EXIF, which is TIFF-structured): directories in a file, counting the page chain and every sub-directory. */
export const MAX_TIFF_IFDS = 1024;
/** Entries in one TIFF directory. Real directories hold tens; EXIF ones a few hundred. */
export const MAX_TIFF_ENTRIES_PER_IFD = 4096;
/** Nesting of sub-directories (IFD0 → EXIF IFD → Interop IFD is depth 2). */
export const MAX_TIFF_IFD_DEPTH = 4;
/** Strips or tiles of the one page that is decoded. */
export const MAX_TIFF_STRIPS = 1_000_000;
/**
 * How far compressed TIFF data may expand. Strip output is already bounded by the
 * header's width × height (the pixel limit applies first); this just makes sure a
 * decompressor stops as soon as a strip has produced what it should.
 */
export const MAX_TIFF_BITS_PER_PIXEL = 128;
/**
 * The most a TIFF compression can expand its data (a little above each method's mathematical maximum):
 * strips that are too small for the image they declare are refused before anything is allocated for it.
 * Keys are TIFF compression codes: 5 LZW, 8 and 32946 Deflate, 32773 PackBits.
 */
export const MAX_TIFF_COMPRESSION_RATIO: Readonly<Record<number, number>> = { 5: 4096, 8: 1100, 32946: 1100, 32773: 65 };

/** ISO BMFF (HEIC, AVIF, JPEG XL container): boxes in the whole file, all levels together. */
export const MAX_ISO_BOXES = 100_000;
/** Nesting of ISO BMFF boxes (meta → iprp → ipco → colr is depth 4). */
export const MAX_ISO_DEPTH = 16;
/** Items in a HEIF 'iinf'/'iloc'/'ipma' (a 200-tile grid photo has a few hundred). */
export const MAX_HEIF_ITEMS = 65_536;
/** Extents of all items of a HEIF 'iloc' together. */
export const MAX_HEIF_EXTENTS = 262_144;

/** PNG chunks (a large PNG has a few thousand IDAT chunks; an APNG two per frame). */
export const MAX_PNG_CHUNKS = 200_000;
/**
 * What a compressed metadata chunk (PNG iCCP, zTXt, iTXt) may inflate to. The largest
 * ICC profiles (LUT-based CMYK) are a few megabytes.
 */
export const MAX_INFLATED_METADATA_BYTES = 16 * 1024 * 1024;

/** JPEG marker segments (tables, scans, APPn). A progressive JPEG has tens, an ICC profile split over APP2 at most 255. */
export const MAX_JPEG_SEGMENTS = 20_000;

/** GIF frames (image descriptors). */
export const MAX_GIF_FRAMES = 20_000;
/** GIF blocks of any kind (frames and extensions together). */
export const MAX_GIF_BLOCKS = 65_536;

/** RIFF chunks of a WebP (an animated WebP has one per frame). */
export const MAX_WEBP_CHUNKS = 100_000;
