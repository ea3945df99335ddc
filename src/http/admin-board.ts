import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter.js';
import { FastifyAdapter } from '@bull-board/fastify';
import type { Queue } from 'bullmq';
import type { FastifyInstance } from 'fastify';
import { ADMIN_CHALLENGE, hasAdminToken } from './admin-auth.js';

export const ADMIN_BASE_PATH = '/admin/queues';

const SAFE_METHODS = new Set(['GET', 'HEAD']);

/** Shorter tokens are accepted, with a warning: the dashboard can retry, clean and empty queues. */
const RECOMMENDED_TOKEN_LENGTH = 24;

export interface AdminBoardOptions {
  /** The queue shown: the receiver's event queue. */
  queue: Queue;
  /** `ADMIN_TOKEN`: required as `Authorization: Bearer <token>` or as the basic-auth password. */
  token: string;
}

/**
 * The Bull Board queue dashboard at `/admin/queues` (HTML, static assets and its JSON API under
 * `/admin/queues/api`), every route behind the admin token. Pass the result in `buildApp`'s
 * `plugins`; without it the routes do not exist.
 */
export function adminBoardPlugin(options: AdminBoardOptions): (app: FastifyInstance) => Promise<void> {
  if (options.token.trim() === '') {
    throw new TypeError('adminBoardPlugin needs a token: set ADMIN_TOKEN, or leave the dashboard off');
  }
  return async (app) => {
    if (options.token.length < RECOMMENDED_TOKEN_LENGTH) {
      app.log.warn(
        { length: options.token.length },
        `ADMIN_TOKEN is short: use at least ${RECOMMENDED_TOKEN_LENGTH} random characters (openssl rand -hex 24)`,
      );
    }
    // Registered through `plugins`, this function is its own encapsulated scope: the hook only
    // guards the dashboard's routes, and the webhook plugin's raw-body parsers don't reach here,
    // so the dashboard's JSON API gets Fastify's default JSON parser.
    app.addHook('onRequest', async (request, reply) => {
      if (!hasAdminToken(request.headers.authorization, options.token)) {
        await reply
          .code(401)
          .header('www-authenticate', ADMIN_CHALLENGE)
          .send({ error: 'Unauthorized', message: 'Send the ADMIN_TOKEN as a bearer token or as the basic-auth password' });
        return reply;
      }
      // A browser re-sends basic credentials on its own, even for requests another site starts:
      // refuse the dashboard's actions (retry, clean, add, empty) when the browser says so.
      if (!SAFE_METHODS.has(request.method) && request.headers['sec-fetch-site'] === 'cross-site') {
        await reply.code(403).send({ error: 'Forbidden', message: 'Queue actions are refused from other sites' });
        return reply;
      }
      reply.header('x-frame-options', 'DENY');
    });

    const serverAdapter = new FastifyAdapter();
    serverAdapter.setBasePath(ADMIN_BASE_PATH);
    createBullBoard({
      queues: [new BullMQAdapter(options.queue)],
      serverAdapter,
      options: { uiConfig: { boardTitle: 'systeme-hooks' } },
    });
    await app.register(serverAdapter.registerPlugin(), { prefix: ADMIN_BASE_PATH, basePath: ADMIN_BASE_PATH });
  };
}
