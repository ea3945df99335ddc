import { describe, expect, it } from 'vitest';
import { asNumber, asText, compareValues, containsValue, sameValue } from '../../src/rules/compare-values.js';

describe('asNumber', () => {
  it.each([
    [42, 42],
    [-3.25, -3.25],
    [0, 0],
    ['42', 42],
    ['-42', -42],
    ['49.99', 49.99],
    ['-0.5', -0.5],
    ['007', 7],
  ])('%j is the number %j', (value, number) => {
    expect(asNumber(value)).toBe(number);
  });

  it.each([[Number.NaN], [Infinity], [-Infinity], [''], ['4.'], ['.5'], ['1e3'], ['+1'], [' 1'], ['1 '], ['12a'], ['a12'], ['1.2.3'], [null], [undefined], [true], [[1]], [{}]])(
    '%j is not a number',
    (value) => {
      expect(asNumber(value)).toBeUndefined();
    },
  );
});

describe('sameValue', () => {
  it('compares numbers and numeric strings as numbers', () => {
    expect(sameValue(3456, '3456')).toBe(true);
    expect(sameValue('3456', 3456)).toBe(true);
    expect(sameValue('3456.0', 3456)).toBe(true);
    expect(sameValue(49.99, '49.99')).toBe(true);
    expect(sameValue(3456, 3457)).toBe(false);
    expect(sameValue('3456', '3457')).toBe(false);
  });

  it('compares anything else strictly', () => {
    expect(sameValue('stripe', 'stripe')).toBe(true);
    expect(sameValue('Stripe', 'stripe')).toBe(false);
    expect(sameValue(true, true)).toBe(true);
    expect(sameValue(false, 'false')).toBe(false);
    expect(sameValue(1, true)).toBe(false);
    expect(sameValue('x', 1)).toBe(false);
  });
});

describe('asText', () => {
  it('reads strings as they are and numbers in decimal', () => {
    expect(asText('abc')).toBe('abc');
    expect(asText('')).toBe('');
    expect(asText(3456)).toBe('3456');
    expect(asText(49.5)).toBe('49.5');
  });

  it('reads nothing else', () => {
    for (const value of [true, null, undefined, [1], { a: 1 }]) expect(asText(value)).toBeUndefined();
  });
});

describe('compareValues', () => {
  it.each([
    [5000, 4900, 1],
    [4900, 4900, 0],
    [4800, 4900, -1],
    ['5000', 4900, 1],
    [4900, '4900', 0],
    [49.99, 49.98, 1],
    [49.98, '49.99', -1],
    ['49.99', '49.99', 0],
    [-1, 0, -1],
    [0.01, 0, 1],
  ])('%j against %j is %i, as numbers', (seen, bound, sign) => {
    expect(compareValues(seen, bound)).toBe(sign);
  });

  it.each([
    ['2026-10-01T00:00:00+00:00', '2026-09-30', 1],
    ['2026-09-30', '2026-09-30', 0],
    ['2026-09-01', '2026-09-30', -1],
    ['b', 'a', 1],
    ['a', 'b', -1],
    ['abc', 'abc', 0],
    ['B', 'a', -1],
    ['ab', 'a', 1],
  ])('%j against %j is %i, as text', (seen, bound, sign) => {
    expect(compareValues(seen, bound)).toBe(sign);
  });

  it('does not compare text with numbers, nor anything that is neither', () => {
    expect(compareValues('abc', 5)).toBeUndefined();
    expect(compareValues(5, 'abc')).toBeUndefined();
    expect(compareValues('10', 'abc')).toBeUndefined();
    expect(compareValues('abc', '10')).toBeUndefined();
    expect(compareValues(true, 1)).toBeUndefined();
    expect(compareValues(null, 0)).toBeUndefined();
    expect(compareValues(['1'], '1')).toBeUndefined();
    expect(compareValues('a', null)).toBeUndefined();
    expect(compareValues(true, 'abc')).toBeUndefined();
    expect(compareValues(null, 'a')).toBeUndefined();
    expect(compareValues(['a'], 'b')).toBeUndefined();
  });
});

describe('containsValue', () => {
  it('finds text in text, numbers read as decimal text', () => {
    expect(containsValue('https://x.systeme.io/p', 'systeme.io')).toBe(true);
    expect(containsValue('https://x.systeme.io/p', 'SYSTEME')).toBe(false);
    expect(containsValue(3456, '45')).toBe(true);
    expect(containsValue(3456, '54')).toBe(false);
  });

  it('falls back to equality for a non-text operand or a non-text value', () => {
    expect(containsValue(680648, 680648)).toBe(true);
    expect(containsValue('680648', 680648)).toBe(true);
    expect(containsValue(680648, 68)).toBe(false);
    expect(containsValue(true, 'true')).toBe(false);
    expect(containsValue(true, true)).toBe(true);
  });
});
