import { STATUS_CODES } from 'node:http';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ADMIN_CHALLENGE, hasAdminToken } from './admin-auth.js';
import type { LoginLimiter } from './admin-login-limiter.js';

/** Sent with every admin response: job payloads carry emails, and the pages must not be framed or cached. */
export const ADMIN_SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'cache-control': 'no-store',
  'content-security-policy':
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; " +
    "connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'",
  'x-frame-options': 'DENY',
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
};

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
const SERVER_ERROR = JSON.stringify({ error: 'Internal Server Error', message: 'The request failed; the receiver log says why.' });

export interface AdminGuardOptions {
  /** `ADMIN_TOKEN`. */
  token: string;
  /** Failed logins per client address; share one across every admin scope of the process. */
  limiter: LoginLimiter;
}

function firstHeader(request: FastifyRequest, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/**
 * Why a state-changing request is refused, or undefined when it comes from the admin pages
 * themselves. A browser re-sends basic credentials to any site that asks, so a write needs
 * `Sec-Fetch-Site: same-origin` (set by the browser, out of a page's reach; it decides alone, so
 * a proxy that rewrites `Host` does not matter), or else an `Origin` naming the host the request
 * was sent to. A request carrying neither is refused: a script sends one of them on purpose.
 */
export function crossSiteReason(request: FastifyRequest): string | undefined {
  const site = firstHeader(request, 'sec-fetch-site');
  if (site !== undefined) return site === 'same-origin' ? undefined : `Sec-Fetch-Site is ${JSON.stringify(site.slice(0, 20))}`;
  const origin = firstHeader(request, 'origin');
  if (origin === undefined) return 'neither Origin nor Sec-Fetch-Site says the request comes from this site';
  const host = firstHeader(request, 'host')?.toLowerCase();
  let originHost: string | undefined;
  try {
    originHost = origin === 'null' ? undefined : new URL(origin).host.toLowerCase();
  } catch {
    originHost = undefined;
  }
  return originHost !== undefined && originHost === host ? undefined : 'Origin names another site';
}

/**
 * Guards every route of the encapsulated scope it is added to (the admin prefix): security
 * headers on every answer, the token (rate-limited per client address, failures logged),
 * same-origin writes only, no `text/plain` bodies, and no 5xx text reaching the client.
 */
export function addAdminGuard(app: FastifyInstance, options: AdminGuardOptions): void {
  const { token, limiter } = options;
  // A cross-site form can post text/plain without a CORS preflight; JSON needs one.
  app.removeContentTypeParser('text/plain');

  app.addHook('onRequest', async (request, reply) => {
    const blockedMs = limiter.blockedFor(request.ip);
    if (blockedMs > 0) {
      await reply
        .code(429)
        .header('retry-after', String(Math.ceil(blockedMs / 1000)))
        .send({ error: 'Too Many Requests', message: 'Too many failed admin logins from this address; wait, then try again' });
      return reply;
    }
    if (!hasAdminToken(request.headers.authorization, token)) {
      // Only presented credentials count: a browser asks without them first, then shows its prompt.
      if (request.headers.authorization !== undefined) countFailure(request);
      await reply
        .code(401)
        .header('www-authenticate', ADMIN_CHALLENGE)
        .send({ error: 'Unauthorized', message: 'Send the ADMIN_TOKEN as a bearer token or as the basic-auth password' });
      return reply;
    }
    if (!SAFE_METHODS.has(request.method)) {
      const reason = crossSiteReason(request);
      if (reason !== undefined) {
        request.log.warn({ method: request.method, url: request.url, reason }, 'admin action refused: not same-origin');
        await reply.code(403).send({ error: 'Forbidden', message: `Admin actions are accepted from the admin pages only: ${reason}` });
        return reply;
      }
    }
  });

  function countFailure(request: FastifyRequest): void {
    const failures = limiter.fail(request.ip);
    if (failures <= limiter.maxFailures) {
      request.log.warn({ ip: request.ip, failures, limit: limiter.maxFailures, url: request.url }, 'admin login failed');
    }
    if (failures === limiter.maxFailures) {
      const seconds = Math.ceil(limiter.blockedFor(request.ip) / 1000);
      request.log.warn({ ip: request.ip, seconds }, 'admin logins from this address refused for a while: too many failures');
    }
  }

  app.addHook('onSend', async (_request, reply: FastifyReply, payload) => {
    reply.headers(ADMIN_SECURITY_HEADERS);
    // Whatever a page or library puts in a 5xx (Redis's own error text), the client sees this.
    if (reply.statusCode >= 500 && payload !== SERVER_ERROR) {
      reply.header('content-type', 'application/json; charset=utf-8');
      reply.removeHeader('content-length');
      return SERVER_ERROR;
    }
    return payload;
  });

  app.setErrorHandler((error: { statusCode?: number; code?: string; message?: string; name?: string }, request, reply) => {
    const status = error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 600 ? error.statusCode : 500;
    if (status >= 500) {
      request.log.error({ err: { name: error.name, code: error.code, message: error.message } }, 'admin request failed');
      return reply.code(status).type('application/json; charset=utf-8').send(SERVER_ERROR);
    }
    // Fastify's own 4xx (body too large, bad JSON) say what to fix; anything else says only the status.
    const message = error.code?.startsWith('FST_') ? error.message : STATUS_CODES[status];
    return reply.code(status).send({ error: STATUS_CODES[status], message });
  });

  app.setNotFoundHandler((_request, reply) => reply.code(404).send({ error: 'Not Found', message: 'No admin page here' }));
}
