import { checkInput, keySegment } from '../check-input.js';
import {
  webhookCreateSchema,
  webhookSchema,
  webhookUpdateSchema,
  type Webhook,
  type WebhookCreate,
  type WebhookUpdate,
} from '../schemas/webhook.js';
import type { CallOptions, ResourceContext } from './context.js';

export type WebhooksApi = ReturnType<typeof webhooksApi>;

/** Webhook ids are UUID strings (docs/systeme-io.md#webhook-resource). */
export function webhooksApi({ transport, paginator }: ResourceContext) {
  return {
    /** Every webhook (one request: the OpenAPI document gives this listing no cursor). */
    list(options: CallOptions = {}): AsyncIterable<Webhook> {
      return paginator.single(webhookSchema, { operation: 'webhooks.list', path: '/api/webhooks', signal: options.signal });
    },
    get(id: string, options: CallOptions = {}): Promise<Webhook> {
      const path = `/api/webhooks/${keySegment('webhooks.get', id)}`;
      return transport.call({ operation: 'webhooks.get', method: 'GET', path, signal: options.signal }, webhookSchema);
    },
    /** Name and url are unique per account: a duplicate is a 422 "This value is already used." */
    create(input: WebhookCreate, options: CallOptions = {}): Promise<Webhook> {
      const body = checkInput('webhooks.create', webhookCreateSchema, input);
      return transport.call({ operation: 'webhooks.create', method: 'POST', path: '/api/webhooks', body, signal: options.signal }, webhookSchema);
    },
    update(id: string, patch: WebhookUpdate, options: CallOptions = {}): Promise<Webhook> {
      const path = `/api/webhooks/${keySegment('webhooks.update', id)}`;
      const body = checkInput('webhooks.update', webhookUpdateSchema, patch);
      return transport.call({ operation: 'webhooks.update', method: 'PATCH', path, body, signal: options.signal }, webhookSchema);
    },
    delete(id: string, options: CallOptions = {}): Promise<void> {
      const path = `/api/webhooks/${keySegment('webhooks.delete', id)}`;
      return transport.callVoid({ operation: 'webhooks.delete', method: 'DELETE', path, signal: options.signal });
    },
  };
}
