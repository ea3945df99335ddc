import type { ActionBase, ActionModule, TemplateField } from '../actions/action-module.js';
import { builtInActions } from '../actions/built-in.js';
import type { ActionRegistry } from '../actions/registry.js';
import { compileTemplate, type CompiledTemplate, type RenderResult } from './template.js';

export type { RenderResult } from './template.js';

/** On failure, `error` names the action (for logs) and `reason` is the bare cause. */
export type RenderActionResult = { ok: true; action: ActionBase } | { ok: false; error: string; reason: string };

/** An action of a loaded rule: its module, and its templates compiled once. */
export interface CompiledAction {
  readonly action: ActionBase;
  readonly module: ActionModule;
  /** The action with every template filled in from the event, or why it cannot run for this event. */
  render(data: unknown): RenderActionResult;
  /** `add_tag "Customers"`; with event data, templates filled in (or why they cannot be). */
  describe(data?: unknown): string;
}

/**
 * Fills `{{path}}` placeholders from the event. For one-off use (tests, `rules explain`): rules
 * files compile their templates once, at load (compileAction).
 */
export function renderTemplate(template: string, data: unknown): RenderResult {
  return compileTemplate(template).render(data);
}

/** The action with every template filled in, ready for a reaction; or why it cannot run for this event. */
export function renderAction(action: ActionBase, data: unknown, actions: ActionRegistry = builtInActions): RenderActionResult {
  return compileAction(moduleOf(action, actions), action).render(data);
}

export function moduleOf(action: ActionBase, actions: ActionRegistry): ActionModule {
  const module = actions.get(action.type);
  if (!module) throw new TypeError(`no action module for "${action.type}"; register it in the action registry`);
  return module;
}

/** Compiles the templates of one action once; its `render` only reads the event. */
export function compileAction(module: ActionModule, action: ActionBase): CompiledAction {
  const fields = (module.templates?.(action) ?? []).map((field) => ({ field, template: compileTemplate(field.text) }));
  const render = (data: unknown): RenderActionResult => {
    let rendered = action;
    for (const { field, template } of fields) {
      const result = renderField(field, template, data);
      if (!result.ok) return { ok: false, error: `${field.label}: ${result.error}`, reason: result.error };
      rendered = field.fill(rendered, result.value);
    }
    return { ok: true, action: rendered };
  };
  return {
    action,
    module,
    render,
    describe(data) {
      if (data === undefined) return module.describe(action);
      const rendered = render(data);
      if (!rendered.ok) return `${module.describe(action)} (cannot run for this event: ${rendered.reason})`;
      return module.describe(rendered.action, data as never);
    },
  };
}

function renderField(field: TemplateField<ActionBase>, template: CompiledTemplate, data: unknown): RenderResult {
  const rendered = template.render(data);
  if (!rendered.ok) return rendered;
  const problem = field.check?.(rendered.value);
  return problem === undefined ? rendered : { ok: false, error: problem };
}
