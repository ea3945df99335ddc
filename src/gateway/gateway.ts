import { setTimeout as delay } from 'node:timers/promises';
import type { Logger } from 'pino';
import type { ApiAuth } from '../config/load-config.js';
import { createPaginator } from './paginate.js';
import type { RateLimitState } from './rate-limit-headers.js';
import { communitiesApi, membershipsApi } from './resources/community.js';
import { contactFieldsApi } from './resources/contact-fields.js';
import { contactsApi } from './resources/contacts.js';
import { coursesApi, enrollmentsApi } from './resources/school.js';
import { subscriptionsApi } from './resources/subscriptions.js';
import { tagsApi } from './resources/tags.js';
import { webhooksApi } from './resources/webhooks.js';
import { createTransport, type CallRecord, type RequestInfo } from './transport.js';
import { createNodeHttpFetch, type HttpFetch } from './node-http-fetch.js';

export interface GatewayOptions {
  /** API base URL: `https://api.systeme.io`, `https://gateway.maton.ai/systeme` or the simulator's. Required. */
  baseUrl: string;
  /** Direct key (`X-API-Key`) or Maton key (bearer, optional `Maton-Connection`). Required. */
  auth: ApiAuth;
  /** Time allowed for one HTTP attempt, body included. Default 10000 ms. */
  timeoutMs?: number;
  /** Extra attempts after a network error, timeout or 5xx on GET/PUT/DELETE. Default 2. */
  retries?: number;
  /** First backoff delay before jitter. Default 200 ms. */
  retryBaseMs?: number;
  /** Longest computed backoff delay. Default 2000 ms. */
  retryCapMs?: number;
  /** Gets one debug line per attempt (operation, method, path, status, duration; never a key). Default: none. */
  logger?: Logger;
  /** HTTP client, fetch-shaped (the global `fetch` is one). Default: node:http with keep-alive (createNodeHttpFetch). */
  fetch?: HttpFetch;
  /** Waits between retries; must reject when `signal` aborts. Default an abortable timer. */
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
  /** Jitter source in [0, 1). Default `Math.random`. */
  random?: () => number;
  /** Clock in ms. Default `Date.now`. */
  now?: () => number;
  /**
   * Awaited before every HTTP attempt, retries included (the worker's shared rate limiter
   * waits here); `signal` is the caller's. What it throws fails the call unchanged. Default: none.
   */
  beforeRequest?: (info: RequestInfo, signal: AbortSignal) => Promise<void>;
  /** Called after every attempt with its outcome (metrics). Default: none. */
  onCall?: (call: CallRecord) => void;
  /** `User-Agent` header. Default `systeme-hooks`. */
  userAgent?: string;
}

export type Gateway = ReturnType<typeof createGateway>;

/** A typed Systeme.io API client; opens nothing until a call is made. */
export function createGateway(options: GatewayOptions) {
  const transport = createTransport({
    baseUrl: options.baseUrl,
    auth: options.auth,
    timeoutMs: options.timeoutMs ?? 10_000,
    retries: options.retries ?? 2,
    retryBaseMs: options.retryBaseMs ?? 200,
    retryCapMs: options.retryCapMs ?? 2_000,
    userAgent: options.userAgent ?? 'systeme-hooks',
    fetch: options.fetch ?? createNodeHttpFetch(),
    sleep: options.sleep ?? ((ms, signal) => delay(ms, undefined, { signal })),
    random: options.random ?? Math.random,
    now: options.now ?? Date.now,
    logger: options.logger,
    beforeRequest: options.beforeRequest,
    onCall: options.onCall,
  });
  const context = { transport, paginator: createPaginator(transport, options.logger) };
  return {
    contacts: contactsApi(context),
    tags: tagsApi(context),
    contactFields: contactFieldsApi(context),
    courses: coursesApi(context),
    enrollments: enrollmentsApi(context),
    communities: communitiesApi(context),
    memberships: membershipsApi(context),
    subscriptions: subscriptionsApi(context),
    webhooks: webhooksApi(context),
    /** What the last answer's `X-RateLimit-*` headers said, or undefined before any such answer. */
    rateLimit(): RateLimitState | undefined {
      return transport.rateLimit();
    },
  };
}
