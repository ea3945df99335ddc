import type { z } from 'zod';
import type { EventType } from '../events/event-types.js';
import type { EventData } from '../events/normalise.js';
import type { SystemeEvent } from '../events/systeme-event.js';
import type { AssumedState } from './plan/assumed-state.js';
import type { ActionOutcome, ReactionDeps } from './reaction-deps.js';

/** The normalised form of one `do:` item: its key becomes `type`, its value the other fields. */
export interface ActionBase {
  readonly type: string;
}

/** A string field of an action that may hold `{{path}}` placeholders, filled in per event. */
export interface TemplateField<A extends ActionBase> {
  /** Where it sits under the action's key, for load errors: `[]` for `add_tag: "…"`, `['value']` for `set_field.value`. */
  readonly path: readonly PropertyKey[];
  readonly text: string;
  /** Names the action when rendering fails: `add_tag "plan-{{pricePlan.id}}"`. */
  readonly label: string;
  /** Why a rendered value cannot be used (a tag name too long), or undefined. */
  check?(value: string): string | undefined;
  /** The action with the rendered value in place. */
  fill(action: A, value: string): A;
}

/** A problem found at load, relative to the action's key (`[]` is the key itself). */
export interface ActionProblem {
  readonly path: readonly PropertyKey[];
  readonly message: string;
}

/**
 * Everything about one action type, in one module: the rules file's syntax for it, its
 * templates, how it runs (read first, then write only what is missing) and how it describes
 * itself. The registry built from these modules is the only list of action types.
 */
export interface ActionModule<A extends ActionBase = ActionBase> {
  /** The key under `do:` in a rules file, and the action's `type`. */
  readonly type: A['type'];
  /** Shown to editors through the JSON Schema. */
  readonly description: string;
  /** The value under the key as written → the normalised action, with its `type`. */
  readonly schema: z.ZodType<A>;
  /** Takes something away from the contact: `rules check` warns about it on the single-secret route. */
  readonly destructive?: boolean;
  /** The action's template fields (none by default). */
  templates?(action: A): TemplateField<A>[];
  /** Load-time checks that need the events the rule listens to. */
  check?(action: A, events: readonly EventType[]): ActionProblem[];
  /** Carries the action out for one event, templates already filled in. */
  run(action: A, event: SystemeEvent, deps: ReactionDeps): Promise<ActionOutcome>;
  /** One line for `rules check` and `rules explain`; with event data, values taken from the event are named. */
  describe(action: A, data?: EventData): string;
  /**
   * What `rules explain` assumes Systeme.io holds when it plans the action's calls, so that the
   * write shows: what a removal would remove. Default: nothing (additions then show their write).
   */
  assume?(action: A, event: SystemeEvent): AssumedState;
}

/** Identity, for type inference: `export const addTag = defineAction({ … })`. */
export function defineAction<A extends ActionBase>(module: ActionModule<A>): ActionModule<A> {
  return module;
}
