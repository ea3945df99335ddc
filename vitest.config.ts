import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // The deployment suite has its own project and engine: npm run test:docker (vitest.docker.config.ts).
    exclude: ['test/docker/**', '**/node_modules/**'],
    globalSetup: ['test/helpers/global-redis.ts', 'test/helpers/global-logs.ts'],
    // Deadlines only bound a hung test: the machine is shared, and a test spawning the CLI a few
    // times can take a minute when other builds keep both cores busy.
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // Two cores: integration files share one Redis and spawn child processes.
    maxWorkers: 2,
    reporters: ['default', './test/helpers/summary-reporter.ts'],
  },
});
