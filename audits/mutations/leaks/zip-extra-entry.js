// Leaky variant: the "Download all" ZIP gets one more (stored) entry, and an
// extra field on the first entry of its central directory.
window.__leakRewriteZip((zip) => {
  const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  const eocd = zip.length - 22;
  const count = view.getUint16(eocd + 10, true);
  const cdSize = view.getUint32(eocd + 12, true);
  const cdOffset = view.getUint32(eocd + 16, true);
  const name = new TextEncoder().encode('desktop.ini');
  const data = new TextEncoder().encode('[.ShellClassInfo]\r\n');
  const crc = window.__leakCrc32(data);
  const local = new Uint8Array(30);
  const lv = new DataView(local.buffer);
  lv.setUint32(0, 0x04034b50, true);
  lv.setUint16(4, 20, true);
  lv.setUint32(14, crc, true);
  lv.setUint32(18, data.length, true);
  lv.setUint32(22, data.length, true);
  lv.setUint16(26, name.length, true);
  const central = new Uint8Array(46);
  const cv = new DataView(central.buffer);
  cv.setUint32(0, 0x02014b50, true);
  cv.setUint16(4, 20, true);
  cv.setUint16(6, 20, true);
  cv.setUint32(16, crc, true);
  cv.setUint32(20, data.length, true);
  cv.setUint32(24, data.length, true);
  cv.setUint16(28, name.length, true);
  cv.setUint32(42, cdOffset, true);
  // The extra field ("ux", Info-ZIP Unix uid/gid) on the first central entry.
  const firstNameLength = view.getUint16(cdOffset + 28, true);
  const firstEnd = cdOffset + 46 + firstNameLength;
  const field = new Uint8Array([0x75, 0x78, 4, 0, 0xe8, 0x03, 0xe8, 0x03]);
  const cd = window.__leakConcat(zip.subarray(cdOffset, firstEnd), field, zip.subarray(firstEnd, cdOffset + cdSize));
  new DataView(cd.buffer).setUint16(30, view.getUint16(cdOffset + 30, true) + field.length, true);
  const added = 30 + name.length + data.length;
  // client-zip's central entries point at their local headers; those do not move.
  const end = new Uint8Array(zip.subarray(eocd));
  const ev = new DataView(end.buffer);
  ev.setUint16(8, count + 1, true);
  ev.setUint16(10, count + 1, true);
  ev.setUint32(12, cd.length + central.length + name.length, true);
  ev.setUint32(16, cdOffset + added, true);
  return window.__leakConcat(zip.subarray(0, cdOffset), local, name, data, cd, central, name, end);
});
