import type { ActionBase } from '../actions/action-module.js';
import { didYouMean } from './did-you-mean.js';
import type { Entitlement } from './entitlement-schema.js';
import type { Problem } from './problems.js';
import type { RuleDefinition } from './rule-schema.js';

const USES = ['grant', 'revoke'] as const;

/**
 * On the raw document, so that a file with other mistakes still gets these: duplicate entitlement
 * names, and `grant:`/`revoke:` naming an entitlement the file does not define (with a "did you mean").
 */
export function entitlementProblems(document: unknown): Problem[] {
  const problems: Problem[] = [];
  const doc = isMapping(document) ? document : {};
  const entitlements = Array.isArray(doc.entitlements) ? doc.entitlements : [];
  const names: string[] = [];
  entitlements.forEach((entry: unknown, index) => {
    if (!isMapping(entry) || typeof entry.name !== 'string') return;
    const first = names.indexOf(entry.name);
    if (first >= 0) {
      problems.push({ path: ['entitlements', index, 'name'], message: `duplicate entitlement name "${entry.name}" (also entitlements[${first}]); names must be unique` });
    }
    names.push(entry.name);
  });
  const rules = Array.isArray(doc.rules) ? doc.rules : [];
  rules.forEach((rule: unknown, ruleIndex) => {
    const items: unknown[] = isMapping(rule) && Array.isArray(rule.do) ? rule.do : [];
    items.forEach((item, position) => {
      if (!isMapping(item)) return;
      for (const use of USES) {
        const name = item[use];
        if (typeof name !== 'string' || name === '' || names.includes(name)) continue;
        const close = didYouMean(name, names);
        const hint = close.length > 0 ? `did you mean ${close.map((n) => `"${n}"`).join(' or ')}?` : names.length > 0 ? `defined: ${names.join(', ')}` : 'add an entitlements: section';
        problems.push({ path: ['rules', ruleIndex, 'do', position, use], message: `unknown entitlement "${name}"; ${hint}` });
      }
    });
  });
  return problems;
}

/** The rules with each `grant:`/`revoke:` action carrying the entitlement it names (checked to exist). */
export function withEntitlements(rules: readonly RuleDefinition[], entitlements: readonly Entitlement[]): RuleDefinition[] {
  const byName = new Map(entitlements.map((entitlement) => [entitlement.name, entitlement]));
  return rules.map((rule) => ({
    ...rule,
    actions: rule.actions.map((action: ActionBase) => {
      if (!(USES as readonly string[]).includes(action.type)) return action;
      const entitlement = byName.get((action as ActionBase & { name: string }).name);
      return entitlement ? { ...action, entitlement } : action;
    }),
  }));
}

function isMapping(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
