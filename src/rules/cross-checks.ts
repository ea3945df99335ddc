import { EVENT_ROOTS, parsePath, rootProblem } from './paths.js';
import { actionSchema, actionTemplates } from '../actions/registry.js';
import type { Problem } from './problems.js';
import { onSchema } from './rule-schema.js';
import { parseTemplate } from './template.js';

/**
 * Checks that span several keys, run on the raw document so that a rule with one broken part
 * still gets its other parts checked: duplicate names, paths and templates whose root the rule's
 * events do not carry, and `cancel_subscription` without a price plan to find the subscription by.
 */
export function crossChecks(document: unknown): Problem[] {
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
    const actions: unknown[] = Array.isArray(rule.do) ? rule.do : [];
    actions.forEach((item, position) => {
      const action = actionSchema.safeParse(item);
      if (!action.success) return;
      for (const { field, text } of actionTemplates(action.data)) {
        const parsed = parseTemplate(text);
        for (const part of parsed.ok ? parsed.parts : []) {
          if (!('segments' in part)) continue;
          const problem = rootProblem(part.segments, events);
          if (problem) problems.push({ path: at('do', position, ...field), message: `placeholder {{${part.path}}}: ${problem}` });
        }
      }
      if (action.data.type === 'cancel_subscription' && action.data.pricePlan === undefined) {
        const without = events.filter((event) => !EVENT_ROOTS[event].includes('pricePlan'));
        if (without.length > 0) {
          problems.push({
            path: at('do', position, 'cancel_subscription'),
            message: `${without.join(', ')} events carry no price plan; add price_plan: <id> to say which subscription to cancel`,
          });
        }
      }
    });
  });
  return problems;
}

function isMapping(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
