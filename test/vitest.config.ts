import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    root: fileURLToPath(new URL('..', import.meta.url)),
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 60_000, // e2e walks spawn several CLI processes; 2-core CI machines under load need the headroom
    hookTimeout: 60_000,
    // Stopgap, see the issue notes: three e2e tests fail intermittently on a loaded 2-core CI machine (query-interrupt on
    // PostgreSQL, the CI-recipes regenerate walk, once the web UI setup walk); a failed test is run once more.
    retry: 1,
    // Connector suites share real servers; files run in parallel but each uses its own schema/database.
    pool: 'forks',
    reporters: ['default', './test/support/summary-reporter.ts'],
  },
});
