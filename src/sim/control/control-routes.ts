import { z } from 'zod';
import { EVENT_TYPES } from '../../events/event-types.js';
import type { SimContext } from '../context.js';
import { httpError } from '../errors.js';
import type { Route } from '../http/router.js';
import { SeedError } from '../seed/seed-error.js';
import { parseSeed, seedAccount } from '../seed/seed-account.js';
import { webhookView } from '../views.js';
import { disableSubscription } from '../webhooks/webhook-subscriptions.js';
import { cancellationSchema, saleSchema, simulateCancellation, simulateSale } from './sales.js';

export interface ControlDeps {
  context: SimContext;
  /** Empties state and logs, and cancels pending deliveries and timers. */
  reset(): void;
}

/** Control bodies are ours, not Systeme.io's: errors are a 400 whose detail lists every problem. */
function parseControl<T extends z.ZodType>(schema: T, body: unknown, what: string): z.output<T> {
  const result = schema.safeParse(body ?? {});
  if (!result.success) throw httpError(400, `Invalid ${what}:\n${z.prettifyError(result.error)}`);
  return result.data;
}

const disableSchema = z.strictObject({ event: z.enum(EVENT_TYPES).optional() });

/** `/__sim/*`: test and demo controls, without API key, rate limit, faults or request logging. */
export function controlRoutes({ context, reset }: ControlDeps): Route[] {
  const { store } = context;
  return [
    {
      method: 'POST',
      path: '/__sim/seed',
      handler: ({ body }) => {
        try {
          seedAccount(store, parseSeed(body ?? {}, 'The seed'), context.uuid, context.now(), 'The seed');
        } catch (error) {
          if (error instanceof SeedError) throw httpError(400, error.message);
          throw error;
        }
        return { status: 204 };
      },
    },
    {
      method: 'POST',
      path: '/__sim/sales',
      handler: ({ body }) => ({ status: 201, body: simulateSale(context, parseControl(saleSchema, body, 'sale')) }),
    },
    {
      method: 'POST',
      path: '/__sim/cancellations',
      handler: ({ body }) => {
        const { subscriptionId } = parseControl(cancellationSchema, body, 'cancellation');
        return { status: 201, body: simulateCancellation(context, subscriptionId) };
      },
    },
    {
      method: 'POST',
      path: '/__sim/memberships/settle',
      // The queued membership jobs run now instead of after membershipDelayMs.
      handler: () => ({ status: 200, body: { settled: context.timers.runNow('membership') } }),
    },
    { method: 'GET', path: '/__sim/requests', handler: () => ({ status: 200, body: store.requests }) },
    { method: 'GET', path: '/__sim/deliveries', handler: () => ({ status: 200, body: store.deliveries }) },
    {
      method: 'POST',
      path: '/__sim/reset',
      handler: () => {
        reset();
        return { status: 204 };
      },
    },
    {
      method: 'POST',
      path: '/__sim/webhooks/:id/disable',
      handler: ({ params, body }) => {
        const webhook = params.id === undefined ? undefined : store.webhooks.get(params.id);
        if (!webhook) throw httpError(404, `Webhook ${params.id ?? ''} not found.`);
        const { event } = parseControl(disableSchema, body, 'disable request');
        const targets = webhook.subscriptions.filter((s) => event === undefined || s.event === event);
        if (targets.length === 0) throw httpError(404, `Webhook ${webhook.id} has no ${event ?? ''} subscription.`);
        for (const subscription of targets) disableSubscription(subscription, 'BAD_SUCCESS_RATE', context.now());
        return { status: 200, body: webhookView(webhook) };
      },
    },
  ];
}
