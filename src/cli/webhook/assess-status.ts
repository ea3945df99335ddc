import type { EventType } from '../../events/event-types.js';
import type { Webhook } from '../../gateway/index.js';
import { deriveEventSecret } from '../../http/signature.js';
import { secretFingerprint } from './fingerprint.js';
import { parseWebhookName, routeOfUrl, type Route } from './naming.js';
import { enabledEvents, subscriptionStates, type SubscriptionState } from './subscription-state.js';

export interface StatusInput {
  /** Every webhook of the account. */
  webhooks: readonly Webhook[];
  /** Ours are those at this URL and its per-event URLs; without it, those named like ours. */
  baseUrl: string | undefined;
  base: string;
  /** The events that must reach the receiver. */
  wanted: readonly EventType[];
  /** SYSTEME_WEBHOOK_SECRET, current first; empty skips the secret check. */
  secrets: readonly string[];
  allowSingleSecretRoute: boolean;
}

export interface WebhookHealth {
  id: string;
  name: string;
  url: string;
  route: Route | undefined;
  active: boolean;
  subscriptions: SubscriptionState[];
  /** From the fingerprint in the name: which configured secret it was registered with. */
  secret: 'current' | 'older' | 'unknown' | 'mismatch' | 'unchecked';
  problems: string[];
  notes: string[];
}

export interface StatusReport {
  healthy: boolean;
  wanted: EventType[];
  /** Wanted events that some active webhook of ours delivers to a route that accepts them. */
  covered: EventType[];
  webhooks: WebhookHealth[];
  problems: string[];
}

/** Whether Systeme.io will deliver every wanted event to the receiver (pure; `webhook status`). */
export function assessStatus(input: StatusInput): StatusReport {
  const ours = input.webhooks.filter((w) => (input.baseUrl ? routeOfUrl(input.baseUrl, w.url) : parseWebhookName(input.base, w.name)) !== undefined);
  const webhooks = ours.map((webhook) => assessWebhook(webhook, input));
  const covered = input.wanted.filter((event) =>
    ours.some((webhook, index) => webhooks[index]!.active && enabledEvents(webhook).includes(event) && accepts(webhooks[index]!.route, event)),
  );
  const problems: string[] = [];
  if (ours.length === 0) {
    problems.push(`no webhook of ours${input.baseUrl ? ` at ${input.baseUrl}` : ` named "${input.base} …"`}: run systeme-hooks webhook register`);
  }
  for (const health of webhooks) for (const problem of health.problems) problems.push(`${health.name} (${health.id}): ${problem}`);
  for (const event of input.wanted) {
    if (!covered.includes(event)) problems.push(`${event} is wanted but no active webhook of ours delivers it: run systeme-hooks webhook register`);
  }
  return { healthy: problems.length === 0, wanted: [...input.wanted], covered, webhooks, problems };
}

/** A per-event route accepts only its own event (the receiver refuses others with 401). */
function accepts(route: Route | undefined, event: string): boolean {
  return route === 'single' || route === event || route === undefined;
}

function assessWebhook(webhook: Webhook, input: StatusInput): WebhookHealth {
  const route = input.baseUrl ? routeOfUrl(input.baseUrl, webhook.url) : parseWebhookName(input.base, webhook.name)?.route;
  const subscriptions = subscriptionStates(webhook);
  const problems: string[] = [];
  const notes: string[] = [];
  const active = webhook.active !== false;
  if (!active) problems.push('inactive');
  for (const state of subscriptions) {
    if (state.enabled) {
      if (!accepts(route, state.event)) problems.push(`subscribes to ${state.event} but posts to the ${String(route)} route, which refuses it`);
      continue;
    }
    // USER_CANCELED is what unsubscribing leaves behind; it is only a problem for an event we need.
    if (state.disabledReason !== 'USER_CANCELED' || (input.wanted as string[]).includes(state.event)) {
      problems.push(`subscription ${state.event} disabled (${state.disabledReason ?? 'unknown reason'}): run systeme-hooks webhook register to re-activate it`);
    }
  }
  if (route === 'single' && !input.allowSingleSecretRoute) {
    problems.push('posts to the single-secret route, which is off unless ALLOW_SINGLE_SECRET_ROUTE=true: run systeme-hooks webhook register (per-event)');
  }
  const secret = secretCheck(webhook, route, input);
  if (secret === 'mismatch') problems.push('registered with a secret that is not in SYSTEME_WEBHOOK_SECRET: deliveries are refused (401); run systeme-hooks webhook register');
  if (secret === 'older') notes.push('registered with an older secret of SYSTEME_WEBHOOK_SECRET: run systeme-hooks webhook register to finish the rotation');
  if (secret === 'unknown') notes.push('the name carries no secret fingerprint: its secret cannot be checked');
  return { id: webhook.id, name: webhook.name, url: webhook.url, route, active, subscriptions, secret, problems, notes };
}

function secretCheck(webhook: Webhook, route: Route | undefined, input: StatusInput): WebhookHealth['secret'] {
  if (input.secrets.length === 0) return 'unchecked';
  const fingerprint = parseWebhookName(input.base, webhook.name)?.fingerprint;
  if (fingerprint === undefined || route === undefined) return 'unknown';
  const candidates = input.secrets.map((master) => secretFingerprint(route === 'single' ? master : deriveEventSecret(master, route)));
  const index = candidates.indexOf(fingerprint);
  if (index === 0) return 'current';
  return index > 0 ? 'older' : 'mismatch';
}
