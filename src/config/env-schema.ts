import { z } from 'zod';
import { adminTokenField, redisUrlField, secretListField } from './env-security-fields.js';
import { clusterNodeListField, sentinelListField } from './redis-fields.js';
import { parseDuration, parseRate, parseSize } from './units.js';

export { MIN_ADMIN_TOKEN_LENGTH, MIN_SECRET_LENGTH } from './env-security-fields.js';

const duration = (fallback: string) =>
  z
    .string()
    .default(fallback)
    .transform((text, ctx) => {
      const ms = parseDuration(text);
      if (ms === undefined || ms < 0) {
        ctx.addIssue({ code: 'custom', message: `expected a duration such as 30s, 15m, 12h or 7d, got "${text}"` });
        return z.NEVER;
      }
      return ms;
    });

const size = (fallback: string) =>
  z
    .string()
    .default(fallback)
    .transform((text, ctx) => {
      const bytes = parseSize(text);
      if (bytes === undefined || bytes <= 0) {
        ctx.addIssue({ code: 'custom', message: `expected a size such as 1048576, 512kb or 1mib, got "${text}"` });
        return z.NEVER;
      }
      return bytes;
    });

const int = (fallback: number, min: number, max: number) =>
  z.coerce.number().int().min(min).max(max).default(fallback);

const bool = (fallback: boolean) =>
  z
    .enum(['true', 'false', '1', '0', 'yes', 'no'], { message: 'expected true or false' })
    .default(fallback ? 'true' : 'false')
    .transform((value) => value === 'true' || value === '1' || value === 'yes');

const optionalText = z
  .string()
  .optional()
  .transform((value) => (value === undefined || value.trim() === '' ? undefined : value.trim()));

/** SYSTEME_API_URL, MATON_CTRL_URL and PUBLIC_URL: web addresses (Redis has its own fields). */
const absoluteUrl = () => z.url({ protocol: /^https?$/, message: 'expected an absolute http:// or https:// URL' });
const url = (fallback: string) => absoluteUrl().default(fallback);
const optionalUrl = () => absoluteUrl().optional();

/**
 * Every environment variable the service reads, with its default.
 * `.env.example` and docs/configuration.md are checked against this list.
 */
