import type { IncomingHttpHeaders } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { httpError, SimHttpError } from '../errors.js';
import type { Faults } from '../faults.js';
import { mediaType, parseJson } from '../http/read-body.js';
import type { Handler, RouteResult } from '../http/router.js';
import { rateLimitHeaders, type RateLimiter } from '../rate-limiter.js';
import { isAuthorized } from './auth.js';

export interface ApiPipelineDeps {
  apiKey: string;
  limiter: RateLimiter;
  faults: Faults;
  latencyMs: number;
}

/** One API request as the pipeline reads it. */
export interface ApiRequest {
  method: string;
  headers: IncomingHttpHeaders;
  url: URL;
  /** The body's exact bytes (empty when none). */
  raw: Buffer;
}

/** What the router found for the request's method and path. */
export type ApiTarget =
  | { kind: 'found'; handler: Handler; params: Record<string, string> }
  | { kind: 'method-not-allowed'; allowed: readonly string[] }
  | { kind: 'not-found' };

function checkContentType(method: string, header: string | undefined, raw: Buffer): void {
  if (raw.length === 0) return;
  const type = mediaType(header);
  // PATCH bodies are merge-patch documents (docs/systeme-io.md#request-bodies); API Platform refuses other types with 415.
  if (method === 'PATCH' && type !== 'application/merge-patch+json') {
    throw httpError(415, `The content-type "${type}" is not supported. Supported MIME types are "application/merge-patch+json".`);
  }
  if (method !== 'PATCH' && !/^application\/([\w.-]+\+)?json$/.test(type)) {
    throw httpError(415, `The content-type "${type}" is not supported. Supported MIME types are "application/json".`);
  }
}

async function route(request: ApiRequest, target: ApiTarget): Promise<RouteResult> {
  const { method, url, raw } = request;
  if (target.kind === 'not-found') throw httpError(404, `No route found for "${method} ${url.pathname}".`);
  if (target.kind === 'method-not-allowed') {
    throw httpError(405, `No route found for "${method} ${url.pathname}": Method Not Allowed (Allow: ${target.allowed.join(', ')}).`, 'An error occurred', { allow: target.allowed.join(', ') });
  }
  checkContentType(method, request.headers['content-type'], raw);
  return target.handler({ params: target.params, query: url.searchParams, body: parseJson(raw) });
}

/**
 * One API request, in the order the real service plausibly applies: latency, key, quota,
 * injected fault, then the handler. A faulted request never reaches its handler, so it changes
 * nothing. Every answer carries the rate-limit headers; a 401 uses no quota.
 */
export async function answerApi(deps: ApiPipelineDeps, request: ApiRequest, target: ApiTarget, signal: AbortSignal): Promise<RouteResult> {
  if (deps.latencyMs > 0) await sleep(deps.latencyMs, undefined, { signal });
  if (!isAuthorized(request.headers, deps.apiKey)) {
    const error = httpError(401, 'Invalid or missing API key: send it as "X-API-Key: <key>" (or "Authorization: Bearer <key>" through Maton).', 'Unauthorized');
    return { status: 401, body: error.body, headers: rateLimitHeaders(deps.limiter.peek()) };
  }
  const quota = deps.limiter.take();
  const limitHeaders = rateLimitHeaders(quota);
  if (!quota.allowed) {
    const detail = `Rate limit of ${quota.limit} requests exceeded: retry after ${quota.refillSeconds} seconds.`;
    return { status: 429, body: { title: 'Too Many Requests', detail }, headers: { ...limitHeaders, 'retry-after': String(quota.refillSeconds) } };
  }
  try {
    const fault = deps.faults.pick();
    if (fault) throw fault;
    const result = await route(request, target);
    return { ...result, headers: { ...limitHeaders, ...result.headers } };
  } catch (error) {
    if (!(error instanceof SimHttpError)) throw error;
    return { status: error.status, body: error.body, headers: { ...limitHeaders, ...error.headers } };
  }
}
