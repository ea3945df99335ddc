import type { Webhook } from '../../gateway/index.js';
import type { DesiredWebhook } from './desired-webhooks.js';
import { parseWebhookName, routeOfUrl, type Route } from './naming.js';
import { enabledEvents } from './subscription-state.js';

export type RegistrationStep =
  | { action: 'create'; desired: DesiredWebhook }
  | { action: 'update'; desired: DesiredWebhook; current: Webhook; changes: string[]; reactivate: { event: string; reason: string }[] }
  | { action: 'unchanged'; desired: DesiredWebhook; current: Webhook }
  | { action: 'delete'; current: Webhook; route: Route };

export interface RegistrationPlan {
  steps: RegistrationStep[];
  /** Webhooks named like ours but posting elsewhere (another deployment?): reported, never touched. */
  elsewhere: Webhook[];
}

/**
 * What `webhook register` must do, decided from the account's webhooks alone (pure).
 * Ours are found by URL (unique per account, docs/systeme-io.md#webhook-resource): the base URL and its per-event URLs.
 * A webhook of ours that is not wanted any more (another mode, an event the rules dropped) is deleted.
 */
export function planRegistration(existing: readonly Webhook[], desired: readonly DesiredWebhook[], baseUrl: string, base: string): RegistrationPlan {
  const steps: RegistrationStep[] = desired.map((want) => {
    const current = existing.find((webhook) => webhook.url === want.url);
    if (!current) return { action: 'create', desired: want };
    const { changes, reactivate } = differences(current, want, base);
    if (changes.length === 0 && reactivate.length === 0) return { action: 'unchanged', desired: want, current };
    return { action: 'update', desired: want, current, changes, reactivate };
  });
  const wantedUrls = new Set(desired.map((want) => want.url));
  for (const webhook of existing) {
    const route = routeOfUrl(baseUrl, webhook.url);
    if (route !== undefined && !wantedUrls.has(webhook.url)) steps.push({ action: 'delete', current: webhook, route });
  }
  const elsewhere = existing.filter((webhook) => routeOfUrl(baseUrl, webhook.url) === undefined && parseWebhookName(base, webhook.name));
  return { steps, elsewhere };
}

function differences(current: Webhook, want: DesiredWebhook, base: string) {
  const changes: string[] = [];
  if (current.name !== want.name) {
    const had = parseWebhookName(base, current.name);
    const wanted = parseWebhookName(base, want.name);
    changes.push(
      had && wanted && had.fingerprint !== wanted.fingerprint
        ? 'secret changed (rotation): new secret set'
        : `renamed from "${current.name}"; secret set (the API cannot show the old one)`,
    );
  }
  if (current.active === false) changes.push('activated (the webhook was inactive)');
  const enabled = new Set(enabledEvents(current));
  const reactivate: { event: string; reason: string }[] = [];
  for (const event of want.events) {
    const forEvent = current.subscriptions.filter((s) => s.event === event);
    if (forEvent.length === 0) changes.push(`subscribed to ${event}`);
    else if (!enabled.has(event)) reactivate.push({ event, reason: forEvent[0]?.disabledReason ?? 'unknown reason' });
  }
  for (const event of enabled) {
    if (!(want.events as string[]).includes(event)) changes.push(`unsubscribed from ${event}`);
  }
  return { changes, reactivate };
}
