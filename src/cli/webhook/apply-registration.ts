import { ValidationError, type Gateway, type Webhook } from '../../gateway/index.js';
import { CliError } from '../command-context.js';
import type { DesiredWebhook } from './desired-webhooks.js';
import type { Route } from './naming.js';
import type { RegistrationPlan } from './plan-registration.js';
import { enabledEvents, subscriptionStates, type SubscriptionState } from './subscription-state.js';

export interface RegistrationResult {
  action: 'created' | 'updated' | 'unchanged' | 'deleted';
  id: string;
  name: string;
  url: string;
  route: Route;
  subscriptions: SubscriptionState[];
  /** What an update changed, in words. */
  changes: string[];
  /** Subscriptions Systeme.io had disabled (BAD_SUCCESS_RATE) that this run enabled again. */
  reactivated: string[];
  /** What is still wrong after the run (a subscription Systeme.io kept disabled). */
  problems: string[];
}

/** Carries out a plan: creates and updates first, so deliveries never stop, then deletes. */
export async function applyRegistration(gateway: Gateway, plan: RegistrationPlan): Promise<RegistrationResult[]> {
  const results: RegistrationResult[] = [];
  for (const step of plan.steps) {
    if (step.action === 'create') {
      results.push(resultOf('created', await create(gateway, step.desired), step.desired));
    } else if (step.action === 'update') {
      const { desired } = step;
      // The whole wanted state: the secret cannot be read back, so it is always sent with the name.
      const updated = await gateway.webhooks.update(step.current.id, {
        name: desired.name,
        secret: desired.secret,
        subscriptions: desired.events,
        active: true,
      });
      const result = resultOf('updated', updated, desired, step.changes);
      const nowEnabled = new Set(enabledEvents(updated));
      result.reactivated = step.reactivate
        .filter(({ event }) => nowEnabled.has(event))
        .map(({ event, reason }) => `re-activated ${event} (Systeme.io had disabled it: ${reason})`);
      results.push(result);
    } else if (step.action === 'unchanged') {
      results.push(resultOf('unchanged', step.current, step.desired));
    }
  }
  for (const step of plan.steps) {
    if (step.action !== 'delete') continue;
    await gateway.webhooks.delete(step.current.id);
    results.push({
      action: 'deleted',
      id: step.current.id,
      name: step.current.name,
      url: step.current.url,
      route: step.route,
      subscriptions: [],
      changes: ['no longer wanted'],
      reactivated: [],
      problems: [],
    });
  }
  return results;
}

async function create(gateway: Gateway, desired: DesiredWebhook): Promise<Webhook> {
  try {
    return await gateway.webhooks.create({ name: desired.name, url: desired.url, secret: desired.secret, subscriptions: desired.events, active: true });
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    const details = error.violations.map((v) => `${v.propertyPath}: ${v.message}`).join('; ') || error.message;
    const hint = error.violations.some((v) => v.propertyPath === 'name')
      ? ' Another webhook (at another URL) already has this name: see `systeme-hooks webhook list`, then delete it or pass another --name.'
      : '';
    throw new CliError(`Systeme.io refused to create webhook "${desired.name}" (${desired.url}): ${details}.${hint}`);
  }
}

function resultOf(action: RegistrationResult['action'], webhook: Webhook, desired: DesiredWebhook, changes: string[] = []): RegistrationResult {
  const enabled = new Set(enabledEvents(webhook));
  const problems = desired.events
    .filter((event) => !enabled.has(event))
    .map((event) => `${event} is still disabled: enable it in Systeme.io → Settings → Webhooks`);
  if (webhook.active === false) problems.push('the webhook is still inactive: activate it in Systeme.io → Settings → Webhooks');
  return {
    action,
    id: webhook.id,
    name: webhook.name,
    url: webhook.url,
    route: desired.route,
    subscriptions: subscriptionStates(webhook),
    changes,
    reactivated: [],
    problems,
  };
}
