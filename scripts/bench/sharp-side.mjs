// @ts-check
/**
 * The native reference: sharp (libvips) converting the same batch in the same
 * process that drives the browser, before the browser starts. sharp runs one
 * libvips thread per image on glibc Linux by default, so "N cores" means N
 * images in flight on libuv's thread pool, the same shape as N workers.
 */
import { performance } from 'node:perf_hooks';
import sharp from 'sharp';
import { megapixels } from './corpus.mjs';
import { startPeakSampler } from './memory.mjs';

/**
 * @param {import('./codecs.mjs').BenchCodec} codec
 * @param {import('./corpus.mjs').CorpusFile[]} files
 * @param {number} inFlight images converted at once
 */
async function convertBatch(codec, files, inFlight) {
  const queue = [...files];
  let outputBytes = 0;
  const started = performance.now();
  const lane = async () => {
    for (let file = queue.shift(); file; file = queue.shift()) {
      outputBytes += (await codec.sharp(file.bytes)).byteLength;
    }
  };
  await Promise.all(Array.from({ length: inFlight }, lane));
  const seconds = (performance.now() - started) / 1000;
  return { seconds, mpPerSecond: megapixels(files) / seconds, outputBytes };
}

/**
 * @param {import('./codecs.mjs').BenchCodec} codec
 * @param {import('./corpus.mjs').CorpusFile[]} files
 * @param {Buffer} warmUp
 * @param {number} cores
 */
export async function benchSharp(codec, files, warmUp, cores) {
  sharp.concurrency(1);
  sharp.cache(false);
  const coldStart = performance.now();
  await codec.sharp(warmUp);
  const coldMs = performance.now() - coldStart;
  const warmStart = performance.now();
  await codec.sharp(warmUp);
  const warmMs = performance.now() - warmStart;

  const memory = startPeakSampler('node');
  const one = await convertBatch(codec, files, 1);
  const many = await convertBatch(codec, files, cores);
  const peakRss = memory.stop();
  return { coldMs, warmMs, one, many, peakRss };
}
