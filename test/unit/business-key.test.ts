import { describe, expect, it } from 'vitest';
import { saleBusinessKey } from '../../src/events/business-key.js';
import { EVENT_TYPES } from '../../src/events/event-types.js';

describe('saleBusinessKey', () => {
  it('is the order item of a sale, on both sale events', () => {
    const sale = { order: { id: 555 }, orderItem: { id: 777 } };
    expect(saleBusinessKey('SALE_NEW', sale)).toBe('order-item:777');
    expect(saleBusinessKey('SALE_CANCELED', sale)).toBe('order-item:777');
  });

  it('falls back to the order when the order item has no usable id', () => {
    expect(saleBusinessKey('SALE_NEW', { order: { id: 555 } })).toBe('order:555');
    expect(saleBusinessKey('SALE_NEW', { order: { id: 555 }, orderItem: null })).toBe('order:555');
    expect(saleBusinessKey('SALE_NEW', { order: { id: 555 }, orderItem: { id: 0 } })).toBe('order:555');
    expect(saleBusinessKey('SALE_NEW', { order: { id: 555 }, orderItem: 'x' })).toBe('order:555');
  });

  it('is undefined for contact events, whatever their payload', () => {
    for (const event of EVENT_TYPES.filter((type) => !type.startsWith('SALE_'))) {
      expect(saleBusinessKey(event, { order: { id: 555 }, orderItem: { id: 777 } }), event).toBeUndefined();
    }
  });

  it('is undefined for a sale that names neither, or a payload that is not an object', () => {
    expect(saleBusinessKey('SALE_NEW', {})).toBeUndefined();
    expect(saleBusinessKey('SALE_NEW', null)).toBeUndefined();
    expect(saleBusinessKey('SALE_NEW', 'order')).toBeUndefined();
    expect(saleBusinessKey('SALE_NEW', 42)).toBeUndefined();
    expect(saleBusinessKey('SALE_NEW', { order: null, orderItem: null })).toBeUndefined();
  });

  it.each([
    ['zero', 0],
    ['negative', -5],
    ['fractional', 1.5],
    ['beyond safe integers', 2 ** 53],
    ['not a number', Number.NaN],
    ['a boolean', true],
    ['an object', { id: 1 }],
  ])('refuses an id that is %s', (_kind, id) => {
    expect(saleBusinessKey('SALE_NEW', { order: { id }, orderItem: { id } })).toBeUndefined();
  });

  it('accepts the largest safe integer', () => {
    expect(saleBusinessKey('SALE_NEW', { orderItem: { id: Number.MAX_SAFE_INTEGER } })).toBe(`order-item:${Number.MAX_SAFE_INTEGER}`);
  });

  it.each([
    ['a numeric string', '777', 'order-item:777'],
    ['one digit', '7', 'order-item:7'],
    ['sixteen digits', '1234567890123456', 'order-item:1234567890123456'],
  ])('takes an id written as %s', (_kind, id, key) => {
    expect(saleBusinessKey('SALE_NEW', { orderItem: { id } })).toBe(key);
  });

  it.each([
    ['zero', '0'],
    ['a leading zero', '0777'],
    ['seventeen digits', '12345678901234567'],
    ['a sign', '-7'],
    ['spaces', ' 777'],
    ['a trailing newline', '777\n'],
    ['letters', '77a'],
    ['empty', ''],
  ])('refuses a string id with %s', (_kind, id) => {
    expect(saleBusinessKey('SALE_NEW', { orderItem: { id }, order: { id } })).toBeUndefined();
  });

  it('gives the same key to the same sale whatever else changes', () => {
    const first = saleBusinessKey('SALE_NEW', { order: { id: 1 }, orderItem: { id: 2 }, customer: { contactId: 3 } });
    const again = saleBusinessKey('SALE_NEW', { order: { id: 9 }, orderItem: { id: '2' } });
    expect(first).toBe(again);
  });
});
