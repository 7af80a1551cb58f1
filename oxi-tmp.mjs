import sharp from 'sharp';
import { readFileSync } from 'node:fs';
const nm = '/work/wt-palette/node_modules/';
const oxi = await import(nm + '@jsquash/oxipng/codec/pkg/squoosh_oxipng.js');
await oxi.default(new WebAssembly.Module(readFileSync(nm + '@jsquash/oxipng/codec/pkg/squoosh_oxipng_bg.wasm')));
const lq = await import(nm + 'libimagequant-wasm/dist/wasm/libimagequant_wasm.js');
lq.initSync({ module: new WebAssembly.Module(readFileSync(nm + 'libimagequant-wasm/dist/wasm/libimagequant_wasm_bg.wasm')) });
const cpu = (f) => { const a = process.cpuUsage(); const t = performance.now(); const r = f(); const b = process.cpuUsage(a); return [r, ((b.user + b.system) / 1000).toFixed(0), (performance.now() - t).toFixed(0)]; };
const f = process.argv[2] ?? 'graphic-flyingkonqui-2560x1600.png';
const { data, info } = await sharp('/work/shared/corpus/' + f).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
const px = new Uint8ClampedArray(data.buffer, data.byteOffset, data.byteLength);
const [idxPng, c1] = cpu(() => { const q = new lq.ImageQuantizer(); q.setSpeed(4); const r = q.quantizeImage(px, info.width, info.height); r.setDithering(1); const idx = r.getPaletteIndices(px, info.width, info.height); return lq.encode_palette_to_png(idx, r.getPalette(), info.width, info.height); });
console.log(f, 'quant+png cpu ms', c1, 'bytes', idxPng.length);
const rgbaPng = await sharp(data, { raw: info }).png({ compressionLevel: 1 }).toBuffer();
for (const level of [0, 1, 2, 3]) {
  const [o1, t1, w1] = cpu(() => oxi.optimise(idxPng, level, false, false));
  console.log('palette oxipng', level, 'cpu', t1, 'wall', w1, 'bytes', o1.length);
}
for (const level of [0, 1, 2]) {
  const [o2, t2, w2] = cpu(() => oxi.optimise(rgbaPng, level, false, false));
  console.log('rgba oxipng', level, 'cpu', t2, 'wall', w2, 'bytes', o2.length);
}
