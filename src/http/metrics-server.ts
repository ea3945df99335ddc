import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import { createHttpApp, listeningUrl } from './fastify-app.js';

export interface MetricsServer {
  address: string;
  close(): Promise<void>;
}

/** The worker's own small listener: `GET /metrics` (Prometheus text) and `GET /healthz`, on the receiver's HTTP stack. */
export async function startMetricsServer(registry: Registry, port: number, host: string, logger?: Logger): Promise<MetricsServer> {
  const app = createHttpApp(logger ? { logger } : {});
  app.get('/metrics', async (_request, reply) => reply.type(registry.contentType).send(await registry.metrics()));
  app.get('/healthz', async () => ({ status: 'ok' }));
  app.setNotFoundHandler((request, reply) => reply.code(404).send({ error: 'Not Found', message: `No route for ${request.method} ${request.url}` }));
  await app.listen({ port, host });
  return { address: listeningUrl(app), close: () => app.close() };
}
