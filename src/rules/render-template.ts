import type { Action } from '../actions/registry.js';
import { TAG_NAME_LIMIT } from '../actions/registry.js';
import { compileTemplate, type CompiledTemplate, type RenderResult } from './template.js';

export type { RenderResult } from './template.js';

/** On failure, `error` names the action (for logs) and `reason` is the bare cause. */
export type RenderActionResult = { ok: true; action: Action } | { ok: false; error: string; reason: string };

/** An action whose templates were compiled at load: rendering fills them in from the event. */
export interface CompiledAction {
  readonly action: Action;
  render(data: unknown): RenderActionResult;
}

/**
 * Fills `{{path}}` placeholders from the event. For one-off use (tests, `rules explain`): rules
 * files compile their templates once, at load (compileAction).
 */
export function renderTemplate(template: string, data: unknown): RenderResult {
  return compileTemplate(template).render(data);
}

/** The action with every template filled in, ready for a reaction; or why it cannot run for this event. */
export function renderAction(action: Action, data: unknown): RenderActionResult {
  return compileAction(action).render(data);
}

/** Compiles the templates of one action once; its `render` only reads the event. */
export function compileAction(action: Action): CompiledAction {
  switch (action.type) {
    case 'add_tag':
    case 'remove_tag': {
      if (!('name' in action.tag)) return constant(action);
      const template = compileTemplate(action.tag.name);
      return { action, render: (data) => renderTagName(action, template, data) };
    }
    case 'set_field': {
      const template = compileTemplate(action.value);
      return {
        action,
        render(data) {
          const rendered = template.render(data);
          if (!rendered.ok) return fail(`set_field ${action.slug} "${action.value}"`, rendered.error);
          return { ok: true, action: { ...action, value: rendered.value } };
        },
      };
    }
    default:
      return constant(action);
  }
}

function renderTagName(action: Extract<Action, { type: 'add_tag' | 'remove_tag' }>, template: CompiledTemplate, data: unknown): RenderActionResult {
  const rendered = template.render(data);
  const failed = (reason: string) => fail(`${action.type} "${template.source}"`, reason);
  if (!rendered.ok) return failed(rendered.error);
  if (rendered.value.trim() === '') return failed('the tag name is empty for this event');
  if (rendered.value.length > TAG_NAME_LIMIT) {
    return failed(`"${rendered.value}" is longer than ${TAG_NAME_LIMIT} characters, the Systeme.io limit for tag names`);
  }
  return { ok: true, action: { ...action, tag: { name: rendered.value } } };
}

function constant(action: Action): CompiledAction {
  const result: RenderActionResult = { ok: true, action };
  return { action, render: () => result };
}

function fail(what: string, reason: string): RenderActionResult {
  return { ok: false, error: `${what}: ${reason}`, reason };
}
