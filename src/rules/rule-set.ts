import { EVENT_TYPES, type EventType } from '../events/event-types.js';
import type { Rule } from './rule-schema.js';

/** A validated rules file. */
export interface RuleSet {
  /** Where the rules came from (a file path, or a label given to parseRules). */
  readonly source: string;
  /** In file order, which is also the order matching rules run in. */
  readonly rules: readonly Rule[];
  /** The event types at least one rule listens to, in EVENT_TYPES order. */
  events(): EventType[];
}

export function createRuleSet(rules: readonly Rule[], source: string): RuleSet {
  const used = new Set(rules.flatMap((rule) => rule.events));
  const events = EVENT_TYPES.filter((event) => used.has(event));
  return { source, rules, events: () => [...events] };
}
