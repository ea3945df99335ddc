import type { ActionRegistry } from '../actions/registry.js';
import { EVENT_TYPES, type EventType } from '../events/event-types.js';
import { compileAction, moduleOf, type CompiledAction } from './render-template.js';
import type { Entitlement } from './entitlement-schema.js';
import type { RuleDefinition } from './rule-schema.js';
import { compileCondition, type CompiledCondition } from './test-condition.js';

/** One rule, compiled at load: conditions are closures, action templates are parsed once. */
export interface Rule extends Omit<RuleDefinition, 'conditions'> {
  readonly conditions: readonly CompiledCondition[];
  /** The actions as written (`actions`), each with its module and its templates compiled, in the same order. */
  readonly steps: readonly CompiledAction[];
}

/** A validated rules file. */
export interface RuleSet {
  /** Where the rules came from (a file path, or a label given to parseRules). */
  readonly source: string;
  /** In file order, which is also the order matching rules run in. */
  readonly rules: readonly Rule[];
  /** The event types at least one rule listens to, in EVENT_TYPES order. */
  events(): EventType[];
  /** The file's `entitlements:`, in file order (none when it has no such section). */
  readonly entitlements: readonly Entitlement[];
}

export function compileRule(definition: RuleDefinition, actions: ActionRegistry): Rule {
  return {
    ...definition,
    conditions: definition.conditions.map(compileCondition),
    steps: definition.actions.map((action) => compileAction(moduleOf(action, actions), action)),
  };
}

export function createRuleSet(
  definitions: readonly RuleDefinition[],
  source: string,
  actions: ActionRegistry,
  entitlements: readonly Entitlement[] = [],
): RuleSet {
  const rules = definitions.map((definition) => compileRule(definition, actions));
  const used = new Set(rules.flatMap((rule) => rule.events));
  const events = EVENT_TYPES.filter((event) => used.has(event));
  return { source, rules, events: () => [...events], entitlements };
}
