import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';

/**
 * The one place errors become answers: 4xx keep their message, 5xx hide it (it is logged).
 * A 503 tells Systeme.io to deliver again later.
 */
export function errorHandler(error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  const status = error.statusCode && error.statusCode >= 400 ? error.statusCode : 500;
  if (status >= 500) {
    request.log.error({ err: error }, 'request failed');
    if (status === 503) reply.header('retry-after', '5');
    return reply.code(status).send({
      error: status === 503 ? 'Service Unavailable' : 'Internal Server Error',
      message: status === 503 ? 'The queue is unavailable; nothing was stored. Retry later.' : 'Internal Server Error',
    });
  }
  return reply.code(status).send({ error: error.code ?? 'Bad Request', message: error.message });
}
