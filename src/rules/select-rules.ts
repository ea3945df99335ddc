import type { Rule, RuleSet } from './rule-set.js';
import type { EventType } from '../events/event-types.js';
import type { EventData } from '../events/normalise.js';
import type { ConditionOutcome } from './test-condition.js';

/** The rules to run for one event, in file order: those listening to it whose conditions all hold. */
export function evaluateRules(ruleSet: RuleSet, event: EventType, data: EventData): Rule[] {
  return ruleSet.rules.filter(
    (rule) => rule.events.includes(event) && rule.conditions.every((condition) => condition.test(data).passed),
  );
}

/** Why each rule does or does not run for one event (`rules explain`). */
export interface RuleExplanation {
  rule: Rule;
  event: EventType;
  /** Whether the rule's `on` includes the event; conditions are only tested when it does. */
  listens: boolean;
  matched: boolean;
  /** Every condition with its outcome and the values seen, in file order (empty when not listening). */
  conditions: ConditionOutcome[];
  /** The conditions that failed. */
  failed: ConditionOutcome[];
}

export function explainRules(ruleSet: RuleSet, event: EventType, data: EventData): RuleExplanation[] {
  return ruleSet.rules.map((rule) => {
    if (!rule.events.includes(event)) return { rule, event, listens: false, matched: false, conditions: [], failed: [] };
    const conditions = rule.conditions.map((condition) => condition.test(data));
    const failed = conditions.filter((outcome) => !outcome.passed);
    return { rule, event, listens: true, matched: failed.length === 0, conditions, failed };
  });
}
