import { describe, expect, it } from 'vitest';
import { whenSchema } from '../../src/rules/condition-schema.js';
import { defaultMessages, zodProblems } from '../../src/rules/problems.js';
import { evaluateRules } from '../../src/rules/select-rules.js';
import { contactCreated, ruleSetOf, ruleWhen, saleNew } from './rules-fixtures.js';

/** The problems the rules parser would report for a `when` block, as `path: message`. */
const messages = (when: unknown) => {
  const result = whenSchema.safeParse(when, { error: defaultMessages, reportInput: true });
  return result.success ? [] : zodProblems(result.error.issues).map((problem) => `${problem.path.join('.')}: ${problem.message}`);
};

describe('whenSchema on its own', () => {
  it('refuses an operator mapping with no operator', () => {
    expect(messages({ 'contact.email': {} })).toEqual([expect.stringMatching(/^contact\.email: expected at least one operator: eq \| ne/)]);
    expect(whenSchema.safeParse({ 'contact.email': { ends_with: '@example.com' } }).success).toBe(true);
  });

  it('gives the regular-expression compiler its say', () => {
    expect(messages({ 'contact.email': { matches: '(a' } })).toEqual([expect.stringMatching(/^contact\.email\.matches: invalid regular expression: missing closing \)/)]);
  });

  it('gives the path parser its say', () => {
    expect(messages({ 'sale.id': 1 })).toEqual([expect.stringMatching(/^sale\.id: unknown root "sale"; paths start with contact/)]);
    expect(messages({ 'contact..id': 1 })).toEqual(['contact..id: "contact..id" is not a dotted path; write paths such as contact.email or pricePlan.id']);
  });

  it('turns each operator into one condition, in the documented order', () => {
    const parsed = whenSchema.parse({ 'order.totalPrice': { lt: 9, gt: 1 }, 'pricePlan.id': 3456 });
    expect(parsed.map(({ path, op, value }) => [path, op, value])).toEqual([
      ['order.totalPrice', 'gt', 1],
      ['order.totalPrice', 'lt', 9],
      ['pricePlan.id', 'eq', 3456],
    ]);
  });
});

describe('conditions: negations and text operators on values that are not text', () => {
  const sale = saleNew();
  const onSale = (when: string) => evaluateRules(ruleSetOf(ruleWhen('SALE_NEW', when)), 'SALE_NEW', sale).length === 1;
  const contact = contactCreated();
  const onContact = (when: string) => evaluateRules(ruleSetOf(ruleWhen('CONTACT_CREATED', when)), 'CONTACT_CREATED', contact).length === 1;

  it('not_in fails when any listed value is present', () => {
    expect(onSale('{ pricePlan.id: { not_in: [1, 3456] } }')).toBe(false);
    expect(onSale('{ pricePlan.id: { not_in: [3456, 1] } }')).toBe(false);
    expect(onSale('{ pricePlan.id: { not_in: [1, 2] } }')).toBe(true);
  });

  it('text operators fail on booleans instead of reading them as text', () => {
    expect(onContact('{ contact.unsubscribed: { starts_with: f } }')).toBe(false);
    expect(onContact('{ contact.unsubscribed: { ends_with: e } }')).toBe(false);
    expect(onContact('{ contact.unsubscribed: { matches: "." } }')).toBe(false);
  });
});
