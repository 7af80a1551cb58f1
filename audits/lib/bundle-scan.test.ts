import { describe, expect, it } from 'vitest';
import { references, scanText } from './bundle-scan.ts';

describe('bundle scan', () => {
  it('finds WebRTC, beacons, pings and prefetch hints in code', () => {
    const code = 'const a=new RTCPeerConnection({});navigator.sendBeacon("/x",b);link.ping="/p";l.rel="preconnect";';
    expect(scanText('/_astro/a.js', code).map((h) => h.api)).toEqual([
      'RTCPeerConnection', 'sendBeacon', '<a ping>', 'rel=prefetch|preconnect|dns-prefetch|prerender',
    ]);
    expect(scanText('/_astro/b.js', 'const w=new webkitRTCPeerConnection()')[0]?.api).toBe('RTCPeerConnection');
  });

  it('finds pings and hints in markup, with the line', () => {
    const html = '<html>\n<link rel="dns-prefetch" href="//t.example">\n<a href="/" ping="/track">x</a>';
    const hits = scanText('/index.html', html);
    expect(hits.map((h) => [h.api, h.line])).toEqual([['<a ping>', 3], ['rel=prefetch|preconnect|dns-prefetch|prerender', 2]]);
  });

  it('reads inline scripts in pages but not prose', () => {
    const html = '<p>No <code>sendBeacon</code> or RTCPeerConnection here.</p>\n<script>\nnavigator.sendBeacon("/b")</script>';
    expect(scanText('/verify/index.html', html).map((h) => [h.api, h.line])).toEqual([['sendBeacon', 3]]);
  });

  it('leaves ordinary code alone', () => {
    expect(scanText('/_astro/c.js', 'const ping = 3; if(a.ping==b){} rel="stylesheet"; modulepreload')).toEqual([]);
  });

  it('collects same-origin references from pages and modules', () => {
    const html = '<script type="module" src="/_astro/a.js"></script><astro-island component-url="/_astro/T.js" renderer-url="/_astro/c.js"></astro-island><a href="/verify/">v</a><a href="https://other.example/">o</a><script>import("/_astro/inline.js")</script>';
    expect(references('http://h:1/', html).sort()).toEqual(['http://h:1/_astro/T.js', 'http://h:1/_astro/a.js', 'http://h:1/_astro/c.js', 'http://h:1/_astro/inline.js', 'http://h:1/verify/']);
    const js = 'import{a as b}from"./preact.js";import"./side.js";const w=new Worker(new URL("worker.js",import.meta.url),{type:"module"});import("./lazy.js")';
    expect(references('http://h:1/_astro/x.js', js).sort()).toEqual(['http://h:1/_astro/lazy.js', 'http://h:1/_astro/preact.js', 'http://h:1/_astro/side.js', 'http://h:1/_astro/worker.js']);
  });

  it('follows minified Vite output: worker URLs, dynamic imports, preload lists, codec chunks', () => {
    const js = 'const __vite__mapDeps=(i,m=__vite__mapDeps,d=(m.f||(m.f=["_astro/pool.B1.js","_astro/types.b2.js"])))=>i.map(i=>d[i]);'
      + 'vt=Object.assign({"../../codecs/registry.ts":()=>ae(()=>import("./registry.C3.js").then(e=>e.r),__vite__mapDeps([0,1]))});'
      + 'new Worker(new URL("/_astro/avif_enc_mt.worker-M4.js",import.meta.url),{type:"module"});'
      + 'new URL("inlined:avif_enc.wasm");new Worker(self.location.href,{type:"module"})';
    expect(references('http://h:1/_astro/engine.js', js).sort()).toEqual([
      'http://h:1/_astro/avif_enc_mt.worker-M4.js', 'http://h:1/_astro/pool.B1.js', 'http://h:1/_astro/registry.C3.js', 'http://h:1/_astro/types.b2.js',
    ]);
  });

  it('resolves the relative build (renderBuiltUrl) under a path prefix', () => {
    const js = 'const __vite__mapDeps=(i,m=__vite__mapDeps,d=(m.f||(m.f=["./pool.B1.js","_astro/types.b2.js"])))=>i.map(i=>d[i]);'
      + 'const b=()=>new Worker(new URL(""+new URL("image.worker-C.js",import.meta.url).href,import.meta.url),{type:"module"})';
    expect(references('http://h:1/tools/imglio/_astro/engine.js', js).sort()).toEqual([
      'http://h:1/tools/imglio/_astro/image.worker-C.js', 'http://h:1/tools/imglio/_astro/pool.B1.js', 'http://h:1/tools/imglio/_astro/types.b2.js',
    ]);
  });
});
