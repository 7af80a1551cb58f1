import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import tseslint from 'typescript-eslint';

export default defineConfig(
  { ignores: ['dist/', 'build/', '.astro/', 'node_modules/', 'test-results/', 'playwright-report/', 'audits/reports/', 'tests/fixtures/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    // The mutation suite's leak scripts run in the browser, as classic scripts.
    files: ['audits/mutations/leaks/*.js'],
    languageOptions: {
      sourceType: 'script',
      globals: Object.fromEntries(
        ['window', 'self', 'document', 'location', 'navigator', 'localStorage', 'Worker', 'WebSocket', 'RTCPeerConnection', 'FileReader', 'Image', 'btoa', 'createImageBitmap', 'fetch'].map((name) => [name, 'readonly']),
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
