import { describe, expect, it } from 'vitest';
import { cssLoads, declaredPrefetch, htmlLoads, staticImports } from './page-files.ts';

const PAGE = 'http://127.0.0.1:8080/compress/';
const urls = (files: Array<{ url: string }>) => files.map((f) => f.url.replace('http://127.0.0.1:8080', ''));

describe('htmlLoads', () => {
  it('lists what the page loads by itself, not links to other pages, data: URLs or other origins', () => {
    const html = `<!DOCTYPE html><html><head>
      <link rel="icon" href="data:image/svg+xml,%3Csvg%3E">
      <link rel="icon" type="image/svg+xml" href="/favicon.svg">
      <link rel="manifest" href="/site.webmanifest">
      <link rel="stylesheet" href="/_astro/_tool_.4ByBMSOD.css">
      <link rel="modulepreload" href="../_astro/a.js">
      <link rel="canonical" href="/compress/">
      <link rel="stylesheet" href="https://cdn.example/x.css">
      <script type="module" src="/_astro/page.js"></script>
      <!-- <script src="/_astro/commented.js"></script> -->
      <style>body{background:url('/bg.png')}</style>
    </head><body>
      <a href="/resize/">Resize</a><img src="/favicon.svg" alt=""><img srcset="/a-1x.png 1x, /a-2x.png 2x">
      <astro-island uid="x" component-url="/_astro/ToolIsland.js" renderer-url="/_astro/client.js" props="{}"></astro-island>
    </body></html>`;
    expect(urls(htmlLoads(PAGE, html))).toEqual([
      '/favicon.svg', '/site.webmanifest', '/_astro/_tool_.4ByBMSOD.css', '/_astro/a.js', '/_astro/page.js',
      '/favicon.svg', '/a-1x.png', '/a-2x.png', '/_astro/ToolIsland.js', '/_astro/client.js', '/bg.png',
    ]);
  });
});

describe('staticImports', () => {
  it('follows static imports and re-exports, minified or not, but not dynamic import()', () => {
    const code = `import{h as e}from"./hooks.module.js";import"./side.js";import d,{x}from '../lib/y.js';
export*from"./re.js";export{z}from"./re2.js";const lazy=()=>import("./lazy.js");import * as ns from "/_astro/ns.js";`;
    expect(urls(staticImports('http://127.0.0.1:8080/_astro/a.js', code))).toEqual([
      '/_astro/hooks.module.js', '/_astro/side.js', '/lib/y.js', '/_astro/ns.js', '/_astro/re.js', '/_astro/re2.js',
    ]);
  });
});

describe('cssLoads', () => {
  it('follows @import and url(), skipping comments and data: URLs', () => {
    const css = `@import "base.css";/* url(/commented.png) */.a{background:url(data:image/png;base64,AAAA)}.b{src:url("../fonts/f.woff2")}`;
    expect(urls(cssLoads('http://127.0.0.1:8080/_astro/x.css', css))).toEqual(['/_astro/base.css', '/fonts/f.woff2']);
  });
});

describe('declaredPrefetch', () => {
  it("reads the page's prefetch list in order, and nothing from a missing or malformed block", () => {
    const html = '<head><script type="application/json" id="imglio-prefetch-order">["/_astro/b.js","/_astro/a.js"]</script></head>';
    expect(declaredPrefetch(PAGE, html)).toEqual(['http://127.0.0.1:8080/_astro/b.js', 'http://127.0.0.1:8080/_astro/a.js']);
    expect(declaredPrefetch(PAGE, '<head></head>')).toBeNull();
    expect(declaredPrefetch(PAGE, '<script type="application/json" id="imglio-prefetch-order">{"a":1}</script>')).toBeNull();
    expect(declaredPrefetch(PAGE, '<script type="application/json" id="imglio-prefetch-order">[1,2</script>')).toBeNull();
  });
});
