// @ts-check
/** Formats the benchmark's figures as Markdown tables (ready for BENCHMARKS.md). */

const mb = (/** @type {number} */ bytes) => `${(bytes / 2 ** 20).toFixed(0)} MiB`;
const fixed = (/** @type {number} */ value, digits = 2) => value.toFixed(digits);
const ms = (/** @type {number} */ value) => `${value.toFixed(0)} ms`;

/** @param {any} report */
export function formatReport(report) {
  const { machine, browser, corpus, codecs, results, huge } = report;
  const lines = [];
  lines.push(`Machine: ${machine.cores} cores (${machine.cpu}), ${machine.memoryGiB.toFixed(0)} GiB, Node ${machine.node}; ${browser.userAgent.match(/Chrome\/[\d.]+/)?.[0] ?? 'Chromium'} headless, crossOriginIsolated=${browser.crossOriginIsolated}; ${machine.date}`);
  const busy = machine.otherCpu > 0.1 ? ' — other work competed for the cores; these figures understate both sides and skew the ratios' : ' (a quiet machine)';
  lines.push(`Other processes used ${(machine.otherCpu * 100).toFixed(0)} % of the CPU during the run; load average (1 min) ${machine.loadMin.toFixed(1)}–${machine.loadMax.toFixed(1)}${busy}`);
  lines.push(`Corpus: ${corpus.images} images, ${corpus.megapixels.toFixed(1)} MP (${corpus.dir})`);
  lines.push('');
  lines.push(`| Codec | Imglio MP/s (${machine.cores} workers) | sharp MP/s (${machine.cores} in flight) | Ratio | Goal | Imglio 1 worker | Scaling | sharp 1 thread | Output Imglio / sharp |`);
  lines.push('| --- | --- | --- | --- | --- | --- | --- | --- | --- |');
  for (const codec of codecs) {
    const { sharp, imglio } = results[codec.id];
    if (!imglio) continue;
    const ratio = imglio.many.mpPerSecond / sharp.many.mpPerSecond;
    const scaling = imglio.many.mpPerSecond / imglio.one.mpPerSecond;
    lines.push(`| ${codec.label} | ${fixed(imglio.many.mpPerSecond)} | ${fixed(sharp.many.mpPerSecond)} | ${fixed(ratio)}× ${ratio >= codec.goal ? '✅' : '❌'} | ≥ ${codec.goal}× | ${fixed(imglio.one.mpPerSecond)} | ${fixed(scaling)}× ${scaling >= 1.8 ? '✅' : '❌'} | ${fixed(sharp.one.mpPerSecond)} | ${(imglio.many.outputBytes / 1e6).toFixed(1)} MB / ${(sharp.many.outputBytes / 1e6).toFixed(1)} MB |`);
  }
  lines.push('');
  lines.push('Per CPU-second (user + system time of the renderer or of Node; robust to other load on the machine). Projected scaling = cores × CPU time with 1 worker ÷ CPU time with N, i.e. assuming the cores are free and the batch balances:');
  lines.push('');
  lines.push(`| Codec | Imglio MP per CPU-s (1 / ${machine.cores} workers) | sharp MP per CPU-s (1 / ${machine.cores} in flight) | Ratio (${machine.cores}) | Goal | CPU-time cost of ${machine.cores} workers vs 1 | Projected scaling on an idle machine |`);
  lines.push('| --- | --- | --- | --- | --- | --- | --- |');
  for (const codec of codecs) {
    const { sharp, imglio } = results[codec.id];
    if (!imglio) continue;
    const ratio = imglio.many.mpPerCpuSecond / sharp.many.mpPerCpuSecond;
    lines.push(`| ${codec.label} | ${fixed(imglio.one.mpPerCpuSecond)} / ${fixed(imglio.many.mpPerCpuSecond)} | ${fixed(sharp.one.mpPerCpuSecond)} / ${fixed(sharp.many.mpPerCpuSecond)} | ${fixed(ratio)}× ${ratio >= codec.goal ? '✅' : '❌'} | ≥ ${codec.goal}× | ${fixed(imglio.many.cpuSeconds / imglio.one.cpuSeconds)}× | ${fixed((machine.cores * imglio.one.cpuSeconds) / imglio.many.cpuSeconds)}× |`);
  }
  lines.push('');
  lines.push('| Codec | Imglio first encode (new worker, WASM compile) | Imglio warm encode | Start-up cost | sharp first / warm | Peak renderer RSS (Imglio) | Peak Node RSS (sharp) |');
  lines.push('| --- | --- | --- | --- | --- | --- | --- |');
  for (const codec of codecs) {
    const { sharp, imglio } = results[codec.id];
    if (!imglio) continue;
    lines.push(`| ${codec.label} | ${ms(imglio.coldMs)} | ${ms(imglio.warmMs)} | ${ms(imglio.coldMs - imglio.warmMs)} | ${ms(sharp.coldMs)} / ${ms(sharp.warmMs)} | ${mb(imglio.peakRss)} | ${mb(sharp.peakRss)} |`);
  }
  const failures = codecs.flatMap((/** @type {any} */ codec) => {
    const imglio = results[codec.id].imglio;
    return imglio ? [...imglio.one.failures, ...imglio.many.failures].map((f) => `${codec.label}: ${f}`) : [];
  });
  lines.push('');
  lines.push(failures.length === 0 ? 'Every file converted on every run.' : `Failures:\n${failures.map((/** @type {string} */ f) => `- ${f}`).join('\n')}`);
  if (huge) {
    lines.push('');
    lines.push(huge.ok
      ? `100 MP JPEG (10000 × 10000, ${(huge.inputBytes / 1e6).toFixed(1)} MB, from ${huge.source}) → WebP q75: ${huge.width} × ${huge.height}, ${(huge.bytes / 1e6).toFixed(1)} MB in ${(huge.ms / 1000).toFixed(1)} s (decode ${ms(huge.timings.decode)}, encode ${ms(huge.timings.encode)}); peak renderer RSS ${mb(huge.peakRss)}.`
      : `100 MP JPEG → WebP FAILED after ${(huge.ms / 1000).toFixed(1)} s: ${huge.error} (peak renderer RSS ${mb(huge.peakRss)}).`);
  }
  return lines.join('\n');
}
