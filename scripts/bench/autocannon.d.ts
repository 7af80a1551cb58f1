/** The part of autocannon's API that http-load.mjs uses (autocannon ships no types). */
declare module 'autocannon' {
  interface Histogram {
    readonly average: number;
    readonly total: number;
    readonly p50: number;
    readonly p90: number;
    readonly p99: number;
    readonly max: number;
  }
  interface Result {
    readonly requests: Histogram;
    readonly latency: Histogram;
    readonly throughput: Histogram;
    readonly errors: number;
    readonly timeouts: number;
    readonly non2xx: number;
  }
  interface Options {
    readonly url: string;
    readonly connections?: number;
    readonly duration?: number;
    readonly headers?: Record<string, string>;
  }
  export default function autocannon(options: Options): Promise<Result>;
}
