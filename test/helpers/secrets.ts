/**
 * Every secret and API key the test suite configures, in one list, so the log scan run after
 * the suite (global-logs.ts) knows what must never appear in a log line. Tests that configure
 * a secret should take it from here; the literals other test files define are listed below.
 */
export const RESILIENCE_SECRETS = {
  /** SYSTEME_WEBHOOK_SECRET of the resilience tests (current). */
  webhook: 'whsec-resilience-7c1e0b5d9a2f46e8',
  /** A second, older secret during a rotation. */
  webhookOld: 'whsec-resilience-old-3b8d1f0c6e',
  /** SYSTEME_API_KEY of the resilience tests and the simulator's key. */
  apiKey: 'sk-resilience-api-4f2a9e61d3c07b55',
  /** ADMIN_TOKEN of the resilience tests (24 characters at least). */
  adminToken: 'admin-resilience-9d4c2b7e1f0a6358',
  /** REDIS_PASSWORD of the Sentinel failover test (requirepass of its servers). */
  redisPassword: 'redis-pass-resilience-5e0c8a2f71',
  /** REDIS_SENTINEL_PASSWORD of the Sentinel failover test (requirepass of its sentinels). */
  sentinelPassword: 'sentinel-pass-resilience-b3d96f04',
} as const;

/** Literals defined by other test files (kept in sync by hand; see the report of the resilience work). */
const OTHER_SUITE_SECRETS = [
  'sim-api-key-0123456789',
  'admin-token-0123456789abcdef0123',
  'admin-guard-token-0123456789abcdef',
  'whsec-admin-0123456789',
  'demo-webhook-secret',
  'sk_live_do-not-leak-7f3a9c',
  'whsec-metrics-0123456789',
  'whsec-redis-tests',
  'whsec-current-0123456789',
  'whsec-control-secret',
  'whsec-test-secret',
  'sk-live-never-printed',
];

/** What the log scan looks for: long enough to be distinctive (short words like "s3cret" would match prose). */
export const SUITE_SECRETS: readonly string[] = [...Object.values(RESILIENCE_SECRETS), ...OTHER_SUITE_SECRETS];
