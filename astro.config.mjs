// @ts-check
import { defineConfig } from 'astro/config';
import preact from '@astrojs/preact';
import { securityEnvelope } from './src/integrations/security-envelope.ts';
import { bundledLicenses } from './src/integrations/bundled-licenses.ts';
import { inlineWasm } from './src/integrations/inline-wasm.ts';
import { buildManifest } from './src/integrations/build-manifest.ts';
import { reproducibleHtml } from './src/integrations/reproducible-html.ts';
import { prefetchList } from './src/integrations/prefetch-list.ts';
import { relativeUrls } from './src/integrations/relative-urls.ts';

const licenses = bundledLicenses();

export default defineConfig({
  output: 'static',
  trailingSlash: 'always',
  build: {
    format: 'directory',
    // External stylesheets keep the CSP's hash list short; Astro still inlines a
    // few tiny styles and scripts, which the envelope integration hashes.
    inlineStylesheets: 'never',
  },
  devToolbar: { enabled: false },
  // Shiki colours code with style="…" attributes, which the CSP blocks.
  markdown: { syntaxHighlight: false },
  // astro:build:done runs in this order: HTML made path-independent, the prefetch list
  // injected, every URL made page-relative (one build for any path prefix), then the
  // envelope hashes inline code and gzips, and the manifest comes last (it hashes the
  // final files and reads build/prefetch-order.json).
  integrations: [preact(), licenses.integration, reproducibleHtml(), prefetchList(), relativeUrls(), securityEnvelope(), buildManifest()],
  vite: {
    build: { sourcemap: false },
    // URLs inside scripts (worker entry points, preload maps) resolve against
    // import.meta.url, so the one build works under any path prefix.
    experimental: { renderBuiltUrl: (_file, { hostType }) => (hostType === 'js' ? { relative: true } : undefined) },
    // WASM travels inside worker JS chunks so it loads under connect-src 'none';
    // page bundles get a stub (codecs run only in the image worker).
    plugins: [inlineWasm({ bytes: 'stub' })],
    worker: { format: 'es', plugins: () => [licenses.vitePlugin(), inlineWasm()] },
  },
});
