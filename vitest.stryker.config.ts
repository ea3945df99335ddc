import { defineConfig } from 'vitest/config';

// The tests mutation testing runs (`npm run test:mutation`): the unit tests, plus the
// in-process pagination test, which needs only a loopback HTTP server (no Redis, no build).
export default defineConfig({
  test: {
    include: ['test/unit/**/*.test.ts', 'test/integration/gateway-pagination.test.ts'],
    testTimeout: 30_000,
  },
});
