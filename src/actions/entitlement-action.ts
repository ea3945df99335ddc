import { z } from 'zod';
import type { Entitlement } from '../rules/entitlement-schema.js';
import { ReactionError } from '../handlers/errors.js';
import type { ActionOutcome, ReactionDeps } from './reaction-deps.js';
import type { EntitlementStep } from './entitlement-steps.js';
import type { SystemeEvent } from '../events/systeme-event.js';

/** `grant: NAME` / `revoke: NAME`; `entitlement` is filled in from the file's `entitlements:` at load. */
export type EntitlementAction<T extends 'grant' | 'revoke'> = { type: T; name: string; entitlement?: Entitlement };

export function entitlementNameSchema<T extends 'grant' | 'revoke'>(type: T) {
  return z
    .string({ error: `expected the name of an entitlement, such as ${type}: monthly-members` })
    .min(1, { error: `expected the name of an entitlement, such as ${type}: monthly-members` })
    .transform((name): EntitlementAction<T> => ({ type, name }));
}

/** The entitlement the action names; a rule set built without it is a programming error, reported plainly. */
export function entitlementOf(action: EntitlementAction<'grant' | 'revoke'>): Entitlement {
  if (action.entitlement) return action.entitlement;
  throw new ReactionError(
    'ENTITLEMENT_UNKNOWN',
    `${action.type}: the entitlement "${action.name}" is not defined; add it under entitlements: in the rules file`,
    { retryable: false },
  );
}

/** Runs each step's reaction in turn (each reads first and writes only what is missing); `done` if any wrote. */
export async function runSteps(steps: readonly EntitlementStep[], event: SystemeEvent, deps: ReactionDeps): Promise<ActionOutcome> {
  let outcome: ActionOutcome = 'already';
  for (const step of steps) {
    const result = await step.module.run(step.action, event, deps);
    if (result === 'done') outcome = 'done';
  }
  return outcome;
}

/** `monthly-members (tag "Customers", course 680647, community 77)`. */
export function describeEntitlement(action: EntitlementAction<'grant' | 'revoke'>, steps: readonly EntitlementStep[] | undefined): string {
  if (!steps) return `${action.type} ${action.name}`;
  return `${action.type} ${action.name} (${steps.map((s) => s.key.replace(':', ' ')).join(', ')})`;
}
