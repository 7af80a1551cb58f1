import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import tseslint from 'typescript-eslint';

export default defineConfig(
  { ignores: ['dist/', 'build/', '.astro/', 'node_modules/', 'test-results/', 'playwright-report/', 'audits/reports/', 'tests/fixtures/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    // The mutation suite's leak scripts and the fixture tool run in the browser.
    files: ['audits/mutations/leaks/*.js', 'audits/fixtures/**/*.js'],
    languageOptions: {
      globals: Object.fromEntries(
        ['window', 'self', 'document', 'location', 'navigator', 'localStorage', 'Worker', 'WebSocket', 'RTCPeerConnection', 'FileReader', 'Image', 'btoa', 'createImageBitmap', 'fetch', 'OffscreenCanvas', 'Blob', 'TextEncoder'].map((name) => [name, 'readonly']),
      ),
    },
  },
  {
    files: ['**/*.{js,mjs,ts,tsx}'],
    languageOptions: {
      globals: { console: 'readonly', process: 'readonly', URL: 'readonly', fetch: 'readonly', setTimeout: 'readonly', Buffer: 'readonly' },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
);
