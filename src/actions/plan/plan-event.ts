import type { EventType } from '../../events/event-types.js';
import type { EventData } from '../../events/normalise.js';
import type { SystemeEvent } from '../../events/systeme-event.js';
import type { RuleSet } from '../../rules/rule-set.js';
import { evaluateRules } from '../../rules/select-rules.js';
import { assumedFor, createPlanSession, type PlanOptions, type PlannedCalls } from './plan-calls.js';

export interface PlannedAction extends PlannedCalls {
  rule: string;
  index: number;
  /** The action's one-line description, templates filled in. */
  action: string;
}

/**
 * The calls of every action of every rule matching one event, in the order the worker would run
 * them, sharing one view of the contact as the worker does: a read shows under the first action
 * that needs it.
 */
export async function planEvent(ruleSet: RuleSet, type: EventType, data: EventData, options: PlanOptions = {}): Promise<PlannedAction[]> {
  const event: SystemeEvent = { type, messageId: 'rules-explain', occurredAt: null, receivedAt: new Date().toISOString(), route: 'event', data };
  const planned: PlannedAction[] = [];
  const rules = evaluateRules(ruleSet, type, data);
  const session = createPlanSession(event, assumedFor(rules.flatMap((rule) => rule.steps), event), options);
  for (const rule of rules) {
    for (const [index, step] of rule.steps.entries()) {
      planned.push({ rule: rule.name, index, action: step.describe(data), ...(await session.plan(step)) });
    }
  }
  return planned;
}
