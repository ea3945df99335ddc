import type { Condition } from './condition-schema.js';
import { describeAction } from './describe-action.js';
import type { RuleExplanation } from './select-rules.js';

/** `pricePlan.id eq 3456`, `contact.email matches /^jane@/`, `orderItem.resources.course.id in [680647, 680648]`. */
export function describeCondition(condition: Condition): string {
  switch (condition.op) {
    case 'matches':
      return `${condition.path} matches /${condition.value.source}/`;
    case 'in':
    case 'not_in':
      return `${condition.path} ${condition.op} [${condition.value.map(show).join(', ')}]`;
    default:
      return `${condition.path} ${condition.op} ${show(condition.value)}`;
  }
}

/** The values a condition saw: `missing`, `3456`, or `[680647, 680648]` through a list. */
export function describeSeen(values: readonly unknown[]): string {
  if (values.length === 0) return 'missing';
  if (values.length === 1) return show(values[0]);
  return `[${values.map(show).join(', ')}]`;
}

/**
 * The lines `rules explain` prints for one rule:
 * `buyers-get-the-course: matches`, then `  pass …`/`  FAIL … (saw …)` per condition and `  → action` per action.
 */
export function describeExplanation(explanation: RuleExplanation, data: unknown): string[] {
  const { rule, event } = explanation;
  if (!explanation.listens) return [`${rule.name}: does not listen to ${event} (on: ${rule.events.join(', ')})`];
  const lines = [`${rule.name}: ${explanation.matched ? 'matches' : 'does not match'}`];
  for (const outcome of explanation.conditions) {
    lines.push(`  ${outcome.passed ? 'pass' : 'FAIL'} ${describeCondition(outcome.condition)} (saw ${describeSeen(outcome.seen)})`);
  }
  if (explanation.matched) for (const action of rule.actions) lines.push(`  → ${describeAction(action, data)}`);
  return lines;
}

const SHOW_LIMIT = 80;

function show(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > SHOW_LIMIT ? `${text.slice(0, SHOW_LIMIT - 1)}…` : text;
}
