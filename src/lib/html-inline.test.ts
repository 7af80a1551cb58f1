import { describe, expect, it } from 'vitest';
import { findCspBlockedMarkup, findInlineCode } from './html-inline.ts';

describe('findInlineCode', () => {
  it('returns inline scripts and styles, skipping external and data scripts', () => {
    const html = `<head><script>a()</script><script type="module" src="/x.js"></script>
      <script type="application/ld+json">{"a":1}</script><style>p{color:red}</style></head>
      <body><script type="module">b()</script></body>`;
    expect(findInlineCode(html)).toEqual({ scripts: ['a()', 'b()'], styles: ['p{color:red}'] });
  });
  it('keeps whitespace exactly, since the hash covers every byte', () => {
    expect(findInlineCode('<script>\n  x();\n</script>').scripts).toEqual(['\n  x();\n']);
  });
});

describe('findCspBlockedMarkup', () => {
  it('flags style attributes, event handlers and javascript: URLs', () => {
    const problems = findCspBlockedMarkup('<div style="color:red"></div><img src=x onerror="y()"><a href="javascript:void 0">');
    expect(problems).toHaveLength(3);
  });
  it('ignores the same text inside scripts and lookalike attributes', () => {
    expect(findCspBlockedMarkup('<script>el.innerHTML = "<b style=x>"</script><div data-style="x" class="onload"></div>')).toEqual([]);
  });
});
