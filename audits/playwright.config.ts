import { defineConfig } from '@playwright/test';

/**
 * The privacy audit (audit.spec.ts) and its mutation suite (mutations/). Each
 * test launches its own Chromium (behind the recording proxy), so nothing is
 * configured here beyond where the tests are and how long they may take.
 */
export default defineConfig({
  testDir: '.',
  testMatch: ['audit.spec.ts', 'audit-url.spec.ts', 'tool-driver.spec.ts', 'mutations/*.spec.ts'],
  outputDir: '../test-results/audits',
  fullyParallel: true,
  workers: 2,
  retries: 0,
  // Generous: real tools encode every canary into every format on 2 cores; each step has its own limit.
  timeout: 600_000,
  reporter: [['list']],
});
