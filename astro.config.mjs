// @ts-check
import { defineConfig } from 'astro/config';
import preact from '@astrojs/preact';
import { securityEnvelope } from './src/integrations/security-envelope.ts';
import { bundledLicenses } from './src/integrations/bundled-licenses.ts';
import { inlineWasm } from './src/integrations/inline-wasm.ts';
import { prefetchList } from './src/integrations/prefetch-list.ts';

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
  // At astro:build:done the prefetch list is injected before the envelope hashes inline code.
  integrations: [preact(), licenses.integration, prefetchList(), securityEnvelope()],
  vite: {
    build: { sourcemap: false },
    // WASM travels inside worker JS chunks so it loads under connect-src 'none';
    // page bundles get a stub (codecs run only in the image worker).
    plugins: [inlineWasm({ bytes: 'stub' })],
    worker: { format: 'es', plugins: () => [licenses.vitePlugin(), inlineWasm()] },
  },
});
