import { defineConfig } from 'vitest/config';

/** `npm run test:docker`: the real image and the real compose file, on a Docker engine. */
export default defineConfig({
  test: {
    include: ['test/docker/**/*.test.ts'],
    globalSetup: ['test/docker/global-setup.ts'],
    // Image builds, compose runs and drains: minutes, not seconds.
    testTimeout: 300_000,
    hookTimeout: 900_000,
    pool: 'forks',
    // One compose project on the host's ports: the files run one after the other.
    fileParallelism: false,
    maxWorkers: 1,
    reporters: ['default', './test/helpers/summary-reporter.ts'],
  },
});
