import { defineConfig } from '@playwright/test';

/**
 * The privacy audit (audit.spec.ts; `npm run audit`), its AUDIT_URL
 * acceptance run against a second nginx, the generic tool driver against a
 * fixture tool, and the mutation suite (mutations/). Each test launches its
 * own Chromium behind its own recording proxy. The mutation suite (26 leaky
 * variants, about a minute each on 2 cores) runs alone with AUDIT_SUITE=mutations
 * (`npm run audit:mutations`, which .ci/run runs after `npm test`), so that
 * `npm test` stays well under half an hour.
 */
const mutationsOnly = process.env.AUDIT_SUITE === 'mutations';

export default defineConfig({
  testDir: '.',
  globalSetup: './global-setup.ts',
  testMatch: mutationsOnly ? ['mutations/*.spec.ts'] : ['audit.spec.ts', 'audit-url.spec.ts', 'audit-https.spec.ts', 'audit-subpath.spec.ts', 'witness-missing.spec.ts', 'tool-driver.spec.ts', 'verify.spec.ts'],
  outputDir: '../test-results/audits',
  fullyParallel: true,
  workers: 2,
  retries: 0,
  // Generous: real tools encode every canary into every format on 2 cores; each step has its own limit.
  timeout: 600_000,
  reporter: [['list']],
});
