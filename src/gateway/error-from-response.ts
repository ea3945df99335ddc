import type { HeaderReader } from './node-http-fetch.js';
import { z } from 'zod';
import type { ApiAuth } from '../config/load-config.js';
import { keyVariable } from './auth-headers.js';
import {
  ClientError,
  MatonConnectionError,
  NotFoundError,
  RateLimitedError,
  ServerError,
  UnauthorizedError,
  UnexpectedResponseError,
  ValidationError,
  type SystemeApiError,
  type Violation,
} from './errors.js';
import { rateLimitDelayMs, retryAfterMs } from './rate-limit-headers.js';

const EMAIL = /[^\s@"'<>()[\]{},;:]+@[^\s@"'<>()[\]{},;:]+\.[A-Za-z]{2,}/g;

/**
 * The API's error text with every email address replaced by `[email]`: a 422 may quote the value
 * it refused, and error messages end up in logs and in failed jobs' reasons.
 */
export function withoutEmails(text: string): string {
  return text.replace(EMAIL, '[email]');
}

/** A 429 with neither `Retry-After` nor `X-RateLimit-Refill` asks for this wait. */
export const DEFAULT_RATE_LIMIT_DELAY_MS = 1000;

// docs/systeme-io.md#errors: 422 bodies are {type,title,detail,violations}, others {title,detail}; Maton's own
// errors may use `message` or `error`. Every key is optional: a proxy may send anything.
const text = z.string().optional().catch(undefined);
const problemSchema = z.looseObject({
  title: text,
  detail: text,
  message: text,
  error: text,
  violations: z
    .array(z.looseObject({ propertyPath: z.string().catch(''), message: z.string().catch(''), code: z.string().catch('') }))
    .optional()
    .catch(undefined),
});

export interface ErrorResponse {
  operation: string;
  status: number;
  /** The parsed JSON body, or its text when it was not JSON. */
  body: unknown;
  headers: HeaderReader;
  authMode: ApiAuth['mode'];
  now: number;
}

function readProblem(body: unknown): { detail: string | undefined; violations: Violation[] } {
  if (typeof body === 'string') {
    const squeezed = withoutEmails(body.replace(/\s+/g, ' ').trim()).slice(0, 200);
    return { detail: squeezed || undefined, violations: [] };
  }
  const parsed = problemSchema.safeParse(body);
  if (!parsed.success) return { detail: undefined, violations: [] };
  const p = parsed.data;
  const detail = p.detail ?? p.message ?? p.error ?? p.title;
  return {
    detail: detail === undefined ? undefined : withoutEmails(detail),
    violations: (p.violations ?? []).map((v) => ({ ...v, message: withoutEmails(v.message) })),
  };
}

// The Maton gateway answers 400 when it has no Systeme.io connection; its exact body is not
// documented, so any 400 mentioning a connection is taken for that.
function mentionsConnection(body: unknown): boolean {
  return /connection/i.test(typeof body === 'string' ? body : JSON.stringify(body ?? ''));
}

/** The one place an HTTP status (with its body and headers) becomes an error class. */
export function errorFromResponse(response: ErrorResponse): SystemeApiError {
  const { operation, status, headers, authMode, now } = response;
  const { detail, violations } = readProblem(response.body);
  const said = detail ? `: ${detail}` : '';
  const maton = authMode === 'maton';

  if (status === 429) {
    const delayMs = rateLimitDelayMs(headers, now, DEFAULT_RATE_LIMIT_DELAY_MS);
    return new RateLimitedError(
      operation,
      `${operation}: the Systeme.io rate limit is reached (429); wait ${Math.ceil(delayMs / 1000)} s. The quota is shared by every key of the account: lower SYSTEME_RATE_LIMIT if this keeps happening`,
      delayMs,
    );
  }
  if (status === 422) {
    const listed = violations.map((v) => `${v.propertyPath || '(body)'}: ${v.message}`).join('; ');
    const why = listed && !detail?.includes(listed) ? `${said} (${listed})` : said;
    return new ValidationError(operation, `${operation}: Systeme.io rejected the request (422)${why}; fix the values named`, violations);
  }
  if (status === 404) {
    return new NotFoundError(operation, `${operation}: not found (404)${said}; the resource may have been deleted, check the id`);
  }
  if (status === 401 || status === 403) {
    const where = maton ? 'maton.ai/settings' : 'Systeme.io → Settings → Public API keys';
    const what = status === 401 ? 'refused the API key' : 'does not let this key do that';
    return new UnauthorizedError(operation, status, `${operation}: the API ${what} (${status})${said}; check ${keyVariable(authMode)} (${where})`);
  }
  if (status === 400 && maton && mentionsConnection(response.body)) {
    return new MatonConnectionError(
      operation,
      status,
      `${operation}: the Maton gateway has no usable Systeme.io connection (400)${said}; create one with \`systeme-hooks maton connect\`, or set MATON_CONNECTION to the id of an ACTIVE connection`,
    );
  }
  if (status >= 500) {
    const wait = retryAfterMs(headers.get('retry-after'), now);
    return new ServerError(operation, status, `${operation}: Systeme.io failed (${status})${said}; a fault on their side, try again later`, wait);
  }
  if (status >= 400) {
    const hint = status === 400 && maton ? '; through Maton a 400 can also mean a missing connection (`systeme-hooks maton connect`)' : '';
    return new ClientError(operation, status, `${operation}: Systeme.io refused the request (${status})${said}${hint}`);
  }
  // fetch runs with `redirect: 'manual'` so that the key is never replayed to another host.
  const location = headers.get('location') ?? 'an unknown place';
  return new UnexpectedResponseError(
    operation,
    status,
    `${operation}: the API answered ${status} redirecting to ${location}; set SYSTEME_API_URL to the final address (redirects are not followed)`,
  );
}
