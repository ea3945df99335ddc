import { describe, expect, it } from 'vitest';
import { describeAction } from '../../src/rules/describe-action.js';
import { describeCondition, describeExplanation, describeSeen } from '../../src/rules/describe-explanation.js';
import { explainRules } from '../../src/rules/select-rules.js';
import { ruleSetOf, saleNew, tagAdded } from './rules-fixtures.js';

const ruleSet = ruleSetOf(`rules:
  - name: buyers-get-the-course
    on: SALE_NEW
    when:
      pricePlan.id: 3456
      orderItem.resources.course.id: { in: [680647, 680648] }
    do:
      - add_tag: "plan-{{pricePlan.id}}"
      - enroll: { course: 680647 }
  - name: europe-only
    on: SALE_NEW
    when:
      customer.fields.country: { in: [DE, IT] }
      contact.email: { ends_with: "@example.org", matches: "^jane" }
      coupon.code: SUMMER
    do:
      - add_tag: europe
  - name: refunds-lose-access
    on: SALE_CANCELED
    do:
      - cancel_subscription: now
`);
const sale = saleNew();

describe('explainRules', () => {
  const [buyers, europe, refunds] = explainRules(ruleSet, 'SALE_NEW', sale);

  it('says, per rule, whether it listens and matches', () => {
    expect([buyers, europe, refunds].map((explanation) => [explanation?.rule.name, explanation?.listens, explanation?.matched])).toEqual([
      ['buyers-get-the-course', true, true],
      ['europe-only', true, false],
      ['refunds-lose-access', false, false],
    ]);
    expect(refunds?.conditions).toEqual([]);
  });

  it('lists the failed conditions with the values actually seen', () => {
    expect(europe?.failed.map((outcome) => [outcome.condition.path, outcome.condition.op, outcome.seen])).toEqual([
      ['customer.fields.country', 'in', ['FR']],
      ['contact.email', 'ends_with', ['jane@example.com']],
      ['coupon.code', 'eq', []],
    ]);
    expect(europe?.conditions.map((outcome) => outcome.passed)).toEqual([false, false, true, false]);
  });

  it('prints as lines for `rules explain`', () => {
    expect(explainRules(ruleSet, 'SALE_NEW', sale).flatMap((explanation) => describeExplanation(explanation, sale))).toEqual([
      'buyers-get-the-course: matches',
      '  pass pricePlan.id eq 3456 (saw 3456)',
      '  pass orderItem.resources.course.id in [680647, 680648] (saw 680647)',
      '  → add_tag "plan-3456"',
      '  → enroll course 680647 (full_access)',
      'europe-only: does not match',
      '  FAIL customer.fields.country in ["DE", "IT"] (saw "FR")',
      '  FAIL contact.email ends_with "@example.org" (saw "jane@example.com")',
      '  pass contact.email matches /^jane/ (saw "jane@example.com")',
      '  FAIL coupon.code eq "SUMMER" (saw missing)',
      'refunds-lose-access: does not listen to SALE_NEW (on: SALE_CANCELED)',
    ]);
  });
});

describe('describeSeen', () => {
  it('shows missing, single and several values, shortening long ones', () => {
    expect(describeSeen([])).toBe('missing');
    expect(describeSeen([false])).toBe('false');
    expect(describeSeen([680647, 680648])).toBe('[680647, 680648]');
    expect(describeSeen([{ id: 8, name: 'Main' }])).toBe('{"id":8,"name":"Main"}');
    expect(describeSeen(['x'.repeat(200)])).toBe(`"${'x'.repeat(78)}…`);
  });
});

describe('describeCondition', () => {
  it('names the path, the operator and the operand', () => {
    const [rule] = ruleSetOf(`rules:
  - name: r
    on: SALE_NEW
    when:
      order.totalPrice: { gte: 1000 }
      coupon: { exists: false }
      pricePlan.id: { not_in: [1, "2"] }
    do: [{ add_tag: x }]
`).rules;
    expect(rule?.conditions.map(describeCondition)).toEqual(['order.totalPrice gte 1000', 'coupon exists false', 'pricePlan.id not_in [1, "2"]']);
  });
});

describe('describeAction', () => {
  const [rule] = ruleSetOf(`rules:
  - name: every-action
    on: SALE_NEW
    do:
      - add_tag: Customers
      - add_tag: { id: 42 }
      - remove_tag: "trial-{{pricePlan.id}}"
      - enroll: { course: 680647, access: partial_access, modules: [1, 2] }
      - enroll: { course: 680647, access: dripping_content }
      - unenroll: { course: 680647 }
      - join_community: { community: 77 }
      - leave_community: { community: 77 }
      - cancel_subscription: { when: now }
      - cancel_subscription: { price_plan: 9999 }
      - set_field: { slug: customer_since, value: "{{order.createdAt}}" }
      - add_tag: "coupon-{{coupon.code}}"
`).rules;
  const actions = rule?.actions ?? [];

  it('describes each action as written', () => {
    expect(actions.map((action) => describeAction(action))).toEqual([
      'add_tag "Customers"',
      'add_tag id 42',
      'remove_tag "trial-{{pricePlan.id}}"',
      'enroll course 680647 (partial_access, modules 1, 2)',
      'enroll course 680647 (dripping_content)',
      'unenroll course 680647',
      'join_community community 77',
      'leave_community community 77',
      "cancel_subscription now (the event's price plan)",
      'cancel_subscription at the end of the paid period (price plan 9999)',
      'set_field customer_since = "{{order.createdAt}}"',
      'add_tag "coupon-{{coupon.code}}"',
    ]);
  });

  it('describes each action for an event, with templates filled in', () => {
    expect(actions.map((action) => describeAction(action, sale))).toEqual([
      'add_tag "Customers"',
      'add_tag id 42',
      'remove_tag "trial-3456"',
      'enroll course 680647 (partial_access, modules 1, 2)',
      'enroll course 680647 (dripping_content)',
      'unenroll course 680647',
      'join_community community 77',
      'leave_community community 77',
      'cancel_subscription now (price plan 3456, from the event)',
      'cancel_subscription at the end of the paid period (price plan 9999)',
      'set_field customer_since = "2026-09-27T20:16:26+00:00"',
      'add_tag "coupon-{{coupon.code}}" (cannot run for this event: {{coupon.code}} has no value in this event)',
    ]);
  });

  it('says when the event has no price plan to cancel', () => {
    expect(describeAction(actions[8]!, tagAdded())).toBe('cancel_subscription now (the event has no price plan)');
  });
});
