import type { FastifyInstance } from 'fastify';
import { listeningUrl } from '../http/fastify-app.js';
import { communityRoutes } from './api/community-routes.js';
import { contactFieldRoutes } from './api/contact-fields-routes.js';
import { contactTagRoutes } from './api/contact-tags-routes.js';
import { contactRoutes } from './api/contacts-routes.js';
import { schoolRoutes } from './api/school-routes.js';
import { subscriptionRoutes } from './api/subscriptions-routes.js';
import { tagRoutes } from './api/tags-routes.js';
import { webhookRoutes } from './api/webhooks-routes.js';
import type { SimContext } from './context.js';
import { controlRoutes } from './control/control-routes.js';
import { driftRoutes } from './control/drift-routes.js';
import { createDeliveryDrops } from './drift.js';
import { createFaults } from './faults.js';
import { buildSimApp } from './http/sim-app.js';
import { resolveOptions, type SimulatorOptions } from './options.js';
import { createRateLimiter } from './rate-limiter.js';
import { parseSeed, seedAccount } from './seed/seed-account.js';
import { createStore } from './store.js';
import { createTimers } from './timers.js';
import { createUuidV7 } from './uuid-v7.js';
import { createDispatcher } from './webhooks/dispatcher.js';

export interface Simulator {
  /** Starts listening; resolves the base URL, e.g. `http://127.0.0.1:4010`. Defaults: port 0 (any free port), host 127.0.0.1. */
  listen(port?: number, host?: string): Promise<string>;
  /** The base URL; throws when not listening. */
  readonly url: string;
  /** Stops the server and cancels pending deliveries, memberships and latency waits. */
  close(): Promise<void>;
}

/** A local Systeme.io: the REST API (docs/systeme-io.md#rest-api), signed webhook deliveries (docs/systeme-io.md#webhook-deliveries) and `/__sim/*` controls. */
export function createSimulator(options: SimulatorOptions): Simulator {
  const resolved = resolveOptions(options);
  const store = createStore();
  const timers = createTimers();
  const uuid = createUuidV7();
  const now = () => new Date();
  const dispatcher = createDispatcher({
    store,
    timers,
    uuid,
    now,
    attempts: resolved.webhookAttempts,
    retryDelayMs: resolved.webhookRetryDelayMs,
    disableAfterFailures: resolved.disableAfterFailures,
  });
  const limiter = createRateLimiter(resolved.rateLimit);
  const drops = createDeliveryDrops();
  // A dropped event still gets its message id: Systeme.io made it, the receiver just never hears of it.
  const emit: SimContext['emit'] = (event, payload) => (drops.take(event) ? uuid() : dispatcher.emit(event, payload));
  const context: SimContext = { store, uuid, timers, now, emit, membershipDelayMs: resolved.membershipDelayMs };
  if (options.seed) seedAccount(store, parseSeed(options.seed, 'The seed option'), uuid, now(), 'The seed option');

  const apiRoutes = [
    ...contactRoutes(context),
    ...contactTagRoutes(context),
    ...tagRoutes(context),
    ...contactFieldRoutes(context),
    ...schoolRoutes(context),
    ...communityRoutes(context),
    ...subscriptionRoutes(context),
    ...webhookRoutes(context),
  ];
  const reset = () => {
    dispatcher.cancelAll();
    timers.cancelAll();
    limiter.reset();
    drops.clear();
    store.clear();
  };
  const closing = new AbortController();
  let app: FastifyInstance | undefined;
  let baseUrl: string | undefined;

  return {
    async listen(port = 0, host = '127.0.0.1') {
      app ??= await buildSimApp({
        api: { apiKey: resolved.apiKey, limiter, faults: createFaults(resolved.failRate, resolved.random), latencyMs: resolved.latencyMs },
        apiRoutes,
        controlRoutes: [...controlRoutes({ context, reset }), ...driftRoutes(context, drops)],
        store,
        now,
        signal: () => closing.signal,
      });
      await app.listen({ port, host });
      baseUrl = listeningUrl(app);
      return baseUrl;
    },
    get url() {
      if (baseUrl === undefined) throw new Error('The simulator is not listening: await listen() first.');
      return baseUrl;
    },
    async close() {
      closing.abort();
      dispatcher.cancelAll();
      timers.cancelAll();
      baseUrl = undefined;
      await app?.close();
    },
  };
}
