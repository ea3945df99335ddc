import { ConfigError } from './config-error.js';
import { envSchema, ENV_KEYS, type ParsedEnv } from './env-schema.js';
import type { RedisEndpoint } from './redis-endpoint.js';

const SYSTEME_API_BASE = 'https://api.systeme.io';
const MATON_API_BASE = 'https://gateway.maton.ai/systeme';

/** What a command needs beyond the defaults: `secret` to verify or sign webhooks, `api` to call Systeme.io. */
export type ConfigNeed = 'secret' | 'api';

export type ApiAuth =
  | { mode: 'direct'; apiKey: string }
  | { mode: 'maton'; apiKey: string; connection?: string | undefined };

export interface Config {
  env: ParsedEnv;
  webhook: {
    /** First is current (signs); all verify. */
    secrets: string[];
    bodyLimit: number;
    dedupeTtlMs: number;
    allowSingleSecretRoute: boolean;
  };
  redis: {
    /** REDIS_URL; ignored when `endpoint` is a Sentinel deployment or a cluster. */
    url: string;
    /** Where every connection goes: REDIS_URL, the master named by the sentinels, or the cluster. */
    endpoint: RedisEndpoint;
    /** QUEUE_PREFIX, in braces on a cluster: `{systeme-hooks}` (see keyPrefix). */
    prefix: string;
    /** Replicas that must hold a delivery before it is answered 2xx (WAIT); 0 does not wait. */
    ackReplicas: number;
    ackTimeoutMs: number;
  };
  http: { port: number; host: string; requestTimeoutMs: number; maxConnections: number };
  log: { level: ParsedEnv['LOG_LEVEL']; pretty: boolean };
  api: {
    auth: ApiAuth | undefined;
    baseUrl: string;
    timeoutMs: number;
    retries: number;
    /** SYSTEME_RATE_LIMIT; undefined: learned from the API's headers. */
    rateLimit: { max: number; durationMs: number } | undefined;
    /** SYSTEME_RATE_MARGIN, percent of a learned quota left to other integrations. */
    rateMarginPercent: number;
    matonCtrlUrl: string;
  };
  worker: {
    /** `RECONCILE_EVERY`: ms between scheduled drift scans; 0 is off. */
    reconcileEveryMs: number;
    rulesFile: string;
    concurrency: number;
    attempts: number;
    backoffMs: number;
    failedRetentionMs: number;
    dryRun: boolean;
    metricsPort: number;
  };
  /** The per-contact history: `retentionMs` 0 means none is written. */
  history: { retentionMs: number; maxPerContact: number };
  adminToken: string | undefined;
  publicUrl: string | undefined;
}

/**
 * Reads the configuration from an environment object (pure: pass `process.env` from a
 * composition root). Throws one ConfigError listing every problem at once.
 */
export function loadConfig(source: Record<string, string | undefined>, needs: ConfigNeed[] = []): Config {
  const env: Record<string, string> = {};
  for (const key of ENV_KEYS) {
    const value = source[key];
    if (value !== undefined && value !== '') env[key] = value;
  }
  const parsed = envSchema.safeParse(env);
  const problems = parsed.success
    ? []
    : parsed.error.issues.map((issue) => `${issue.path.join('.') || 'environment'}: ${issue.message}`);
  const data = parsed.success ? parsed.data : undefined;

  if (needs.includes('secret') && (data ? data.SYSTEME_WEBHOOK_SECRET.length === 0 : !env.SYSTEME_WEBHOOK_SECRET)) {
    problems.push(
      'SYSTEME_WEBHOOK_SECRET: required; generate one (openssl rand -hex 32) and keep it here: `webhook register` gives Systeme.io a secret derived from it for each event (comma-separate several during a rotation)',
    );
  }
  if (needs.includes('api')) {
    const direct = env.SYSTEME_API_KEY !== undefined;
    const maton = env.MATON_API_KEY !== undefined;
    if (direct === maton) {
      problems.push(
        direct
          ? 'SYSTEME_API_KEY / MATON_API_KEY: both are set; keep exactly one (SYSTEME_API_KEY for api.systeme.io, MATON_API_KEY for the Maton gateway)'
          : 'SYSTEME_API_KEY / MATON_API_KEY: neither is set; set SYSTEME_API_KEY (Systeme.io → Settings → Public API keys) or MATON_API_KEY',
      );
    }
  }
  problems.push(...redisProblems(env));
  if (source.BUSINESS_DEDUPE_TTL !== undefined && source.BUSINESS_DEDUPE_TTL !== '') {
    problems.push(
      'BUSINESS_DEDUPE_TTL: no longer read; a sale is now remembered for DEDUPE_TTL, and a SALE_NEW created longer ago than DEDUPE_TTL is refused as a replay (docs/security.md). Remove it, and raise DEDUPE_TTL if you want a longer window',
    );
  }
  if (problems.length > 0 || !data) throw new ConfigError(problems);
  return toConfig(data);
}

const present = (env: Record<string, string>, name: string) => env[name] !== undefined && env[name].trim() !== '';

/**
 * One way to reach Redis: REDIS_URL (one server), REDIS_SENTINELS with the master's name, or
 * REDIS_CLUSTER_NODES. Two at once would be ambiguous.
 */
