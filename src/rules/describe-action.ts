import type { Action, TagRef } from '../actions/registry.js';
import { readPath } from './read-path.js';
import { renderAction } from './render-template.js';

/**
 * One line saying what an action does, for `rules check` and `rules explain`:
 * `add_tag "Customers"`, `enroll course 680647 (full_access)`. With event data, templates are
 * filled in (or the reason they cannot be is shown) and the event's price plan is named.
 */
export function describeAction(action: Action, data?: unknown): string {
  if (data === undefined) return describe(action);
  const rendered = renderAction(action, data);
  if (!rendered.ok) return `${describe(action)} (cannot run for this event: ${rendered.reason})`;
  return describe(rendered.action, data);
}

function describe(action: Action, data?: unknown): string {
  switch (action.type) {
    case 'add_tag':
    case 'remove_tag':
      return `${action.type} ${tag(action.tag)}`;
    case 'enroll': {
      const modules = action.access === 'partial_access' ? `, modules ${action.modules.join(', ')}` : '';
      return `enroll course ${action.course} (${action.access}${modules})`;
    }
    case 'unenroll':
      return `unenroll course ${action.course}`;
    case 'join_community':
    case 'leave_community':
      return `${action.type} community ${action.community}`;
    case 'cancel_subscription':
      return `cancel_subscription ${action.when === 'now' ? 'now' : 'at the end of the paid period'} (${pricePlan(action.pricePlan, data)})`;
    case 'set_field':
      return `set_field ${action.slug} = ${JSON.stringify(action.value)}`;
  }
}

function tag(ref: TagRef): string {
  return 'id' in ref ? `id ${ref.id}` : JSON.stringify(ref.name);
}

function pricePlan(configured: number | undefined, data: unknown): string {
  if (configured !== undefined) return `price plan ${configured}`;
  if (data === undefined) return "the event's price plan";
  const [id] = readPath(data, ['pricePlan', 'id']);
  return id === undefined ? 'the event has no price plan' : `price plan ${String(id)}, from the event`;
}
