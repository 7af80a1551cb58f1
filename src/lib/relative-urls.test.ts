import { describe, expect, it } from 'vitest';
import { hasRootAbsoluteUrl, notFoundPageProblems, relativizeAttributes, relativizeJsonList, servedPathOf, toPageRelative, upToRoot } from './relative-urls.ts';

describe('relative URLs', () => {
  it('knows where each built page is served', () => {
    expect(servedPathOf('/index.html')).toBe('/');
    expect(servedPathOf('/compress/index.html')).toBe('/compress/');
    expect(servedPathOf('/a/b/index.html')).toBe('/a/b/');
    expect(servedPathOf('/404.html')).toBe('/404.html');
  });

  it('climbs one level per directory', () => {
    expect(upToRoot('/')).toBe('./');
    expect(upToRoot('/404.html')).toBe('./');
    expect(upToRoot('/compress/')).toBe('../');
    expect(upToRoot('/a/b/')).toBe('../../');
    expect(() => upToRoot('compress/')).toThrow();
  });

  it('resolves to the same path under any prefix', () => {
    for (const page of ['/', '/compress/', '/a/b/']) {
      for (const target of ['/', '/_astro/x.js?v=1#h', '/verify/']) {
        const relative = toPageRelative(target, page);
        for (const prefix of ['', '/tools/imglio']) {
          expect(new URL(relative, `http://h${prefix}${page}`).href).toBe(`http://h${prefix}${target}`);
        }
      }
    }
    expect(() => toPageRelative('//evil.example/x', '/')).toThrow();
  });

  it('rewrites root-absolute attributes and leaves the rest', () => {
    const html = '<a href="/">h</a><a href="#main">s</a><script type="module" src="/_astro/a.js"></script><link rel="stylesheet" href="/_astro/s.css"><img src="data:image/png;base64,x"><a href="https://example.org/">e</a><a href="//cdn/x">p</a><astro-island uid="h1" component-url="/_astro/T.js" renderer-url="/_astro/c.js"></astro-island>';
    const out = relativizeAttributes(html, '/compress/');
    expect(out).toBe('<a href="../">h</a><a href="#main">s</a><script type="module" src="../_astro/a.js"></script><link rel="stylesheet" href="../_astro/s.css"><img src="data:image/png;base64,x"><a href="https://example.org/">e</a><a href="//cdn/x">p</a><astro-island uid="h1" component-url="../_astro/T.js" renderer-url="../_astro/c.js"></astro-island>');
    expect(hasRootAbsoluteUrl(html)).toBe(true);
    expect(hasRootAbsoluteUrl(out)).toBe(false);
    expect(hasRootAbsoluteUrl("<img srcset='/a.png 1x'>")).toBe(true);
  });

  it('rewrites a JSON list data block, keeping "<" escaped', () => {
    const html = '<head><script type="application/json" id="list">["/_astro/a.js","/_astro/<b.js",3]</script></head>';
    expect(relativizeJsonList(html, 'list', '/')).toBe('<head><script type="application/json" id="list">["./_astro/a.js","./_astro/\\u003cb.js",3]</script></head>');
    expect(relativizeJsonList('<p>none</p>', 'list', '/')).toBe('<p>none</p>');
  });

  it('lets the 404 page load nothing and link only through the marker', () => {
    expect(notFoundPageProblems('<style>p{}</style><a href="_imglio/">Home</a><a href="#main">x</a><link rel="icon" href="data:image/svg+xml,x">')).toEqual([]);
    expect(notFoundPageProblems('<a href="/">Home</a><a href="../compress/">c</a><script src="./a.js"></script><link rel="stylesheet" href="s.css">')).toHaveLength(4);
  });
});
