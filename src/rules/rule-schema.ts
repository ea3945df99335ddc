import { z } from 'zod';
import { EVENT_TYPES, type EventType } from '../events/event-types.js';
import type { ActionRegistry } from '../actions/registry.js';
import { whenSchema } from './condition-schema.js';
import { entitlementsSchema } from './entitlement-schema.js';
import { oneOf, strictMapping } from './zod-helpers.js';

/** Rule names end up in logs, metric labels and Redis idempotency keys: keep them plain. */
const RULE_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;

const eventSchema = z.enum(EVENT_TYPES, {
  error: (issue) =>
    issue.input === undefined
      ? `required; expected an event such as SALE_NEW, or a list of events (${oneOf(EVENT_TYPES)})`
      : `unknown event ${JSON.stringify(issue.input)}; expected ${oneOf(EVENT_TYPES)}`,
});

/** `on:` — one event type or a list of them; normalised to a list without repeats. */
export const onSchema = z
  .union([eventSchema.transform((event) => [event]), z.array(eventSchema).min(1, { error: 'expected at least one event' })], {
    error: (issue) =>
      `${issue.input === undefined ? 'required; ' : ''}expected an event such as SALE_NEW, or a list of events (${oneOf(EVENT_TYPES)})`,
  })
  .transform((events): EventType[] => EVENT_TYPES.filter((event) => events.includes(event)));

/** One rule, with the action types of `actions`. */
export function ruleSchemaFor(actions: ActionRegistry) {
  return strictMapping(
    {
      name: z
        .string({ error: (issue) => (issue.input === undefined ? 'required; give the rule a unique name' : 'expected a string') })
        .regex(RULE_NAME, {
          error: 'expected 1–64 letters, digits, _ . or -, starting with a letter or digit (the name is used in logs, metrics and idempotency keys)',
        })
        .meta({ description: 'Unique; used in logs, metrics and idempotency keys.' }),
      on: onSchema.meta({ description: 'The event type(s) the rule reacts to.' }),
      when: whenSchema.optional().meta({
        description: 'Conditions on the event, all required: dotted path → value (equality) or { operator: value }.',
      }),
      do: z
        .array(actions.itemSchema, { error: (issue) => `${issue.input === undefined ? 'required; ' : ''}expected a list of actions` })
        .min(1, { error: 'expected at least one action' })
        .meta({ description: 'Actions, run in order.' }),
    },
    'key',
    'a rule: a mapping with name, on, when (optional) and do',
  ).transform((rule) => ({ name: rule.name, events: rule.on, conditions: rule.when ?? [], actions: rule.do }));
}

/** One rule as written, normalised: `on` → `events` (a list), `when` → `conditions` (flat list), `do` → `actions`. */
export type RuleDefinition = z.output<ReturnType<typeof ruleSchemaFor>>;

const fileSchemas = new WeakMap<ActionRegistry, ReturnType<typeof buildRulesFileSchema>>();

/** The whole rules file (`RULES_FILE`) with the action types of `actions`; built once per registry. */
export function rulesFileSchemaFor(actions: ActionRegistry) {
  let schema = fileSchemas.get(actions);
  if (!schema) fileSchemas.set(actions, (schema = buildRulesFileSchema(actions)));
  return schema;
}

function buildRulesFileSchema(actions: ActionRegistry) {
  return strictMapping(
    {
      rules: z
        .array(ruleSchemaFor(actions), {
          error: (issue) =>
            issue.input === undefined || issue.input === null
              ? 'required; expected a list of rules (write rules: [] for none)'
              : 'expected a list of rules',
        })
        .meta({ description: 'Evaluated in order for every event; every matching rule runs.' }),
      entitlements: entitlementsSchema.optional(),
    },
    'top-level key',
    'a mapping with a "rules" list at the top of the file',
  ).meta({ title: 'systeme-hooks rules', description: 'Reactions to Systeme.io webhook events.' });
}
