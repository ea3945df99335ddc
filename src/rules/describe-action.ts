import type { ActionBase } from '../actions/action-module.js';
import { builtInActions } from '../actions/built-in.js';
import type { ActionRegistry } from '../actions/registry.js';
import { compileAction, moduleOf } from './render-template.js';

/**
 * One line saying what an action does, for `rules check` and `rules explain`:
 * `add_tag "Customers"`, `enroll course 680647 (full_access)`. With event data, templates are
 * filled in (or the reason they cannot be is shown) and the event's price plan is named.
 * Each action module words its own line.
 */
export function describeAction(action: ActionBase, data?: unknown, actions: ActionRegistry = builtInActions): string {
  return compileAction(moduleOf(action, actions), action).describe(data);
}
