import { defineConfig } from 'vitest/config';

/** Unit tests for pure logic; each test sits beside its module. */
export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'scripts/**/*.test.mjs', 'audits/**/*.test.ts', 'deploy/**/*.test.ts', 'tests/fuzz/**/*.test.ts'],
    environment: 'node',
  },
});
