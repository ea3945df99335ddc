import type { Webhook } from '../../gateway/index.js';
import { formatTable } from '../support/table.js';
import { oneLine } from '../support/terminal-text.js';
import type { RegistrationResult } from './apply-registration.js';
import type { StatusReport } from './assess-status.js';
import type { Route } from './naming.js';
import { describeSubscription, subscriptionStates } from './subscription-state.js';

const routeLabel = (route: Route | undefined) => (route === undefined ? '?' : route === 'single' ? 'single route' : route);

/** `created  SALE_NEW  <id>  <url>` per webhook, then what changed and each subscription's state. */
export function formatRegistration(results: readonly RegistrationResult[]): string {
  const lines: string[] = [];
  for (const result of results) {
    lines.push(`${result.action.padEnd(9)}  ${routeLabel(result.route).padEnd(19)}  ${oneLine(result.id)}  ${oneLine(result.url)}`);
    for (const change of result.changes) lines.push(`           ${change}`);
    for (const message of result.reactivated) lines.push(`           ${message}`);
    for (const state of result.subscriptions) lines.push(`           subscription ${describeSubscription(state)}`);
    for (const problem of result.problems) lines.push(`           PROBLEM: ${problem}`);
  }
  const count = (action: RegistrationResult['action']) => results.filter((result) => result.action === action).length;
  lines.push(`${count('created')} created, ${count('updated')} updated, ${count('unchanged')} unchanged, ${count('deleted')} deleted`);
  return lines.join('\n');
}

export function formatWebhookList(webhooks: readonly Webhook[]): string {
  if (webhooks.length === 0) return 'No webhooks in this Systeme.io account.';
  const rows = webhooks.map((webhook) => [
    webhook.id,
    webhook.active === false ? 'inactive' : 'active',
    webhook.name,
    webhook.url,
    subscriptionStates(webhook).map(describeSubscription).join('; '),
  ]);
  return formatTable(['ID', 'STATE', 'NAME', 'URL', 'SUBSCRIPTIONS'], rows);
}

export function formatStatus(report: StatusReport): string {
  const problems = report.problems.length === 0 ? '' : `; ${report.problems.length} problem(s), below`;
  const lines = [`${report.healthy ? 'OK' : 'UNHEALTHY'}: ${report.covered.length} of ${report.wanted.length} wanted event(s) have an active webhook of ours${problems}`];
  for (const health of report.webhooks) {
    lines.push(`${health.active ? 'active  ' : 'INACTIVE'}  ${routeLabel(health.route).padEnd(19)}  ${oneLine(health.id)}  ${oneLine(health.url)}`);
    lines.push(`          name ${oneLine(health.name)} (secret: ${health.secret})`);
    for (const state of health.subscriptions) lines.push(`          subscription ${describeSubscription(state)}`);
    for (const note of health.notes) lines.push(`          note: ${note}`);
  }
  for (const problem of report.problems) lines.push(`PROBLEM: ${problem}`);
  return lines.join('\n');
}
