import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter.js';
import { FastifyAdapter } from '@bull-board/fastify';
import type { Queue } from 'bullmq';
import type { FastifyInstance } from 'fastify';
import { guardAdminRoutes, warnShortToken } from './admin-guard.js';

export const ADMIN_BASE_PATH = '/admin/queues';

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
    warnShortToken(app, options.token);
    // Registered through `plugins`, this function is its own encapsulated scope: the hook only
    // guards the dashboard's routes, and the webhook plugin's raw-body parsers don't reach here,
    // so the dashboard's JSON API gets Fastify's default JSON parser.
    guardAdminRoutes(app, options.token);

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
