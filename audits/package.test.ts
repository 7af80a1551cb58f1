/**
 * The audit is a self-contained package: everything its bin reaches lives
 * in audits/, imports only Node built-ins and the package's own pinned
 * dependencies (never src/ or scripts/ of the site), and is shipped by its
 * "files" list; its pins equal the project's.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CHROMIUM_ARGS as PROJECT_ARGS } from '../scripts/tool-paths.mjs';
import { CHROMIUM_ARGS } from './support/browser-path.ts';

const AUDITS = import.meta.dirname;
const REPO = resolve(AUDITS, '..');
const pkg = JSON.parse(readFileSync(join(AUDITS, 'package.json'), 'utf8')) as { name: string; bin: Record<string, string>; dependencies: Record<string, string>; devDependencies?: Record<string, string>; files: string[] };
const rootPkg = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { dependencies: Record<string, string>; devDependencies: Record<string, string> };

/** Static imports, re-exports, side-effect imports, literal dynamic imports and module hooks (register) of a module. */
export function importSpecifiers(source: string): string[] {
  const code = source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
  const found = new Set<string>();
  for (const pattern of [/(?:^|;)\s*(?:import|export)\s[^'"`;]*?\bfrom\s*['"]([^'"]+)['"]/gm, /(?:^|;)\s*import\s*['"]([^'"]+)['"]/gm, /\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g, /\bregister\(\s*['"]([^'"]+)['"]\s*,\s*import\.meta\.url/g]) {
    for (const match of code.matchAll(pattern)) found.add(match[1] as string);
  }
  return [...found];
}

function importGraph(entry: string): { files: string[]; packages: string[] } {
  const files = new Set<string>();
  const packages = new Set<string>();
  const queue = [entry];
  while (queue.length) {
    const file = queue.shift() as string;
    if (files.has(file)) continue;
    files.add(file);
    for (const spec of importSpecifiers(readFileSync(file, 'utf8'))) {
      if (spec.startsWith('.') || spec.startsWith('/')) {
        const target = resolve(dirname(file), spec);
        if (!existsSync(target)) throw new Error(`${relative(REPO, file)} imports ${spec}, which does not exist`);
        queue.push(target);
      } else if (spec.startsWith('node:') || builtinModules.includes(spec)) {
        continue;
      } else {
        packages.add(spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : (spec.split('/')[0] as string));
      }
    }
  }
  return { files: [...files].map((f) => relative(REPO, f)).sort(), packages: [...packages].sort() };
}

describe('the imglio-audit package', () => {
  const graph = importGraph(join(AUDITS, pkg.bin['imglio-audit'] as string));

  it('finds imports of every form', () => {
    expect(importSpecifiers(`import a from './a.ts';\nimport { b,\n c } from "../b.ts";\nexport * from './c.ts';\nimport './d.ts';\nconst e = await import('./e.ts');\nimport type { F } from './f.ts';\n// import x from './commented.ts'\n/* import('./also-commented.ts') */`)).toEqual(['./a.ts', '../b.ts', './c.ts', './f.ts', './d.ts', './e.ts']);
  });

  it('reaches from its bin only files inside audits/, never src/ or scripts/', () => {
    expect(graph.files).toContain('audits/bin/typescript-hooks.mjs');
    expect(graph.files).toContain('audits/cli.ts');
    expect(graph.files).toContain('audits/support/run-audit.ts');
    expect(graph.files).toContain('audits/support/verify.ts');
    expect(graph.files.filter((f) => !f.startsWith('audits/') || f.startsWith('audits/node_modules/'))).toEqual([]);
    expect(graph.files.filter((f) => /\.(test|spec)\.ts$/.test(f))).toEqual([]);
  });

  it('imports only Node built-ins and its own dependencies, each pinned to the project\'s version', () => {
    expect(graph.packages.filter((p) => !(p in pkg.dependencies))).toEqual([]);
    expect(pkg.devDependencies ?? {}).toEqual({});
    expect(Object.keys(pkg.dependencies).sort()).toEqual(['esbuild', 'playwright-core', 'sharp']);
    for (const [name, version] of Object.entries(pkg.dependencies)) {
      expect(version, `${name} is pinned`).toMatch(/^\d+\.\d+\.\d+$/);
      expect(rootPkg.devDependencies[name] ?? rootPkg.dependencies[name], `${name}: the project pins the same version`).toBe(version);
    }
    const lock = JSON.parse(readFileSync(join(AUDITS, 'package-lock.json'), 'utf8')) as { packages: Record<string, { version?: string; dependencies?: Record<string, string> }> };
    expect(lock.packages['']?.dependencies).toEqual(pkg.dependencies);
    for (const [name, version] of Object.entries(pkg.dependencies)) expect(lock.packages[`node_modules/${name}`]?.version, `${name} in audits/package-lock.json`).toBe(version);
  });

  // The canary seeds (HEIC, JPEG XL) are data the audit reads at run time, not tests.
  it('ships every file its bin reaches, and none of the project\'s tests', () => {
    const packed = JSON.parse(execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: AUDITS, encoding: 'utf8' })) as Array<{ files: Array<{ path: string }> }>;
    const shipped = (packed[0]?.files ?? []).map((f) => `audits/${f.path}`);
    expect(graph.files.filter((f) => !shipped.includes(f))).toEqual([]);
    expect(shipped.filter((f) => /\.(test|spec)\.ts$|playwright\.config|global-setup|mutations\/|fixtures\/(?!canary-seeds\/)|support\/target\.ts/.test(f))).toEqual([]);
  }, 60_000); // npm pack on a shared machine

  it('runs Chromium with the same flags as the project', () => {
    expect([...CHROMIUM_ARGS]).toEqual(PROJECT_ARGS);
  });
});