export const envSchema = z.object({
  /** Comma-separated webhook secrets; the first signs (current), all verify (rotation). */
  SYSTEME_WEBHOOK_SECRET: secretListField,
  /** Redis for queues, dedupe, locks and caches: redis://, rediss:// or a unix socket path. Default `redis://127.0.0.1:6379`. */
  REDIS_URL: redisUrlField('redis://127.0.0.1:6379'),
  /** Comma-separated `host:port` of Redis Sentinels; when set, used instead of REDIS_URL (docs/high-availability.md). */
  REDIS_SENTINELS: sentinelListField,
  /** The master's name as the sentinels monitor it (`sentinel monitor <name> …`); required with REDIS_SENTINELS. */
  REDIS_SENTINEL_NAME: optionalText,
  /** Comma-separated `host:port` of some Redis Cluster nodes; when set, used instead of REDIS_URL (docs/scaling.md). */
  REDIS_CLUSTER_NODES: clusterNodeListField,
  /** Password of the Redis servers (AUTH); unset: none, or the one in REDIS_URL. */
  REDIS_PASSWORD: optionalText,
  /** Password of the sentinels themselves, when they require one. */
  REDIS_SENTINEL_PASSWORD: optionalText,
  /** Replicas that must hold a delivery (Redis WAIT) before the receiver answers 2xx; 0 does not wait. Default 0. */
  REDIS_ACK_REPLICAS: int(0, 0, 16),
  /** Longest wait for those replicas before answering 503. Default 500 ms. */
  REDIS_ACK_TIMEOUT: duration('500ms'),
  /** Prefix of every Redis key. Default `systeme-hooks`. */
  QUEUE_PREFIX: z.string().regex(/^[A-Za-z0-9_.-]+$/, 'letters, digits, _ . - only').default('systeme-hooks'),
  PORT: int(3000, 0, 65535),
  HOST: z.string().min(1).default('0.0.0.0'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  LOG_PRETTY: bool(false),
  /** Largest accepted webhook body. Default 1 MiB. */
  WEBHOOK_BODY_LIMIT: size('1mib'),
  /** How long a message id is remembered. Default 7 days. */
  DEDUPE_TTL: duration('7d'),
  /** Time allowed for a whole request (slow clients are cut off). Default 10 s. */
  HTTP_REQUEST_TIMEOUT: duration('10s'),
  /** Most sockets the receiver keeps open at once. Default 2048. */
  HTTP_MAX_CONNECTIONS: int(2048, 1, 1_000_000),
  /**
   * Accept deliveries on the single-secret route `/webhooks/systeme`. Default false: one secret
   * for every event lets a captured body be replayed under another event (docs/security.md).
   */
  ALLOW_SINGLE_SECRET_ROUTE: bool(false),

  SYSTEME_API_KEY: optionalText,
  MATON_API_KEY: optionalText,
  MATON_CONNECTION: optionalText,
  /** Overrides the API base URL (simulator, proxy). */
  SYSTEME_API_URL: optionalUrl(),
  /** Maton control API for `maton` commands. Default `https://ctrl.maton.ai`. */
  MATON_CTRL_URL: url('https://ctrl.maton.ai'),
  /** Timeout of one API call. Default 10 s. */
  API_TIMEOUT: duration('10s'),
  /** Brief retries inside one API call (network errors, 5xx). Default 2. */
  API_RETRIES: int(2, 0, 10),
  /**
   * Hard cap on API calls shared by every worker, `N/window`. Unset: the workers learn the
   * account's quota from the API's rate-limit headers (less SYSTEME_RATE_MARGIN).
   */
  SYSTEME_RATE_LIMIT: z
    .string()
    .optional()
    .transform((text, ctx) => {
      if (text === undefined || text.trim() === '') return undefined;
      const rate = parseRate(text);
      if (!rate) {
        ctx.addIssue({ code: 'custom', message: `expected N/window such as 10/1s or 300/1m, got "${text}"` });
        return z.NEVER;
      }
      return rate;
    }),

  /** Share of the learned quota left to the account's other integrations, percent. Default 10. */
  SYSTEME_RATE_MARGIN: int(10, 0, 90),

  RULES_FILE: z.string().min(1).default('./rules.yaml'),
  WORKER_CONCURRENCY: int(10, 1, 1000),
  JOB_ATTEMPTS: int(10, 1, 100),
  /** First retry delay of a failed job; doubles each attempt up to 1 h, with jitter. Default 10 s. */
  JOB_BACKOFF: duration('10s'),
  FAILED_RETENTION: duration('30d'),
  DRY_RUN: bool(false),
  /** Port of the worker's own `/metrics` listener; 0 picks a free one. Default 9464. */
  METRICS_PORT: int(9464, 0, 65535),
  /** How often a worker scans for drift between payment and access (report only: docs/reconcile.md); 0 turns it off. Default off. */
  RECONCILE_EVERY: duration('0'),

  /** How long a contact's history is kept (`systeme-hooks history`, `/admin`); 0 turns it off. Default 90 days. */
  HISTORY_RETENTION: duration('90d'),
  /** Most history entries kept per contact; the oldest go first. Default 1000 (about 50 sales). */
  HISTORY_MAX_PER_CONTACT: int(1000, 10, 100_000),

  /** Enables the admin pages (queue dashboard at `/admin/queues`, contact history at `/admin`), protected by this token (24+ characters). */
  ADMIN_TOKEN: adminTokenField,
  /** Public base URL of the receiver, used by `webhook register` in compose. */
  PUBLIC_URL: optionalUrl(),
});

export type Env = z.input<typeof envSchema>;
export type ParsedEnv = z.output<typeof envSchema>;
export const ENV_KEYS = Object.keys(envSchema.shape) as (keyof ParsedEnv)[];
