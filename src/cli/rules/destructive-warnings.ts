import type { RuleSet } from '../../rules/rule-set.js';

/**
 * One warning per rule with a destructive action (its module says so) while the single-secret
 * route is open: only the body is signed (docs/security.md), so a body captured from one event can be
 * sent again under another event's header there. Per-event routes and secrets close that door.
 */
export function destructiveWarnings(ruleSet: RuleSet, allowSingleSecretRoute: boolean): string[] {
  if (!allowSingleSecretRoute) return [];
  return ruleSet.rules.flatMap((rule) => {
    const found = [...new Set(rule.steps.filter((step) => step.module.destructive).map((step) => step.action.type))];
    if (found.length === 0) return [];
    return [
      `warning: rule "${rule.name}" runs ${found.join(', ')} while ALLOW_SINGLE_SECRET_ROUTE is true: a delivery body signed with the ` +
        'single secret can be replayed under another event header (the receiver refuses a body already accepted as another event, ' +
        'but not one it has not seen yet). Register per-event webhooks (systeme-hooks webhook register) ' +
        'and set ALLOW_SINGLE_SECRET_ROUTE=false (the default).',
    ];
  });
}
