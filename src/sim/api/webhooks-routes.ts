import { z } from 'zod';
import { EVENT_TYPES } from '../../events/event-types.js';
import type { SimContext } from '../context.js';
import { ALREADY_USED, CODES, notFound, unprocessable, violation, type Violation } from '../errors.js';
import type { Route } from '../http/router.js';
import type { WebhookRecord } from '../records.js';
import { parseBody } from '../validation.js';
import { webhookView } from '../views.js';
import { newSubscription, patchSubscriptions } from '../webhooks/webhook-subscriptions.js';

const events = z.array(z.enum(EVENT_TYPES));
const createSchema = z.object({
  name: z.string().min(1).max(255),
  url: z.url({ protocol: /^https?$/ }),
  secret: z.string().min(1),
  subscriptions: events,
  active: z.boolean().nullish(),
});
/**
 * The OpenAPI's UpdateWebhookInput has name, secret, subscriptions and active but no `url`: a
 * `url` in a PATCH is ignored like any unknown property. It marks name and secret required;
 * we accept a PATCH without them (null or absent = unchanged), since the secret cannot be read back.
 */
const patchSchema = z.object({
  name: z.string().min(1).max(255).nullish(),
  secret: z.string().min(1).nullish(),
  subscriptions: events.nullish(),
  active: z.boolean().nullish(),
});

function checks(context: SimContext, input: { name?: string | null; url?: string; subscriptions?: string[] | null }, selfId?: string): Violation[] {
  const violations: Violation[] = [];
  const others = [...context.store.webhooks.values()].filter((w) => w.id !== selfId);
  // docs/systeme-io.md#webhook-resource: name and url are unique per account.
  if (input.name && others.some((w) => w.name === input.name)) violations.push(violation('name', ALREADY_USED, CODES.notUnique));
  if (input.url && others.some((w) => w.url === input.url)) violations.push(violation('url', ALREADY_USED, CODES.notUnique));
  if (input.subscriptions && new Set(input.subscriptions).size !== input.subscriptions.length) {
    violations.push(violation('subscriptions', 'This collection should contain only unique elements.', CODES.uniqueItems));
  }
  return violations;
}

function findWebhook(context: SimContext, id: string | undefined): WebhookRecord {
  const webhook = id === undefined ? undefined : context.store.webhooks.get(id);
  if (!webhook) throw notFound(`Webhook ${id ?? ''} not found.`);
  return webhook;
}

/** The OpenAPI gives the webhook collection no pagination parameters: all come in one page. */
export function webhookRoutes(context: SimContext): Route[] {
  const { store } = context;
  return [
    {
      method: 'GET',
      path: '/api/webhooks',
      handler: () => ({ status: 200, body: { items: [...store.webhooks.values()].map(webhookView), hasMore: false } }),
    },
    {
      method: 'POST',
      path: '/api/webhooks',
      handler: ({ body }) => {
        const input = parseBody(createSchema, body);
        const violations = checks(context, input);
        if (violations.length > 0) throw unprocessable(violations);
        const webhook: WebhookRecord = {
          id: context.uuid(),
          name: input.name,
          url: input.url,
          secret: input.secret,
          active: input.active ?? true,
          subscriptions: input.subscriptions.map((event) => newSubscription(context.uuid, event)),
        };
        store.webhooks.set(webhook.id, webhook);
        return { status: 201, body: webhookView(webhook) };
      },
    },
    {
      method: 'GET',
      path: '/api/webhooks/:id',
      handler: ({ params }) => ({ status: 200, body: webhookView(findWebhook(context, params.id)) }),
    },
    {
      method: 'PATCH',
      path: '/api/webhooks/:id',
      handler: ({ params, body }) => {
        const webhook = findWebhook(context, params.id);
        const input = parseBody(patchSchema, body);
        const violations = checks(context, input, webhook.id);
        if (violations.length > 0) throw unprocessable(violations);
        if (input.name) webhook.name = input.name;
        if (input.secret) webhook.secret = input.secret;
        if (typeof input.active === 'boolean') webhook.active = input.active;
        patchSubscriptions(webhook, { subscriptions: input.subscriptions ?? undefined, active: input.active ?? undefined }, context.uuid, context.now());
        return { status: 200, body: webhookView(webhook) };
      },
    },
    {
      method: 'DELETE',
      path: '/api/webhooks/:id',
      handler: ({ params }) => {
        store.webhooks.delete(findWebhook(context, params.id).id);
        return { status: 204 };
      },
    },
  ];
}
