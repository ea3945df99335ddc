import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
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
import { createFaults } from './faults.js';
import { createRouter } from './http/router.js';
import { resolveOptions, type SimulatorOptions } from './options.js';
import { createRateLimiter } from './rate-limiter.js';
import { createRequestHandler } from './request-handler.js';
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
  const context: SimContext = { store, uuid, timers, now, emit: dispatcher.emit, membershipDelayMs: resolved.membershipDelayMs };
  if (options.seed) seedAccount(store, parseSeed(options.seed, 'The seed option'), uuid, now(), 'The seed option');

  const apiRouter = createRouter([
    ...contactRoutes(context),
    ...contactTagRoutes(context),
    ...tagRoutes(context),
    ...contactFieldRoutes(context),
    ...schoolRoutes(context),
    ...communityRoutes(context),
    ...subscriptionRoutes(context),
    ...webhookRoutes(context),
  ]);
  const reset = () => {
    dispatcher.cancelAll();
    timers.cancelAll();
    limiter.reset();
    store.clear();
  };
  let closing = new AbortController();
  const server = createServer(
    createRequestHandler({
      api: { router: apiRouter, apiKey: resolved.apiKey, limiter, faults: createFaults(resolved.failRate, resolved.random), latencyMs: resolved.latencyMs },
      control: createRouter(controlRoutes({ context, reset })),
      store,
      now,
      signal: () => closing.signal,
    }),
  );
  let baseUrl: string | undefined;

  return {
    listen(port = 0, host = '127.0.0.1') {
      if (closing.signal.aborted) closing = new AbortController();
      return new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => {
          server.off('error', reject);
          const address = server.address() as AddressInfo;
          const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
          baseUrl = `http://${shownHost}:${address.port}`;
          resolve(baseUrl);
        });
      });
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
      if (!server.listening) return;
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}
