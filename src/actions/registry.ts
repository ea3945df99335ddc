import { z } from 'zod';
import { oneOf, strictMapping } from '../rules/zod-helpers.js';
import type { ActionBase, ActionModule } from './action-module.js';

/** The action types a rules file may use: built from a list of action modules, and the only such list. */
export interface ActionRegistry {
  readonly modules: readonly ActionModule[];
  /** In the order of the list, which is also the order the JSON Schema and error messages show. */
  readonly types: readonly string[];
  get(type: string): ActionModule | undefined;
  /** One `do:` item: a mapping with exactly one action key → the normalised action. */
  readonly itemSchema: z.ZodType<ActionBase>;
}

/** The normalised action type of a module. */
export type ActionOf<M> = M extends ActionModule<infer A> ? A : never;

export function createActionRegistry(modules: readonly ActionModule[]): ActionRegistry {
  const list = modules;
  const byType = new Map<string, ActionModule>();
  for (const module of list) {
    if (byType.has(module.type)) throw new TypeError(`two action modules for "${module.type}": action types must be unique`);
    byType.set(module.type, module);
  }
  const types = [...byType.keys()];
  const shape = Object.fromEntries(list.map((module) => [module.type, module.schema.optional().meta({ description: module.description })]));
  const actionItem = strictMapping(shape, 'action', `an action such as add_tag: Customers (one of ${oneOf(types)})`)
    // Editors get the "one action per item" rule from the JSON Schema too.
    .meta({ minProperties: 1, maxProperties: 1 });
  const itemSchema = actionItem
    .superRefine((item, ctx) => {
      if (ctx.issues.some((issue) => issue.code === 'unrecognized_keys')) return;
      const present = types.filter((key) => (item as Record<string, unknown>)[key] !== undefined);
      if (present.length === 0) ctx.addIssue({ code: 'custom', message: `expected an action: ${oneOf(types)}` });
      if (present.length > 1) {
        ctx.addIssue({
          code: 'custom',
          message: `one action per item, found ${present.join(' and ')}; start each action with its own "-"`,
        });
      }
    })
    .transform((item) => Object.values(item).find((value) => value !== undefined) as ActionBase);
  return { modules: list, types, get: (type) => byType.get(type), itemSchema };
}
