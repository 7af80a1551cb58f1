/**
 * SVG inputs: the valid ones the issue says were refused or mis-sized, and
 * hostile ones (reference bombs, entity expansion, external references,
 * script, heavy filters, size lies, malformed XML). Every external reference
 * points at LEAK_MARKER so the runner can see any request one causes.
 */

/** Any request whose URL contains this was caused by an input and is a leak. */
export const LEAK_MARKER = '__fuzz_leak__';
const LEAK_HTTP = `http://127.0.0.1:9/${LEAK_MARKER}`;
const LEAK_HTTPS = `https://imglio-fuzz.invalid/${LEAK_MARKER}`;
const NS = 'xmlns="http://www.w3.org/2000/svg"';
const XLINK = 'xmlns:xlink="http://www.w3.org/1999/xlink"';

export interface SvgCase {
  readonly name: string;
  readonly text: string | Buffer;
  /** Declared size, checked on output for valid cases. */
  readonly size?: { width: number; height: number };
}

const svg = (width: number, height: number, body: string, attrs = ''): string =>
  `<svg ${NS} ${XLINK} width="${width}" height="${height}" viewBox="0 0 ${width} ${height}"${attrs}>${body}</svg>`;

const shapes = '<rect width="20" height="15" fill="#c33"/><circle cx="30" cy="20" r="8" fill="#36c"/>';

/** 10^levels shapes from `levels` groups of ten <use> each: about 190 bytes a level. */
export function useBomb(levels: number, perLevel = 10): string {
  let defs = '<rect id="l0" width="1" height="1" fill="#000"/>';
  for (let level = 1; level <= levels; level += 1) {
    const uses = Array.from({ length: perLevel }, () => `<use href="#l${level - 1}"/>`).join('');
    defs += `<g id="l${level}">${uses}</g>`;
  }
  return `<svg ${NS} width="64" height="64"><defs>${defs}</defs><use href="#l${levels}"/></svg>`;
}

export const VALID_SVGS: readonly SvgCase[] = [
  { name: 'plain', text: `<?xml version="1.0"?>\n${svg(40, 30, shapes)}`, size: { width: 40, height: 30 } },
  { name: 'viewbox-only', text: `<svg ${NS} viewBox="0 0 80 60">${shapes}</svg>`, size: { width: 80, height: 60 } },
  {
    name: 'gradient-text',
    text: svg(120, 40, '<defs><linearGradient id="g"><stop offset="0" stop-color="#f80"/><stop offset="1" stop-color="#08f"/></linearGradient></defs><rect width="120" height="40" fill="url(#g)"/><text x="6" y="26" font-size="18">Imglio</text>'),
    size: { width: 120, height: 40 },
  },
  {
    name: 'doctype-and-comment',
    text: `<?xml version="1.0" encoding="UTF-8"?>\n<!-- exported by a drawing program -->\n<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">\n${svg(50, 50, shapes)}`,
    size: { width: 50, height: 50 },
  },
  { name: 'bom-utf8', text: Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(svg(32, 32, shapes))]), size: { width: 32, height: 32 } },
];

/** The four valid SVGs of issue 10 that were refused or sized wrongly; each must convert at its declared size. */
export const ISSUE_VALID_SVGS: readonly SvgCase[] = [
  {
    name: 'foreign-object',
    text: svg(
      160,
      80,
      '<rect x="2" y="2" width="156" height="76" rx="8" fill="#eef" stroke="#336"/>' +
        '<foreignObject x="10" y="10" width="140" height="60"><div xmlns="http://www.w3.org/1999/xhtml" style="font: 14px sans-serif; color: #223">A box label as diagram tools export it</div></foreignObject>',
    ),
    size: { width: 160, height: 80 },
  },
  {
    name: 'utf-16',
    text: Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(`<?xml version="1.0" encoding="UTF-16"?>\n${svg(48, 36, shapes)}`, 'utf16le')]),
    size: { width: 48, height: 36 },
  },
  {
    name: 'long-comment',
    text: `<?xml version="1.0"?>\n<!--${' licence and editor notes '.repeat(400)}-->\n${svg(44, 33, shapes)}`,
    size: { width: 44, height: 33 },
  },
  {
    name: 'gt-in-attribute',
    text: `<svg ${NS} data-note="width > height, see width=&quot;9&quot;" aria-label="a > b" width="64" height="24" viewBox="0 0 64 24">${shapes}</svg>`,
    size: { width: 64, height: 24 },
  },
];

