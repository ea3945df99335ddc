import type { FastifyInstance } from 'fastify';
import { ADMIN_CHALLENGE, hasAdminToken } from './admin-auth.js';

const SAFE_METHODS = new Set(['GET', 'HEAD']);

/** Shorter tokens are accepted, with a warning: the admin pages can retry, clean and empty queues. */
const RECOMMENDED_TOKEN_LENGTH = 24;

/**
 * Puts every route of `app` (an encapsulated plugin scope) behind the admin token: 401 with a
 * basic-auth challenge without it, 403 for a state-changing request a browser marks as started
 * by another site, and no framing. The queue dashboard and the history page share it.
 */
export function guardAdminRoutes(app: FastifyInstance, token: string): void {
  if (token.trim() === '') throw new TypeError('the admin pages need a token: set ADMIN_TOKEN, or leave them off');
  app.addHook('onRequest', async (request, reply) => {
    if (!hasAdminToken(request.headers.authorization, token)) {
      await reply
        .code(401)
        .header('www-authenticate', ADMIN_CHALLENGE)
        .send({ error: 'Unauthorized', message: 'Send the ADMIN_TOKEN as a bearer token or as the basic-auth password' });
      return reply;
    }
    // A browser re-sends basic credentials on its own, even for requests another site starts:
    // refuse actions (retry, clean, add, empty) when the browser says so.
    if (!SAFE_METHODS.has(request.method) && request.headers['sec-fetch-site'] === 'cross-site') {
      await reply.code(403).send({ error: 'Forbidden', message: 'Admin actions are refused from other sites' });
      return reply;
    }
    reply.header('x-frame-options', 'DENY');
  });
}

/** Warns once per plugin when the token is short. */
export function warnShortToken(app: FastifyInstance, token: string): void {
  if (token.length < RECOMMENDED_TOKEN_LENGTH) {
    app.log.warn(
      { length: token.length },
      `ADMIN_TOKEN is short: use at least ${RECOMMENDED_TOKEN_LENGTH} random characters (openssl rand -hex 24)`,
    );
  }
}
