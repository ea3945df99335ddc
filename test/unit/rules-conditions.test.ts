import { describe, expect, it } from 'vitest';
import { evaluateRules } from '../../src/rules/select-rules.js';
import type { EventType } from '../../src/events/event-types.js';
import type { EventData } from '../../src/events/normalise.js';
import { contactCreated, ruleSetOf, ruleWhen, saleNew, tagAdded } from './rules-fixtures.js';

/** Whether a one-rule file with this `when` block matches the event. */
function matches(event: EventType, data: EventData, when: string): boolean {
  return evaluateRules(ruleSetOf(ruleWhen(event, when)), event, data).length === 1;
}

// The recorded SALE_NEW: pricePlan 3456, one resource (course 680647), order total 4900, coupon null.
const sale = saleNew();
// The same sale with a second course in the order and a numeric string in the checkout fields.
const bundle = saleNew((payload) => {
  payload.orderItem.resources.push({ course: { id: 680648, name: 'Bonus' }, courseBundle: null, tag: null });
  payload.customer.fields.zip = '75001';
});
const onSale = (when: string) => matches('SALE_NEW', sale, when);
const onBundle = (when: string) => matches('SALE_NEW', bundle, when);

describe('conditions on a sale', () => {
  it.each([
    ['bare value means eq', '{ pricePlan.id: 3456 }', true],
    ['bare value, other plan', '{ pricePlan.id: 3457 }', false],
    ['numeric string operand compares as a number', '{ pricePlan.id: "3456" }', true],
    ['eq on text is exact and case-sensitive', '{ contact.email: Jane@example.com }', false],
    ['eq on text', '{ customer.paymentProcessor: { eq: stripe } }', true],
    ['the escaped URL is read unescaped', '{ customer.sourceUrl: "https://x.systeme.io/p" }', true],
    ['ne', '{ pricePlan.id: { ne: 3457 } }', true],
    ['ne, equal', '{ pricePlan.id: { ne: 3456 } }', false],
    ['in', '{ pricePlan.id: { in: [1, 3456] } }', true],
    ['in, absent', '{ pricePlan.id: { in: [1, 2] } }', false],
    ['not_in', '{ pricePlan.id: { not_in: [1, 2] } }', true],
    ['not_in, present', '{ pricePlan.id: { not_in: [3456] } }', false],
    ['contains text', '{ customer.sourceUrl: { contains: systeme.io } }', true],
    ['contains text, case-sensitive', '{ customer.sourceUrl: { contains: SYSTEME } }', false],
    ['starts_with', '{ contact.email: { starts_with: jane@ } }', true],
    ['ends_with', '{ contact.email: { ends_with: "@example.com" } }', true],
    ['ends_with, other domain', '{ contact.email: { ends_with: "@example.org" } }', false],
    ['string operators read numbers as decimal text', '{ pricePlan.id: { starts_with: "34" } }', true],
    ['matches', '{ contact.email: { matches: "^[a-z]+@example\\\\.com$" } }', true],
    ['matches is case-sensitive', '{ contact.email: { matches: "^JANE@" } }', false],
    ['gt', '{ order.totalPrice: { gt: 4000 } }', true],
    ['gt, equal', '{ order.totalPrice: { gt: 4900 } }', false],
    ['gte', '{ order.totalPrice: { gte: 4900 } }', true],
    ['lt', '{ order.totalPrice: { lt: 4900 } }', false],
    ['lte with a numeric string', '{ order.totalPrice: { lte: "4900" } }', true],
    ['PHP float 0.0 is the number 0', '{ order.vat: 0 }', true],
    ['ISO dates compare as text', '{ order.createdAt: { gte: "2026-09-01", lt: "2026-10-01" } }', true],
    ['text and number do not compare', '{ contact.email: { gt: 5 } }', false],
    ['several operators: all must hold', '{ order.totalPrice: { gt: 1000, lt: 2000 } }', false],
    ['several operators, all holding', '{ order.totalPrice: { gt: 1000, lt: 5000 } }', true],
    ['several paths: all must hold', '{ pricePlan.id: 3456, pricePlan.currency: usd }', false],
    ['nested object', '{ funnelStep.funnel.id: 8 }', true],
    ['exists', '{ funnelStep.funnel.id: { exists: true } }', true],
    ['null counts as missing', '{ coupon: { exists: false } }', true],
    ['null is not present', '{ checkoutPage: { exists: true } }', false],
    ['a sale contact has only id and email', '{ contact.id: 12345, contact.tags: { exists: false } }', true],
  ])('%s: %s', (_name, when, expected) => {
    expect(onSale(when)).toBe(expected);
  });
});

