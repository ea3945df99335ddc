import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter.js';
import { FastifyAdapter } from '@bull-board/fastify';
import type { Queue } from 'bullmq';
import type { FastifyBaseLogger, FastifyRequest } from 'fastify';
import { ADMIN_PREFIX, type AdminMount } from './admin-plugin.js';

const BOARD_PREFIX = '/queues';
export const ADMIN_BASE_PATH = `${ADMIN_PREFIX}${BOARD_PREFIX}`;

/**
 * The only writes the dashboard keeps: retrying failed jobs, one or all. Adding a job or editing
 * its data would put an event in the queue that no signature vouches for; cleaning, emptying,
 * promoting and pausing are left to the CLI (`systeme-hooks failed …`).
 */
const ALLOWED_WRITES = new Set([
  `PUT ${ADMIN_BASE_PATH}/api/queues/:queueName/:jobId/retry/:queueStatus`,
  `PUT ${ADMIN_BASE_PATH}/api/queues/:queueName/retry/:queueStatus`,
]);

function allowedWrite(request: FastifyRequest): boolean {
  const params = request.params as { queueStatus?: string };
  return ALLOWED_WRITES.has(`${request.method} ${request.routeOptions.url ?? ''}`) && params.queueStatus === 'failed';
}

export interface QueueBoardOptions {
  /** The queue shown: the receiver's event queue. */
  queue: Queue;
}

/**
 * The Bull Board queue dashboard at `/admin/queues` (HTML, static assets and its JSON API under
 * `/admin/queues/api`): for looking and retrying failed jobs. Mount it with `adminPlugin`, which
 * puts it behind the admin token.
 */
export function queueBoardMount(options: QueueBoardOptions): AdminMount {
  return async (app) => {
    const log: FastifyBaseLogger = app.log;
    app.addHook('onRequest', async (request, reply) => {
      if (request.method === 'GET' || request.method === 'HEAD' || allowedWrite(request)) return;
      await reply.code(405).send({
        error: 'Method Not Allowed',
        message: 'The dashboard only shows jobs and retries failed ones; use the systeme-hooks CLI for anything else',
      });
      return reply;
    });

    const serverAdapter = new FastifyAdapter();
    serverAdapter.setBasePath(ADMIN_BASE_PATH);
    createBullBoard({
      queues: [new BullMQAdapter(options.queue, { allowRetries: true })],
      serverAdapter,
      options: { uiConfig: { boardTitle: 'systeme-hooks' } },
    });
    // Bull Board's own handler sends the error's message (Redis's text) to the client.
    serverAdapter.setErrorHandler((error: Error & { statusCode?: number }) => {
      const status = error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 500;
      if (status >= 500) log.error({ err: { name: error.name, message: error.message } }, 'queue dashboard request failed');
      const body = status >= 500
        ? { error: 'Internal Server Error', message: 'The request failed; the receiver log says why.' }
        : { error: 'Bad Request', message: 'The request was refused' };
      // Bull Board's type lists only the statuses its own handlers use; Fastify sends any.
      return { status: status as 500, body };
    });
    await app.register(serverAdapter.registerPlugin(), { prefix: BOARD_PREFIX, basePath: ADMIN_BASE_PATH });
  };
}