function redisProblems(env: Record<string, string>): string[] {
  const sentinels = present(env, 'REDIS_SENTINELS');
  const cluster = present(env, 'REDIS_CLUSTER_NODES');
  const problems: string[] = [];
  if (sentinels && env.REDIS_URL !== undefined) {
    problems.push('REDIS_URL / REDIS_SENTINELS: both are set; keep REDIS_SENTINELS (with REDIS_SENTINEL_NAME) for Sentinel, or REDIS_URL for one server');
  }
  if (cluster && env.REDIS_URL !== undefined) {
    problems.push('REDIS_URL / REDIS_CLUSTER_NODES: both are set; keep REDIS_CLUSTER_NODES for a Redis Cluster, or REDIS_URL for one server');
  }
  if (cluster && sentinels) {
    problems.push('REDIS_CLUSTER_NODES / REDIS_SENTINELS: both are set; a Redis Cluster fails over by itself, keep REDIS_CLUSTER_NODES for it, or REDIS_SENTINELS for Sentinel');
  }
  if (sentinels && (env.REDIS_SENTINEL_NAME ?? '').trim() === '') {
    problems.push('REDIS_SENTINEL_NAME: required with REDIS_SENTINELS; set it to the master name of `sentinel monitor <name> …` (often mymaster)');
  }
  if (!sentinels && env.REDIS_SENTINEL_NAME !== undefined) {
    problems.push('REDIS_SENTINEL_NAME: set without REDIS_SENTINELS; list the sentinels as host:port,host:port');
  }
  return problems;
}

function redisEndpoint(env: ParsedEnv): RedisEndpoint {
  if (env.REDIS_CLUSTER_NODES.length > 0) return { kind: 'cluster', nodes: env.REDIS_CLUSTER_NODES, password: env.REDIS_PASSWORD };
  if (env.REDIS_SENTINELS.length > 0 && env.REDIS_SENTINEL_NAME) {
    return {
      kind: 'sentinel',
      sentinels: env.REDIS_SENTINELS,
      name: env.REDIS_SENTINEL_NAME,
      password: env.REDIS_PASSWORD,
      sentinelPassword: env.REDIS_SENTINEL_PASSWORD,
    };
  }
  return { kind: 'url', url: env.REDIS_URL, password: env.REDIS_PASSWORD };
}

/**
 * The prefix of every key. On a Redis Cluster it is a hash tag, `{QUEUE_PREFIX}`: only the part
 * in braces decides a key's slot, so BullMQ's keys and ours share one slot and every script
 * and transaction touches one slot only, as a cluster requires (docs/scaling.md).
 */
export function keyPrefix(env: Pick<ParsedEnv, 'QUEUE_PREFIX' | 'REDIS_CLUSTER_NODES'>): string {
  return env.REDIS_CLUSTER_NODES.length > 0 ? `{${env.QUEUE_PREFIX}}` : env.QUEUE_PREFIX;
}

function toConfig(env: ParsedEnv): Config {
  const auth: ApiAuth | undefined = env.SYSTEME_API_KEY
    ? { mode: 'direct', apiKey: env.SYSTEME_API_KEY }
    : env.MATON_API_KEY
      ? { mode: 'maton', apiKey: env.MATON_API_KEY, connection: env.MATON_CONNECTION }
      : undefined;
  return {
    env,
    webhook: {
      secrets: env.SYSTEME_WEBHOOK_SECRET,
      bodyLimit: env.WEBHOOK_BODY_LIMIT,
      dedupeTtlMs: env.DEDUPE_TTL,
      allowSingleSecretRoute: env.ALLOW_SINGLE_SECRET_ROUTE,
    },
    redis: {
      url: env.REDIS_URL,
      endpoint: redisEndpoint(env),
      prefix: keyPrefix(env),
      ackReplicas: env.REDIS_ACK_REPLICAS,
      ackTimeoutMs: env.REDIS_ACK_TIMEOUT,
    },
    http: {
      port: env.PORT,
      host: env.HOST,
      requestTimeoutMs: env.HTTP_REQUEST_TIMEOUT,
      maxConnections: env.HTTP_MAX_CONNECTIONS,
    },
    log: { level: env.LOG_LEVEL, pretty: env.LOG_PRETTY },
    api: {
      auth,
      baseUrl: env.SYSTEME_API_URL ?? (auth?.mode === 'maton' ? MATON_API_BASE : SYSTEME_API_BASE),
      timeoutMs: env.API_TIMEOUT,
      retries: env.API_RETRIES,
      rateLimit: env.SYSTEME_RATE_LIMIT,
      rateMarginPercent: env.SYSTEME_RATE_MARGIN,
      matonCtrlUrl: env.MATON_CTRL_URL,
    },
    worker: {
      rulesFile: env.RULES_FILE,
      reconcileEveryMs: env.RECONCILE_EVERY,
      concurrency: env.WORKER_CONCURRENCY,
      attempts: env.JOB_ATTEMPTS,
      backoffMs: env.JOB_BACKOFF,
      failedRetentionMs: env.FAILED_RETENTION,
      dryRun: env.DRY_RUN,
      metricsPort: env.METRICS_PORT,
    },
    history: { retentionMs: env.HISTORY_RETENTION, maxPerContact: env.HISTORY_MAX_PER_CONTACT },
    adminToken: env.ADMIN_TOKEN,
    publicUrl: env.PUBLIC_URL,
  };
}