describe('missing paths', () => {
  it.each([
    ['eq', '{ coupon.code: SUMMER }', false],
    ['in', '{ coupon.code: { in: [SUMMER] } }', false],
    ['contains', '{ coupon.code: { contains: S } }', false],
    ['starts_with', '{ coupon.code: { starts_with: S } }', false],
    ['matches', '{ coupon.code: { matches: "." } }', false],
    ['gt', '{ order.nothing: { gt: 0 } }', false],
    ['exists: true', '{ coupon.code: { exists: true } }', false],
    ['a missing value is "not equal"', '{ coupon.code: { ne: SUMMER } }', true],
    ['a missing value is in none', '{ coupon.code: { not_in: [SUMMER] } }', true],
    ['exists: false', '{ coupon.code: { exists: false } }', true],
    ['a path through a scalar', '{ contact.email.domain: { exists: false } }', true],
  ])('%s: %s → %s', (_name, when, expected) => {
    expect(onSale(when)).toBe(expected);
  });
});

describe('paths through lists match if any element does', () => {
  it.each([
    ['eq the first element', '{ orderItem.resources.course.id: 680647 }', true],
    ['eq the second element', '{ orderItem.resources.course.id: 680648 }', true],
    ['eq no element', '{ orderItem.resources.course.id: 1 }', false],
    ['in', '{ orderItem.resources.course.id: { in: [680648, 9] } }', true],
    ['ne is "no element equals"', '{ orderItem.resources.course.id: { ne: 680648 } }', false],
    ['not_in is "no element is in"', '{ orderItem.resources.course.id: { not_in: [680647] } }', false],
    ['not_in, none present', '{ orderItem.resources.course.id: { not_in: [1, 2] } }', true],
    ['contains a value', '{ orderItem.resources.course.id: { contains: 680648 } }', true],
    ['gt on any element', '{ orderItem.resources.course.id: { gt: 680647 } }', true],
    ['exists through a list', '{ orderItem.resources.course.name: { exists: true } }', true],
    ['a numeric string in the payload equals a number', '{ customer.fields.zip: 75001 }', true],
    ['a numeric string in the payload compares as a number', '{ customer.fields.zip: { gt: 9999 } }', true],
  ])('%s: %s → %s', (_name, when, expected) => {
    expect(onBundle(when)).toBe(expected);
  });
});

describe('conditions on contact events', () => {
  it('reads the contact, its tag list and booleans', () => {
    const data = contactCreated();
    expect(matches('CONTACT_CREATED', data, '{ contact.unsubscribed: false }')).toBe(true);
    // Booleans are not text: "false" is not false.
    expect(matches('CONTACT_CREATED', data, '{ contact.unsubscribed: "false" }')).toBe(false);
    expect(matches('CONTACT_CREATED', data, '{ contact.tags.name: lead }')).toBe(true);
    expect(matches('CONTACT_CREATED', data, '{ contact.tags.name: { contains: ea } }')).toBe(true);
    expect(matches('CONTACT_CREATED', data, '{ contact.fields.slug: first_name, contact.locale: { in: [en, fr] } }')).toBe(true);
    expect(matches('CONTACT_CREATED', data, '{ contact.sourceURL: { exists: false } }')).toBe(true);
  });

  it('reads the tag of a tag event, from a double-nested contact', () => {
    const data = tagAdded();
    expect(matches('CONTACT_TAG_ADDED', data, '{ tag.name: vip, tag.id: 7, contact.id: 12345 }')).toBe(true);
    expect(matches('CONTACT_TAG_ADDED', data, '{ contact.fields.value: "José" }')).toBe(true);
    expect(matches('CONTACT_TAG_ADDED', data, '{ tag.name: VIP }')).toBe(false);
  });
});

describe('rule selection', () => {
  const ruleSet = ruleSetOf(`rules:
  - { name: any-sale, on: [SALE_NEW, SALE_CANCELED], do: [{ add_tag: buyer }] }
  - { name: monthly, on: SALE_NEW, when: { pricePlan.id: 3456 }, do: [{ add_tag: monthly }] }
  - { name: yearly, on: SALE_NEW, when: { pricePlan.id: 9999 }, do: [{ add_tag: yearly }] }
  - { name: refunds, on: SALE_CANCELED, do: [{ remove_tag: buyer }] }
  - { name: again, on: SALE_NEW, do: [{ add_tag: again }] }
`);

  it('returns every matching rule that listens to the event, in file order', () => {
    expect(evaluateRules(ruleSet, 'SALE_NEW', sale).map((rule) => rule.name)).toEqual(['any-sale', 'monthly', 'again']);
    expect(evaluateRules(ruleSet, 'SALE_CANCELED', sale).map((rule) => rule.name)).toEqual(['any-sale', 'refunds']);
  });

  it('returns nothing for an event no rule listens to', () => {
    expect(evaluateRules(ruleSet, 'CONTACT_CREATED', contactCreated())).toEqual([]);
  });
});
