import type { FastifyInstance } from 'fastify';
import type { Registry } from 'prom-client';
import type { Readiness } from '../queue/intake-port.js';

const REDIS_STATE: Record<Readiness, string> = { ready: 'up', down: 'down', 'refusing-writes': 'refusing writes' };

export interface HealthRoutesOptions {
  /** Whether Redis takes a write. */
  ready: () => Promise<Readiness>;
  registry: Registry;
}

export async function healthRoutes(app: FastifyInstance, options: HealthRoutesOptions): Promise<void> {
  app.get('/healthz', async () => ({ status: 'ok' }));

  app.get('/readyz', async (_request, reply) => {
    const state = await options.ready();
    const ready = state === 'ready';
    return reply.code(ready ? 200 : 503).send({ status: ready ? 'ready' : 'unavailable', redis: REDIS_STATE[state] });
  });

  app.get('/metrics', async (_request, reply) => {
    const body = await options.registry.metrics();
    return reply.type(options.registry.contentType).send(body);
  });
}
