/**
 * Collects the npm packages that end up in the code shipped to browsers
 * (page bundles and worker bundles) and records their licences, so the
 * /licenses/ page lists exactly what is bundled, not the whole lock file.
 */
import { mkdirSync, readFileSync, readdirSync, writeFileSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';
import type { Plugin } from 'vite';

export interface BundledPackage {
  name: string;
  version: string;
  license: string;
  homepage: string | null;
  licenseText: string | null;
}

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const BUNDLED_PACKAGES_FILE = join(ROOT, 'build', 'bundled-packages.json');

/** Astro inlines its island runtime into each page's HTML, where no bundle sees it. */
const INLINED_BY_ASTRO = ['astro'];

export function packageNameFromModuleId(id: string): string | null {
  const clean = id.replace(/^\0/, '').replace(/\\/g, '/').split('?')[0] ?? '';
  const marker = clean.lastIndexOf('/node_modules/');
  if (marker < 0) return null;
  const rest = clean.slice(marker + '/node_modules/'.length).split('/');
  const [first, second] = rest;
  if (!first) return null;
  if (first.startsWith('@')) return second ? `${first}/${second}` : null;
  return first;
}

/**
 * Packages whose manifest does not say it plainly: resvg-wasm ships no licence
 * file (the MPL-2.0 text is kept in licence-texts/, and MPL asks that the
 * source be named), and the DejaVu package's licence field points at its files.
 */
const CORRECTIONS: Readonly<Record<string, { readonly license?: string; readonly homepage?: string; readonly licenseFile?: string }>> = {
  '@resvg/resvg-wasm': { homepage: 'https://github.com/yisibl/resvg-js', licenseFile: join(ROOT, 'src', 'integrations', 'licence-texts', 'MPL-2.0.txt') },
  'dejavu-fonts-ttf': { license: 'Bitstream Vera Fonts licence and Arev Fonts licence (DejaVu changes in the public domain)' },
};

function describePackage(name: string): BundledPackage {
  const described = describeFromManifest(name);
  const correction = CORRECTIONS[name];
  if (!correction) return described;
  return {
    ...described,
    ...(correction.license ? { license: correction.license } : {}),
    ...(correction.homepage ? { homepage: correction.homepage } : {}),
    ...(correction.licenseFile && described.licenseText === null ? { licenseText: readFileSync(correction.licenseFile, 'utf8').trim() } : {}),
  };
}

function describeFromManifest(name: string): BundledPackage {
  const dir = join(ROOT, 'node_modules', name);
  const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as {
    version?: string;
    license?: string | { type?: string };
    homepage?: string;
    repository?: string | { url?: string };
  };
  const license = typeof manifest.license === 'string' ? manifest.license : (manifest.license?.type ?? 'UNKNOWN');
  const licenseFile = readdirSync(dir).find((file) => /^(licen[cs]e|copying)(\.|$)/i.test(file));
  const repository = typeof manifest.repository === 'string' ? manifest.repository : manifest.repository?.url;
  return {
    name,
    version: manifest.version ?? 'unknown',
    license,
    homepage: manifest.homepage ?? repository?.replace(/^git\+/, '') ?? null,
    licenseText: licenseFile ? readFileSync(join(dir, licenseFile), 'utf8').trim() : null,
  };
}

export function readBundledPackages(): BundledPackage[] {
  if (!existsSync(BUNDLED_PACKAGES_FILE)) return [];
  return JSON.parse(readFileSync(BUNDLED_PACKAGES_FILE, 'utf8')) as BundledPackage[];
}

export function bundledLicenses(): { integration: AstroIntegration; vitePlugin: (options?: { write?: boolean }) => Plugin } {
  const names = new Set<string>(INLINED_BY_ASTRO);

  const record = (): void => {
    const packages = [...names].sort().map(describePackage);
    mkdirSync(dirname(BUNDLED_PACKAGES_FILE), { recursive: true });
    writeFileSync(BUNDLED_PACKAGES_FILE, JSON.stringify(packages, null, 2));
  };

  // Worker bundles finish before the page bundle that imports them, so only the page build writes the file.
  const vitePlugin = ({ write = false } = {}): Plugin => ({
    name: 'imglio:bundled-licenses',
    apply: 'build',
    generateBundle(_options, bundle) {
      for (const output of Object.values(bundle)) {
        if (output.type !== 'chunk') continue;
        for (const id of output.moduleIds) {
          const name = packageNameFromModuleId(id);
          if (name) names.add(name);
        }
      }
      if (write) record();
    },
  });

  const integration: AstroIntegration = {
    name: 'imglio:bundled-licenses',
    hooks: {
      'astro:build:start': () => {
        names.clear();
        for (const name of INLINED_BY_ASTRO) names.add(name);
        record();
      },
      'astro:build:setup': ({ vite, target }) => {
        if (target !== 'client') return;
        vite.plugins = [...(vite.plugins ?? []), vitePlugin({ write: true })];
      },
    },
  };
  return { integration, vitePlugin };
}
