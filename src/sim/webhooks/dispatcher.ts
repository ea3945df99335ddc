import type { EventType } from '../../events/event-types.js';
import { sign } from '../../http/signature.js';
import { postBody } from '../http/post-body.js';
import type { Store } from '../store.js';
import { atomTimestamp, type Clock } from '../time.js';
import type { Timers } from '../timers.js';
import type { UuidGenerator } from '../uuid-v7.js';
import { encodeEventBody } from './encode-body.js';
import { disableSubscription } from './webhook-subscriptions.js';

/** Systeme.io's delivery timeout is undocumented; a slow receiver counts as a failed attempt after this. */
const ATTEMPT_TIMEOUT_MS = 10_000;

export interface DispatcherOptions {
  store: Store;
  timers: Timers;
  uuid: UuidGenerator;
  now: Clock;
  /** Attempts per event and webhook. */
  attempts: number;
  /** Delay before the 2nd attempt; doubles for each next one. */
  retryDelayMs: number;
  /** Events in a row that exhaust every attempt before a subscription is disabled (BAD_SUCCESS_RATE). */
  disableAfterFailures: number;
}

export interface Dispatcher {
  /** Delivers one event to every active webhook subscribed to it; returns the event's message id. */
  emit(event: EventType, payload: Record<string, unknown>): string;
  /** Drops pending redeliveries and aborts attempts in flight (close, reset). */
  cancelAll(): void;
}

interface Delivery {
  webhookId: string;
  subscriptionId: string;
  event: EventType;
  messageId: string;
  body: string;
  eventAt: string;
}

export function createDispatcher(options: DispatcherOptions): Dispatcher {
  const { store } = options;
  let abort = new AbortController();

  /** The subscription if it may still receive: webhook exists and is active, subscription enabled. */
  function target(delivery: Delivery) {
    const webhook = store.webhooks.get(delivery.webhookId);
    const subscription = webhook?.subscriptions.find((s) => s.id === delivery.subscriptionId);
    if (!webhook?.active || !subscription || subscription.disabledAt !== null) return undefined;
    return { webhook, subscription };
  }

  async function attempt(delivery: Delivery, number: number, signal: AbortSignal): Promise<void> {
    const found = target(delivery);
    if (!found || signal.aborted) return;
    const attemptId = options.uuid();
    // docs/systeme-io.md#delivery-headers: the headers of a real delivery; only the body is signed, with the webhook's secret.
    const headers = {
      'content-type': 'application/json',
      'user-agent': 'SystemeIO-Webhook',
      'x-webhook-signature': sign(found.webhook.secret, delivery.body),
      'x-webhook-event': delivery.event,
      'x-webhook-message-id': delivery.messageId,
      'x-webhook-delivery-attempt-id': attemptId,
      'x-webhook-delivery-attempt-timestamp': atomTimestamp(options.now()),
      'x-webhook-event-timestamp': delivery.eventAt,
      'x-webhook-subscription-id': delivery.subscriptionId,
      'x-webhook-schema-version': delivery.event.startsWith('SALE_') ? '2' : '1',
    };
    const at = atomTimestamp(options.now());
    const status = await postBody(found.webhook.url, delivery.body, headers, AbortSignal.any([signal, AbortSignal.timeout(ATTEMPT_TIMEOUT_MS)]));
    if (signal.aborted) return;
    store.deliveries.push({ webhookId: found.webhook.id, url: found.webhook.url, event: delivery.event, messageId: delivery.messageId, attemptId, attempt: number, status, at });
    if (status !== null && status >= 200 && status < 300) {
      found.subscription.consecutiveFailures = 0;
      return;
    }
    if (number < options.attempts) {
      options.timers.later(options.retryDelayMs * 2 ** (number - 1), () => void attempt(delivery, number + 1, signal));
      return;
    }
    found.subscription.consecutiveFailures += 1;
    if (found.subscription.consecutiveFailures >= options.disableAfterFailures) {
      disableSubscription(found.subscription, 'BAD_SUCCESS_RATE', options.now());
    }
  }

  return {
    emit(event, payload) {
      const messageId = options.uuid();
      // Encoded once: every webhook and every redelivery gets the same bytes.
      const body = encodeEventBody(payload);
      const eventAt = atomTimestamp(options.now());
      for (const webhook of store.webhooks.values()) {
        const subscription = webhook.subscriptions.find((s) => s.event === event && s.disabledAt === null);
        if (!webhook.active || !subscription) continue;
        void attempt({ webhookId: webhook.id, subscriptionId: subscription.id, event, messageId, body, eventAt }, 1, abort.signal);
      }
      return messageId;
    },
    cancelAll() {
      abort.abort();
      abort = new AbortController();
    },
  };
}
