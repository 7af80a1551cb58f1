/**
 * The floors of src/: which top-level folder may import which. The engine
 * stacks core → lib → codecs → workers → engine → islands (each may use the
 * ones before it, never one after it); pages, layouts and components sit on
 * top and may use islands and the tool registry. Every reference counts:
 * static and side-effect imports, re-exports, dynamic import(), `?worker`
 * imports, `new URL('…', import.meta.url)` and import.meta.glob patterns.
 *
 * ALLOWED lists exactly the edges the code has: an import along any other
 * edge fails, and so does an edge listed here that nothing uses any more
 * (then delete it, so the table keeps telling the truth).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const SRC = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(SRC, '..');

/** importer folder → the folders it may reference besides itself. `@root/x`: outside src/. */
const ALLOWED: Readonly<Record<string, readonly string[]>> = {
  core: [],
  lib: ['core'],
  codecs: ['core', 'lib'],
  workers: ['core', 'lib', 'codecs'],
  engine: ['core', 'lib', 'codecs', 'workers'],
  // The batch controller (plain TypeScript, no Preact): pure logic only; the page injects the engine.
  batch: ['lib'],
  islands: ['core', 'lib', 'codecs', 'engine', 'tools', 'prefetch', 'batch'],
  tools: ['core', 'lib'],
  components: ['core', 'tools'],
  layouts: ['islands', 'tools', 'styles', 'prefetch', '@root/public'],
  pages: ['core', 'lib', 'layouts', 'components', 'islands', 'tools', 'styles', 'integrations', '@root/public'],
  // The post-load prefetch every page runs (src/prefetch): it depends on nothing else.
  prefetch: [],
  // Build time only (Node): the envelope, the manifest, the licence list; the prefetch list reads the
  // page runtime's protocol and measures pages with the JS budget script's module graph.
  integrations: ['lib', 'prefetch', '@root/.', '@root/scripts'],
  styles: [],
  '(src)': [],
};

/** Packages a floor may not use: core is pure vocabulary, lib is pure logic (no Preact, no DOM framework). */
const FORBIDDEN_PACKAGES: Readonly<Record<string, RegExp>> = {
  core: /./,
  lib: /^preact(\/|$)/,
};

/** Test files may also use the shared test fixtures. */
const TEST_EXTRA = ['@root/tests'];

const SOURCE = /\.(ts|tsx|mts|mjs|js|astro)$/;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return SOURCE.test(entry.name) && !entry.name.endsWith('.d.ts') ? [path] : [];
  });
}

/** Every module reference in a file's text: imports (also multi-line and type-only), re-exports, import(), new URL(…, import.meta.url), import.meta.glob. */
export function references(text: string): string[] {
  const patterns = [
    /\b(?:import|export)\s[^'"`;]*?\sfrom\s*['"]([^'"]+)['"]/g,
    /\bimport\s*['"]([^'"]+)['"]/g,
    /\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g,
    /\bnew\s+URL\s*\(\s*['"]([^'"]+)['"]\s*,\s*import\.meta\.url\s*\)/g,
    /\bimport\.meta\.glob(?:<[^>]*>)?\s*\(\s*['"]([^'"]+)['"]/g,
  ];
  return patterns.flatMap((pattern) => [...text.matchAll(pattern)].map((match) => match[1] as string));
}

/** The folder a source file belongs to: its top-level folder under src/, or '(src)' for files directly in src/. */
function floorOf(path: string): string {
  const parts = relative(SRC, path).split(sep);
  return parts.length > 1 ? (parts[0] as string) : '(src)';
}

/** Where a relative reference lands: a src/ floor, or `@root/<first segment>` outside src/. */
function targetOf(file: string, specifier: string): string {
  const path = resolve(dirname(file), specifier.replace(/[?#].*$/, '').replace(/\*.*$/, ''));
  if (path === SRC || path.startsWith(SRC + sep)) return path === SRC ? '(src)' : floorOf(path.endsWith(sep) ? join(path, 'x') : path);
  const outside = relative(ROOT, path).split(sep)[0];
  return `@root/${outside || '.'}`;
}

interface Edge {
  readonly from: string;
  readonly to: string;
  readonly file: string;
  readonly specifier: string;
}

function scan(): { edges: Edge[]; packages: Edge[] } {
  const edges: Edge[] = [];
  const packages: Edge[] = [];
  // This file's own examples are not references.
  for (const file of sourceFiles(SRC).filter((path) => path !== fileURLToPath(import.meta.url))) {
    const from = floorOf(file);
    for (const specifier of references(readFileSync(file, 'utf8'))) {
      const at = relative(ROOT, file);
      if (specifier.startsWith('.')) {
        const to = targetOf(file, specifier);
        if (to !== from) edges.push({ from, to, file: at, specifier });
      } else {
        packages.push({ from, to: specifier, file: at, specifier });
      }
    }
  }
  return { edges, packages };
}

const isTest = (file: string): boolean => /\.test\.[a-z]+$/.test(file);

describe('import rules between the folders of src/', () => {
  const { edges, packages } = scan();

  it('finds references of every kind the rules cover', () => {
    // If the scanner stopped seeing these, the rules below would pass without checking anything.
    const kinds = edges.map((edge) => edge.specifier);
    expect(kinds).toContain('../workers/image.worker.ts');
    expect(kinds).toContain('../../engine/pool.ts');
    expect(references("const w = new Worker(new URL('../workers/a.ts', import.meta.url));")).toEqual(['../workers/a.ts']);
    expect(references("import W from '../workers/a.ts?worker';\nimport {\n  a,\n  b,\n} from '../lib/b.ts';")).toEqual(['../workers/a.ts?worker', '../lib/b.ts']);
    expect(references("export { x } from '../core/x.ts'; import type { Y } from '../core/y.ts'; import '../styles/a.css';")).toEqual(['../core/x.ts', '../core/y.ts', '../styles/a.css']);
    expect(references("const m = import.meta.glob<M>('./encoders/*/encode.ts', { eager: true }); await import('../lib/z.ts');")).toEqual(['../lib/z.ts', './encoders/*/encode.ts']);
  });

  it('has every floor in the table', () => {
    const floors = new Set(sourceFiles(SRC).map(floorOf));
    expect([...floors].filter((floor) => !(floor in ALLOWED))).toEqual([]);
  });

  it('imports only along allowed edges', () => {
    const bad = edges
      .filter((edge) => !(ALLOWED[edge.from] ?? []).includes(edge.to) && !(isTest(edge.file) && TEST_EXTRA.includes(edge.to)))
      .map((edge) => `${edge.file}: ${edge.from} → ${edge.to} (${edge.specifier})`);
    expect(bad).toEqual([]);
  });

  it('lists no edge that the code does not use', () => {
    const used = new Set(edges.filter((edge) => !isTest(edge.file)).map((edge) => `${edge.from} → ${edge.to}`));
    const unused = Object.entries(ALLOWED).flatMap(([from, tos]) => tos.map((to) => `${from} → ${to}`)).filter((edge) => !used.has(edge));
    expect(unused).toEqual([]);
  });

  it('keeps core free of packages and lib free of Preact', () => {
    const bad = packages
      .filter((edge) => !isTest(edge.file) && FORBIDDEN_PACKAGES[edge.from]?.test(edge.to))
      .map((edge) => `${edge.file}: ${edge.from} uses ${edge.to}`);
    expect(bad).toEqual([]);
  });
});
