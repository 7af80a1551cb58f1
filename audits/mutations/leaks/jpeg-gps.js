// Leaky variant: "strip" keeps a GPS block: every JPEG result gets an APP1
// Exif segment whose IFD0 points at a GPS IFD (version and latitude 52° N).
window.__leakRewriteImage((bytes, type) => {
  if (type !== 'image/jpeg' || bytes[0] !== 0xff || bytes[1] !== 0xd8) return bytes;
  const tiff = new Uint8Array(8 + 2 + 12 + 4 + 2 + 3 * 12 + 4 + 24);
  const view = new DataView(tiff.buffer);
  tiff.set([0x49, 0x49, 0x2a, 0x00]);
  view.setUint32(4, 8, true);
  view.setUint16(8, 1, true); // IFD0: one entry, GPSInfo
  view.setUint16(10, 0x8825, true);
  view.setUint16(12, 4, true);
  view.setUint32(14, 1, true);
  view.setUint32(18, 26, true);
  view.setUint32(22, 0, true);
  const gps = 26;
  view.setUint16(gps, 3, true);
  const entry = (i, tag, type, count, value) => {
    const at = gps + 2 + i * 12;
    view.setUint16(at, tag, true);
    view.setUint16(at + 2, type, true);
    view.setUint32(at + 4, count, true);
    view.setUint32(at + 8, value, true);
  };
  entry(0, 0x0000, 1, 4, 0x00000202); // GPSVersionID 2.2.0.0
  entry(1, 0x0001, 2, 2, 0x0000004e); // GPSLatitudeRef "N"
  const rationals = gps + 2 + 3 * 12 + 4;
  entry(2, 0x0002, 5, 3, rationals); // GPSLatitude 52/1 31/1 0/1
  [52, 1, 31, 1, 0, 1].forEach((v, i) => view.setUint32(rationals + i * 4, v, true));
  const header = new Uint8Array([0xff, 0xe1, 0, 0, 0x45, 0x78, 0x69, 0x66, 0, 0]);
  new DataView(header.buffer).setUint16(2, 2 + 6 + tiff.length);
  return window.__leakConcat(bytes.subarray(0, 2), header, tiff, bytes.subarray(2));
});
