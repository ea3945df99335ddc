import type { EventType } from '../../events/event-types.js';
import { deriveEventSecret } from '../../http/signature.js';
import { secretFingerprint } from './fingerprint.js';
import { routeUrl, webhookName, type Route } from './naming.js';

/** One webhook as `webhook register` wants it in Systeme.io. */
export interface DesiredWebhook {
  route: Route;
  url: string;
  name: string;
  secret: string;
  events: EventType[];
}

export interface DesiredOptions {
  /** Where the receiver's routes live, e.g. `https://hooks.example.com/webhooks/systeme`. */
  baseUrl: string;
  /** Name prefix of our webhooks. Default `systeme-hooks`. */
  base: string;
  /** The current master secret (the first of SYSTEME_WEBHOOK_SECRET). */
  masterSecret: string;
  events: EventType[];
  /** One webhook on the single-secret route instead of one per event. Default false. */
  single: boolean;
}

/**
 * Event-bound by default: one webhook per event type, each posting to its own route with its
 * own derived secret, so a body signed for one event cannot be replayed as another
 * (the event header is unsigned: docs/systeme-io.md#unsigned-headers). `single` keeps one webhook and the master secret.
 */
export function desiredWebhooks(options: DesiredOptions): DesiredWebhook[] {
  const { baseUrl, base, masterSecret, events } = options;
  if (options.single) {
    return [{ route: 'single', url: baseUrl, name: webhookName(base, 'single', secretFingerprint(masterSecret)), secret: masterSecret, events }];
  }
  return events.map((event) => {
    const secret = deriveEventSecret(masterSecret, event);
    return { route: event, url: routeUrl(baseUrl, event), name: webhookName(base, event, secretFingerprint(secret)), secret, events: [event] };
  });
}
