import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import type { HistoryWriter } from '../history/history-store.js';
import type { Intake } from '../queue/intake-port.js';
import { createHttpApp } from './fastify-app.js';
import { healthRoutes } from './health-routes.js';
import type { ReceiverMetrics } from './receiver-metrics.js';
import { webhookPlugin } from './webhook-plugin.js';

export interface AppDeps {
  logger: Logger;
  intake: Intake;
  registry: Registry;
  metrics: ReceiverMetrics;
  /** Webhook master secrets, current first. */
  secrets: readonly string[];
  /** Largest webhook body, bytes. Default 1 MiB. */
  bodyLimit?: number;
  /** Whole-request timeout for slow clients, ms. Default 10 s. */
  requestTimeoutMs?: number;
  /** Serve the single-secret route `/webhooks/systeme`. Default false (docs/security.md). */
  allowSingleSecretRoute?: boolean;
  /** Records each accepted delivery in the contact's history (after answering). Default: none. */
  history?: HistoryWriter | undefined;
  /** Extra routes registered on the app (e.g. the queue dashboard). */
  plugins?: ((app: FastifyInstance) => Promise<void>)[];
}

/** Builds the receiver; never listens (the `serve` command does). */
export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const bodyLimit = deps.bodyLimit ?? 1_048_576;
  const app = createHttpApp({ logger: deps.logger, bodyLimit, requestTimeoutMs: deps.requestTimeoutMs ?? 10_000 });
  app.addHook('onResponse', (request, reply, done) => {
    deps.metrics.requestDuration.observe(
      { route: request.routeOptions.url ?? 'unmatched', method: request.method, status: String(reply.statusCode) },
      reply.elapsedTime / 1000,
    );
    done();
  });
  await app.register(healthRoutes, { ready: () => deps.intake.ready(), registry: deps.registry });
  await app.register(webhookPlugin, {
    intake: deps.intake,
    metrics: deps.metrics,
    secrets: deps.secrets,
    bodyLimit,
    allowSingleSecretRoute: deps.allowSingleSecretRoute ?? false,
    history: deps.history,
  });
  for (const plugin of deps.plugins ?? []) await app.register(plugin);
  return app;
}
