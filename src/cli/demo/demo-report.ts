interface Delivery { event: string; url: string; status: number | null; attempt: number }
interface Request { method: string; path: string; status: number }
interface Handled { event?: string; matched?: string[]; actions?: { rule: string; type: string; outcome: string }[] }

export interface ContactState {
  tags: string[];
  enrolled: boolean;
  member: boolean;
  customerSince: string | null;
  subscriptions: Record<number, string>;
}

/** The demo's printout: deliveries, matched rules, API calls, and the contact before/after. */
export function demoReport(input: {
  deliveries: Delivery[];
  handled: Handled[];
  requests: Request[];
  contact: string;
  states: { label: string; state: ContactState }[];
}): string {
  const lines: string[] = ['', 'Webhook deliveries (simulator → receiver):'];
  for (const d of input.deliveries) lines.push(`  ${d.event.padEnd(16)} → ${d.url}  HTTP ${d.status ?? 'no answer'} (attempt ${d.attempt})`);
  lines.push('', 'Rules matched and actions (worker):');
  for (const h of input.handled) {
    lines.push(`  ${String(h.event).padEnd(16)} rules: ${(h.matched ?? []).join(', ') || '(none)'}`);
    for (const a of h.actions ?? []) lines.push(`    ${a.rule}: ${a.type} → ${a.outcome}`);
  }
  lines.push('', 'API calls made by the worker (simulator request log):');
  for (const r of input.requests) lines.push(`  ${r.method.padEnd(6)} ${r.path}  ${r.status}`);
  lines.push('', `Contact ${input.contact}:`);
  for (const { label, state } of input.states) {
    lines.push(
      `  ${label.padEnd(20)} tags [${state.tags.join(', ')}], course 680647: ${state.enrolled ? 'enrolled' : 'not enrolled'}, ` +
        `community 77: ${state.member ? 'member' : 'not a member'}, customer_since: ${state.customerSince ?? '-'}, ` +
        `subscriptions: ${Object.entries(state.subscriptions).map(([id, status]) => `${id} ${status}`).join(', ') || '-'}`,
    );
  }
  return lines.join('\n');
}
