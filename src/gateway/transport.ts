import type { z } from 'zod';
import type { Logger } from 'pino';
import type { ApiAuth } from '../config/load-config.js';
import { authHeaders } from './auth-headers.js';
import { errorFromResponse } from './error-from-response.js';
import { decodeResponse, parseBody } from './decode-response.js';
import { AbortedError, ServerError, TimeoutError, type SystemeApiError } from './errors.js';
import { readRateLimit, type RateLimitState } from './rate-limit-headers.js';
import { retryDelay, shouldRetry } from './retry.js';
import type { HttpFetch } from './node-http-fetch.js';
import { sendOnce, type RawResponse } from './send-once.js';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface RequestInfo {
  operation: string;
  method: HttpMethod;
  path: string;
}

export interface CallRecord extends RequestInfo {
  /** HTTP status, or how the attempt ended without one. */
  status: number | 'network' | 'timeout' | 'aborted';
  durationMs: number;
}

export interface TransportOptions {
  baseUrl: string;
  auth: ApiAuth;
  timeoutMs: number;
  retries: number;
  retryBaseMs: number;
  retryCapMs: number;
  userAgent: string;
  fetch: HttpFetch;
  sleep: (ms: number, signal: AbortSignal) => Promise<void>;
  random: () => number;
  now: () => number;
  logger?: Logger | undefined;
  beforeRequest?: ((info: RequestInfo, signal: AbortSignal) => Promise<void>) | undefined;
  onCall?: ((call: CallRecord) => void) | undefined;
}

export interface CallSpec extends RequestInfo {
  query?: Record<string, string | number | undefined> | undefined;
  body?: unknown;
  signal?: AbortSignal | undefined;
}

export type Transport = ReturnType<typeof createTransport>;

function buildUrl(baseUrl: string, path: string, query: CallSpec['query']): string {
  const url = new URL(baseUrl.replace(/\/+$/, '') + path);
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value !== undefined) url.searchParams.set(key, String(value));
  }
  return url.toString();
}

/** Sends calls with auth, timeout, brief retries, rate-limit bookkeeping, logs and metrics. */
export function createTransport(options: TransportOptions) {
  const { logger, now } = options;
  const fixedHeaders = { accept: 'application/json', 'user-agent': options.userAgent, ...authHeaders(options.auth) };
  let lastRateLimit: RateLimitState | undefined;

  async function attempt(spec: CallSpec, attemptNo: number, callSignal: AbortSignal): Promise<RawResponse> {
    const { operation, method, path } = spec;
    try {
      await options.beforeRequest?.({ operation, method, path }, callSignal);
    } catch (error) {
      if (callSignal.aborted) throw new AbortedError(operation, callSignal.reason);
      throw error;
    }
    const headers: Record<string, string> = { ...fixedHeaders };
    // docs/systeme-io.md#request-bodies: PATCH bodies are merge-patch documents, POST/PUT plain JSON.
    if (spec.body !== undefined) headers['content-type'] = method === 'PATCH' ? 'application/merge-patch+json' : 'application/json';
    const init: RequestInit = {
      method,
      headers,
      redirect: 'manual',
      ...(spec.body === undefined ? {} : { body: JSON.stringify(spec.body) }),
    };
    const started = now();
    let status: CallRecord['status'] = 'network';
    try {
      const url = buildUrl(options.baseUrl, path, spec.query);
      const raw = await sendOnce({ operation, fetch: options.fetch, url, init, timeoutMs: options.timeoutMs, signal: spec.signal });
      status = raw.status;
      lastRateLimit = readRateLimit(raw.headers, now()) ?? lastRateLimit;
      if (raw.status >= 200 && raw.status < 300) return raw;
      const body = parseBody(raw.text);
      throw errorFromResponse({ operation, status: raw.status, body, headers: raw.headers, authMode: options.auth.mode, now: now() });
    } catch (error) {
      if (error instanceof TimeoutError) status = 'timeout';
      if (error instanceof AbortedError) status = 'aborted';
      throw error;
    } finally {
      const durationMs = now() - started;
      // Only these fields: never headers, which carry the key.
      logger?.debug({ operation, method, path, status, durationMs, attempt: attemptNo }, 'systeme api call');
      options.onCall?.({ operation, method, path, status, durationMs });
    }
  }

  async function send(spec: CallSpec): Promise<RawResponse> {
    const callSignal = spec.signal ?? new AbortController().signal;
    for (let attemptNo = 1; ; attemptNo++) {
      try {
        return await attempt(spec, attemptNo, callSignal);
      } catch (error) {
        if (!shouldRetry(error, attemptNo, spec.method, options.retries)) throw error;
        const delayMs = retryDelay(attemptNo, {
          baseMs: options.retryBaseMs,
          capMs: options.retryCapMs,
          random: options.random,
          retryAfterMs: error instanceof ServerError ? error.retryAfterMs : undefined,
        });
        const code = (error as SystemeApiError).code;
        logger?.debug({ operation: spec.operation, attempt: attemptNo, delayMs, code }, 'retrying systeme api call');
        try {
          await options.sleep(delayMs, callSignal);
        } catch (sleepError) {
          throw new AbortedError(spec.operation, callSignal.aborted ? callSignal.reason : sleepError);
        }
      }
    }
  }

  return {
    /** Sends and decodes the body with `schema`. */
    async call<T>(spec: CallSpec, schema: z.ZodType<T>): Promise<T> {
      const raw = await send(spec);
      return decodeResponse(spec.operation, raw.status, raw.text, schema);
    },
    /** Sends a call whose success has no body worth reading (204, 202). */
    async callVoid(spec: CallSpec): Promise<void> {
      await send(spec);
    },
    rateLimit(): RateLimitState | undefined {
      return lastRateLimit;
    },
  };
}
