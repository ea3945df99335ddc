import type { ActionRegistry } from '../actions/registry.js';
import { parsePath, rootProblem } from './paths.js';
import type { Problem } from './problems.js';
import { onSchema } from './rule-schema.js';
import { parseTemplate } from './template.js';

/**
 * Checks that span several keys, run on the raw document so that a rule with one broken part
 * still gets its other parts checked: duplicate names, paths and templates whose root the rule's
 * events do not carry, and each action's own checks against the rule's events (e.g.
 * `cancel_subscription` without a price plan to find the subscription by).
 */
export function crossChecks(document: unknown, actions: ActionRegistry): Problem[] {
  const problems: Problem[] = [];
  const rules = isMapping(document) && Array.isArray(document.rules) ? document.rules : [];
  const firstByName = new Map<string, number>();
  rules.forEach((rule: unknown, index) => {
    if (!isMapping(rule)) return;
    const at = (...path: PropertyKey[]) => ['rules', index, ...path];
    if (typeof rule.name === 'string') {
      const first = firstByName.get(rule.name);
      if (first === undefined) firstByName.set(rule.name, index);
      else problems.push({ path: at('name'), message: `duplicate rule name "${rule.name}" (also rules[${first}]); names must be unique` });
    }
    if (isMapping(rule.when) && Object.hasOwn(rule.when, '__proto__')) {
      // Zod drops a `__proto__` record key silently; it must still be reported.
      problems.push({ path: at('when', '__proto__'), message: '"__proto__" is not allowed in a path (it names JavaScript object internals)' });
    }
    const on = onSchema.safeParse(rule.on);
    if (!on.success) return;
    const events = on.data;
    for (const key of isMapping(rule.when) ? Object.keys(rule.when) : []) {
      const parsed = parsePath(key);
      const problem = parsed.ok ? rootProblem(parsed.segments, events) : undefined;
      if (problem) problems.push({ path: at('when', key), message: problem });
    }
    const items: unknown[] = Array.isArray(rule.do) ? rule.do : [];
    items.forEach((item, position) => {
      const parsed = actions.itemSchema.safeParse(item);
      const module = parsed.success ? actions.get(parsed.data.type) : undefined;
      if (!parsed.success || !module) return;
      const action = parsed.data;
      for (const field of module.templates?.(action) ?? []) {
        const template = parseTemplate(field.text);
        for (const part of template.ok ? template.parts : []) {
          if (!('segments' in part)) continue;
          const problem = rootProblem(part.segments, events);
          if (problem) problems.push({ path: at('do', position, action.type, ...field.path), message: `placeholder {{${part.path}}}: ${problem}` });
        }
      }
      for (const problem of module.check?.(action, events) ?? []) {
        problems.push({ path: at('do', position, action.type, ...problem.path), message: problem.message });
      }
    });
  });
  return problems;
}

function isMapping(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
