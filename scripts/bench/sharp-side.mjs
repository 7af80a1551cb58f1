// @ts-check
/**
 * The native reference: sharp (libvips) converting the same batch in the same
 * process that drives the browser. sharp runs one libvips thread per image on
 * glibc Linux by default, so "N cores" means N images in flight on libuv's
 * thread pool, the same shape as N workers.
 */
import { performance } from 'node:perf_hooks';
import sharp from 'sharp';
import { megapixels } from './corpus.mjs';
import { startCpuClock, startPeakSampler } from './memory.mjs';

sharp.concurrency(1);
sharp.cache(false);

/**
 * @param {import('./codecs.mjs').BenchCodec} codec
 * @param {import('./corpus.mjs').CorpusFile[]} files
 * @param {number} inFlight images converted at once
 */
export async function sharpBatch(codec, files, inFlight) {
  const queue = [...files];
  let outputBytes = 0;
  /** @type {Record<string, number>} */
  const perFile = {};
  const memory = startPeakSampler('node');
  const cpu = startCpuClock('node');
  const started = performance.now();
  const lane = async () => {
    for (let file = queue.shift(); file; file = queue.shift()) {
      const size = (await codec.sharp(file.bytes)).byteLength;
      perFile[file.name] = size;
      outputBytes += size;
    }
  };
  await Promise.all(Array.from({ length: inFlight }, lane));
  const seconds = (performance.now() - started) / 1000;
  const cpuSeconds = cpu.stop();
  return { seconds, mpPerSecond: megapixels(files) / seconds, cpuSeconds, mpPerCpuSecond: megapixels(files) / cpuSeconds, outputBytes, peakRss: memory.stop(), perFile };
}

/**
 * First and second encode of the small warm-up image (the first run per
 * codec; then the fastest of three more pairs for the warm figure).
 * @param {import('./codecs.mjs').BenchCodec} codec @param {Buffer} warmUp
 */
export async function sharpStartUp(codec, warmUp) {
  const coldStart = performance.now();
  await codec.sharp(warmUp);
  const coldMs = performance.now() - coldStart;
  let warmMs = Infinity;
  for (let round = 0; round < 3; round++) {
    const warmStart = performance.now();
    await codec.sharp(warmUp);
    warmMs = Math.min(warmMs, performance.now() - warmStart);
  }
  return { coldMs, warmMs };
}
