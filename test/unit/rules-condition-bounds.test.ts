import { describe, expect, it } from 'vitest';
import { evaluateRules } from '../../src/rules/select-rules.js';
import { ruleSetOf, ruleWhen, saleNew } from './rules-fixtures.js';

// The recorded SALE_NEW (order total 4900, created 2026-09-27T20:16:26+00:00), with a price in
// cents and euros and a text field, to try each ordering operator on both sides of its bound.
const sale = saleNew((payload) => {
  payload.pricePlan.amount = 4999;
  payload.customer.fields.price = '49.99';
  payload.customer.fields.city = 'Lyon';
});
const holds = (when: string) => evaluateRules(ruleSetOf(ruleWhen('SALE_NEW', when)), 'SALE_NEW', sale).length === 1;

describe('ordering operators on both sides of their bound', () => {
  it.each([
    ['gt, above', '{ order.totalPrice: { gt: 4899 } }', true],
    ['gt, equal', '{ order.totalPrice: { gt: 4900 } }', false],
    ['gt, below', '{ order.totalPrice: { gt: 4901 } }', false],
    ['gte, above', '{ order.totalPrice: { gte: 4899 } }', true],
    ['gte, equal', '{ order.totalPrice: { gte: 4900 } }', true],
    ['gte, below', '{ order.totalPrice: { gte: 4901 } }', false],
    ['lt, above', '{ order.totalPrice: { lt: 4899 } }', false],
    ['lt, equal', '{ order.totalPrice: { lt: 4900 } }', false],
    ['lt, below', '{ order.totalPrice: { lt: 4901 } }', true],
    ['lte, above', '{ order.totalPrice: { lte: 4899 } }', false],
    ['lte, equal', '{ order.totalPrice: { lte: 4900 } }', true],
    ['lte, below', '{ order.totalPrice: { lte: 4901 } }', true],
  ])('%s: %s → %s', (_name, when, expected) => {
    expect(holds(when)).toBe(expected);
  });

  it.each([
    ['two decimals, gt by a cent', '{ customer.fields.price: { gt: 49.98 } }', true],
    ['two decimals, gt equal', '{ customer.fields.price: { gt: 49.99 } }', false],
    ['two decimals, gte equal', '{ customer.fields.price: { gte: "49.99" } }', true],
    ['two decimals, gte a cent above', '{ customer.fields.price: { gte: 50.00 } }', false],
    ['two decimals, lt a cent above', '{ customer.fields.price: { lt: 50 } }', true],
    ['two decimals, lte a cent below', '{ customer.fields.price: { lte: 49.98 } }', false],
    ['cents against a decimal bound', '{ pricePlan.amount: { gt: 4998.99, lt: 4999.01 } }', true],
  ])('%s: %s → %s', (_name, when, expected) => {
    expect(holds(when)).toBe(expected);
  });

  it.each([
    ['text gt, above', '{ customer.fields.city: { gt: Lille } }', true],
    ['text gt, equal', '{ customer.fields.city: { gt: Lyon } }', false],
    ['text gte, equal', '{ customer.fields.city: { gte: Lyon } }', true],
    ['text gte, below', '{ customer.fields.city: { gte: Lyons } }', false],
    ['text lt, above', '{ customer.fields.city: { lt: Lille } }', false],
    ['text lte, equal', '{ customer.fields.city: { lte: Lyon } }', true],
    ['text lte, above', '{ customer.fields.city: { lte: Lille } }', false],
    ['date gte, same instant', '{ order.createdAt: { gte: "2026-09-27T20:16:26+00:00" } }', true],
    ['date gt, same instant', '{ order.createdAt: { gt: "2026-09-27T20:16:26+00:00" } }', false],
    ['date lte, a second before', '{ order.createdAt: { lte: "2026-09-27T20:16:25+00:00" } }', false],
    ['date lt, the next day', '{ order.createdAt: { lt: "2026-09-28" } }', true],
  ])('%s: %s → %s', (_name, when, expected) => {
    expect(holds(when)).toBe(expected);
  });

  it.each([
    ['gte on a missing value', '{ coupon.amount: { gte: 0 } }'],
    ['lte on a missing value', '{ coupon.amount: { lte: 0 } }'],
    ['gte between text and a number', '{ customer.fields.city: { gte: 0 } }'],
    ['lte between text and a number', '{ customer.fields.city: { lte: 99999 } }'],
    ['lt between a number and text', '{ order.totalPrice: { lt: zzz } }'],
  ])('%s fails: %s', (_name, when) => {
    expect(holds(when)).toBe(false);
  });
});
