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
    coverage: {
      provider: 'v8',
      include: ['src/**/*.ts'],
      reporter: ['text-summary', 'html', 'json-summary'],
      reportsDirectory: 'coverage',
      // A failing run still says what it covered.
      reportOnFailure: true,
      // Just under what the whole suite measured (statements 81.4, branches 73.3, functions 83.4,
      // lines 83.8 %): code that only runs in the CLI's child processes is not counted.
      thresholds: { statements: 80, branches: 72, functions: 82, lines: 82 },
    },
  },
});
