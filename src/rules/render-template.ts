import type { Action } from './action-schema.js';
import { TAG_NAME_LIMIT } from './action-schema.js';
import { isTemplate, parseTemplate } from './template.js';
import { readPath } from './read-path.js';

export type RenderResult = { ok: true; value: string } | { ok: false; error: string };
/** On failure, `error` names the action (for logs) and `reason` is the bare cause. */
export type RenderActionResult = { ok: true; action: Action } | { ok: false; error: string; reason: string };

/**
 * Fills `{{path}}` placeholders from the event. A placeholder must find exactly one plain value:
 * a missing one is an error rather than an empty string (a tag "plan-" would be wrong and lasting).
 */
export function renderTemplate(template: string, data: unknown): RenderResult {
  if (!isTemplate(template)) return { ok: true, value: template };
  const parsed = parseTemplate(template);
  if (!parsed.ok) return parsed;
  let value = '';
  for (const part of parsed.parts) {
    if ('text' in part) {
      value += part.text;
      continue;
    }
    const found = readPath(data, part.segments);
    const placeholder = `{{${part.path}}}`;
    if (found.length === 0) return { ok: false, error: `${placeholder} has no value in this event` };
    if (found.length > 1) {
      return { ok: false, error: `${placeholder} has ${found.length} values in this event (it goes through a list); a placeholder needs exactly one` };
    }
    const [single] = found;
    if (typeof single === 'object') {
      return { ok: false, error: `${placeholder} is a ${Array.isArray(single) ? 'list' : 'mapping'}, not a value; name a key inside it` };
    }
    value += String(single);
  }
  return { ok: true, value };
}

/** The action with every template filled in, ready for a reaction; or why it cannot run for this event. */
export function renderAction(action: Action, data: unknown): RenderActionResult {
  switch (action.type) {
    case 'add_tag':
    case 'remove_tag': {
      if (!('name' in action.tag)) return { ok: true, action };
      const template = action.tag.name;
      const rendered = renderTemplate(template, data);
      const failed = (reason: string) => fail(`${action.type} "${template}"`, reason);
      if (!rendered.ok) return failed(rendered.error);
      if (rendered.value.trim() === '') return failed('the tag name is empty for this event');
      if (rendered.value.length > TAG_NAME_LIMIT) {
        return failed(`"${rendered.value}" is longer than ${TAG_NAME_LIMIT} characters, the Systeme.io limit for tag names`);
      }
      return { ok: true, action: { ...action, tag: { name: rendered.value } } };
    }
    case 'set_field': {
      const rendered = renderTemplate(action.value, data);
      if (!rendered.ok) return fail(`set_field ${action.slug} "${action.value}"`, rendered.error);
      return { ok: true, action: { ...action, value: rendered.value } };
    }
    default:
      return { ok: true, action };
  }
}

function fail(what: string, reason: string): RenderActionResult {
  return { ok: false, error: `${what}: ${reason}`, reason };
}