const entities = (depth: number, fanOut: number): string => {
  let dtd = '<!ENTITY e0 "lol">';
  for (let i = 1; i <= depth; i += 1) dtd += `<!ENTITY e${i} "${`&e${i - 1};`.repeat(fanOut)}">`;
  return dtd;
};

export const HOSTILE_SVGS: readonly SvgCase[] = [
  { name: 'use-bomb-1e6', text: useBomb(6) },
  { name: 'use-bomb-1e12', text: useBomb(12) },
  { name: 'use-bomb-wide', text: useBomb(4, 200) },
  { name: 'use-self', text: `<svg ${NS} width="10" height="10"><use id="a" href="#a"/></svg>` },
  { name: 'use-cycle', text: `<svg ${NS} width="10" height="10"><g id="a"><use href="#b"/></g><g id="b"><use href="#a"/></g><use href="#a"/></svg>` },
  { name: 'billion-laughs', text: `<?xml version="1.0"?><!DOCTYPE svg [${entities(9, 10)}]><svg ${NS} width="10" height="10"><text y="9">&e9;</text></svg>` },
  { name: 'quadratic-blowup', text: `<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY a "${'x'.repeat(20000)}">]><svg ${NS} width="10" height="10"><text>${'&a;'.repeat(2000)}</text></svg>` },
  { name: 'xxe-file', text: `<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]><svg ${NS} width="10" height="10"><text>&x;</text></svg>` },
  { name: 'xxe-http', text: `<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY x SYSTEM "${LEAK_HTTP}/xxe">]><svg ${NS} width="10" height="10"><text>&x;</text></svg>` },
  { name: 'external-dtd', text: `<?xml version="1.0"?><!DOCTYPE svg SYSTEM "${LEAK_HTTP}/dtd"><svg ${NS} width="10" height="10"/>` },
  { name: 'image-http', text: svg(20, 20, `<image href="${LEAK_HTTP}/image.png" width="20" height="20"/>`) },
  { name: 'image-https', text: svg(20, 20, `<image xlink:href="${LEAK_HTTPS}/image.png" width="20" height="20"/>`) },
  { name: 'image-file', text: svg(20, 20, '<image href="file:///etc/passwd" width="20" height="20"/>') },
  { name: 'image-data-svg-script', text: svg(20, 20, `<image href="data:image/svg+xml;base64,${Buffer.from(`<svg ${NS}><script>fetch('${LEAK_HTTP}/data')</script></svg>`).toString('base64')}" width="20" height="20"/>`) },
  { name: 'use-external', text: svg(20, 20, `<use href="${LEAK_HTTP}/sprite.svg#icon"/>`) },
  { name: 'fe-image-http', text: svg(20, 20, `<filter id="f"><feImage href="${LEAK_HTTP}/fe.png"/></filter><rect width="20" height="20" filter="url(#f)"/>`) },
  { name: 'script', text: svg(20, 20, `<script>fetch('${LEAK_HTTP}/script'); new Image().src='${LEAK_HTTP}/img';</script>${shapes}`) },
  { name: 'onload', text: `<svg ${NS} width="20" height="20" onload="fetch('${LEAK_HTTP}/onload')">${shapes}</svg>` },
  { name: 'javascript-link', text: svg(20, 20, `<a href="javascript:fetch('${LEAK_HTTP}/js')"><rect width="20" height="20"/></a>`) },
  { name: 'foreign-object-iframe', text: svg(40, 40, `<foreignObject width="40" height="40"><iframe xmlns="http://www.w3.org/1999/xhtml" src="${LEAK_HTTP}/iframe"></iframe></foreignObject>`) },
  { name: 'foreign-object-img', text: svg(40, 40, `<foreignObject width="40" height="40"><img xmlns="http://www.w3.org/1999/xhtml" src="${LEAK_HTTPS}/img.png"/></foreignObject>`) },
  { name: 'css-import', text: svg(20, 20, `<style>@import url(${LEAK_HTTP}/import.css); rect { fill: url(${LEAK_HTTP}/fill.svg#p) }</style>${shapes}`) },
  { name: 'css-font-face', text: svg(60, 20, `<style>@font-face { font-family: x; src: url(${LEAK_HTTPS}/font.woff2) } text { font-family: x }</style><text y="15">leak</text>`) },
  { name: 'xml-stylesheet', text: `<?xml version="1.0"?><?xml-stylesheet href="${LEAK_HTTP}/sheet.css"?>${svg(20, 20, shapes)}` },
  { name: 'pattern-self', text: svg(20, 20, '<pattern id="p" width="4" height="4" patternUnits="userSpaceOnUse"><rect width="4" height="4" fill="url(#p)"/></pattern><rect width="20" height="20" fill="url(#p)"/>') },
  { name: 'gradient-href-cycle', text: svg(20, 20, '<linearGradient id="a" href="#b"/><linearGradient id="b" href="#a"/><rect width="20" height="20" fill="url(#a)"/>') },
  { name: 'filter-turbulence', text: svg(4000, 4000, '<filter id="f"><feTurbulence baseFrequency="0.9" numOctaves="100000"/></filter><rect width="4000" height="4000" filter="url(#f)"/>') },
  { name: 'filter-blur', text: svg(4000, 4000, '<filter id="f" x="-10" y="-10" width="20" height="20"><feGaussianBlur stdDeviation="1000000"/></filter><rect width="4000" height="4000" filter="url(#f)"/>') },
  { name: 'filter-morphology', text: svg(3000, 3000, '<filter id="f"><feMorphology operator="dilate" radius="1000000"/></filter><rect width="3000" height="3000" filter="url(#f)"/>') },
  { name: 'size-huge', text: svg(100000, 100000, shapes) },
  { name: 'size-zero', text: `<svg ${NS} width="0" height="0">${shapes}</svg>` },
  { name: 'size-negative', text: `<svg ${NS} width="-50" height="-50">${shapes}</svg>` },
  { name: 'size-overflow', text: `<svg ${NS} width="1e400" height="1e400">${shapes}</svg>` },
  { name: 'size-nan', text: `<svg ${NS} width="NaN" height="Infinity">${shapes}</svg>` },
  { name: 'size-percent', text: `<svg ${NS} width="100%" height="100%">${shapes}</svg>` },
  { name: 'viewbox-zero', text: `<svg ${NS} viewBox="0 0 0 0">${shapes}</svg>` },
  { name: 'viewbox-huge', text: `<svg ${NS} viewBox="0 0 1e9 1e9">${shapes}</svg>` },
  { name: 'no-size', text: `<svg ${NS}>${shapes}</svg>` },
  { name: 'no-namespace', text: `<svg width="20" height="20">${shapes}</svg>` },
  { name: 'deep-groups', text: `<svg ${NS} width="20" height="20">${'<g>'.repeat(50000)}<rect width="5" height="5"/>${'</g>'.repeat(50000)}</svg>` },
  { name: 'many-elements', text: svg(200, 200, '<rect x="1" y="1" width="1" height="1"/>'.repeat(100000)) },
  { name: 'huge-path', text: svg(100, 100, `<path d="M0 0${' L100 100 L0 100'.repeat(60000)}"/>`) },
  { name: 'huge-attribute', text: `<svg ${NS} width="20" height="20" data-x="${'A'.repeat(1 << 20)}">${shapes}</svg>` },
  { name: 'huge-font', text: svg(100, 100, '<text y="90" font-size="1e30">W</text>') },
  { name: 'stroke-dasharray', text: svg(2000, 2000, `<path d="M0 0 L2000 2000" stroke="#000" stroke-width="3000" stroke-dasharray="${'0.001 '.repeat(5000)}"/>`) },
  { name: 'animate-size', text: `<svg ${NS} width="20" height="20"><animate attributeName="width" to="100000" dur="0.001s" fill="freeze"/>${shapes}</svg>` },
  { name: 'unclosed', text: `<svg ${NS} width="20" height="20"><g><rect width="5" height="5">` },
  { name: 'mismatched-tags', text: `<svg ${NS} width="20" height="20"><g></rect></svg>` },
  { name: 'empty-root', text: `<svg ${NS}/>` },
  { name: 'only-root-text', text: '<svg' },
  { name: 'invalid-utf8', text: Buffer.concat([Buffer.from(`<svg ${NS} width="20" height="20"><text>`), Buffer.from([0xc3, 0x28, 0xff, 0xfe, 0x80]), Buffer.from('</text></svg>')]) },
  { name: 'utf-16be', text: Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(svg(20, 20, shapes), 'utf16le').swap16()]) },
  { name: 'utf-16-no-bom', text: Buffer.from(svg(20, 20, shapes), 'utf16le') },
  { name: 'utf-32', text: Buffer.concat([Buffer.from([0xff, 0xfe, 0, 0]), ...[...svg(20, 20, shapes)].map((c) => { const b = Buffer.alloc(4); b.writeUInt32LE(c.charCodeAt(0)); return b; })]) },
  { name: 'comment-100k', text: `<!--${'-'.repeat(2)}${'x'.repeat(100000)}-->${svg(20, 20, shapes)}` },
  { name: 'comment-unterminated', text: `<!-- never closed ${svg(20, 20, shapes)}` },
  { name: 'gt-in-attribute-lie', text: `<svg ${NS} data-x="> width=&quot;99999&quot; height=&quot;99999&quot;" width="20" height="20">${shapes}</svg>` },
  { name: 'cdata-script', text: svg(20, 20, `<script><![CDATA[ fetch('${LEAK_HTTP}/cdata') ]]></script>`) },
  { name: 'html-in-svg', text: `<svg ${NS} width="20" height="20"><html xmlns="http://www.w3.org/1999/xhtml"><body><script>fetch('${LEAK_HTTP}/html')</script></body></html></svg>` },
  { name: 'doctype-internal-subset-gt', text: `<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY w "20"><!ATTLIST svg note CDATA "a>b">]><svg ${NS} width="&w;" height="&w;">${shapes}</svg>` },
  { name: 'processing-instruction-lie', text: `<?php echo "<svg>"; ?>${svg(20, 20, shapes)}` },
  { name: 'svgz-gzip', text: Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0, 0, 0, 0, 0, 3, 0x03, 0, 0, 0, 0, 0, 0, 0, 0, 0]) },
  { name: 'mask-clip-recursion', text: svg(20, 20, '<clipPath id="c"><rect width="10" height="10" clip-path="url(#c)"/></clipPath><mask id="m"><rect width="20" height="20" mask="url(#m)" fill="#fff"/></mask><rect width="20" height="20" clip-path="url(#c)" mask="url(#m)"/>') },
  { name: 'marker-bomb', text: svg(500, 500, `<marker id="m" markerWidth="500" markerHeight="500"><path d="M0 0${' L1 1'.repeat(2000)}" marker-mid="url(#m)" stroke="#000"/></marker><path d="M0 0${' L1 1'.repeat(2000)}" marker-mid="url(#m)"/>`) },
];
