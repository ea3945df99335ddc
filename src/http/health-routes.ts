import type { FastifyInstance } from 'fastify';
import type { Registry } from 'prom-client';

export interface HealthRoutesOptions {
  /** True when Redis answers. */
  ready: () => Promise<boolean>;
  registry: Registry;
}

export async function healthRoutes(app: FastifyInstance, options: HealthRoutesOptions): Promise<void> {
  app.get('/healthz', async () => ({ status: 'ok' }));

  app.get('/readyz', async (_request, reply) => {
    const ready = await options.ready();
    return reply.code(ready ? 200 : 503).send({ status: ready ? 'ready' : 'unavailable', redis: ready ? 'up' : 'down' });
  });

  app.get('/metrics', async (_request, reply) => {
    const body = await options.registry.metrics();
    return reply.type(options.registry.contentType).send(body);
  });
}
