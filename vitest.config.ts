import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // The deployment suite has its own project and engine: npm run test:docker (vitest.docker.config.ts).
    exclude: ['test/docker/**', '**/node_modules/**'],
    globalSetup: ['test/helpers/global-redis.ts', 'test/helpers/global-logs.ts'],
    // A hang detector, not a speed check: generous enough for a machine whose cores are all busy.
    testTimeout: 120_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Two cores: integration files share one Redis and spawn child processes.
    maxWorkers: 2,
    reporters: ['default', './test/helpers/summary-reporter.ts'],
  },
});
