import { describe, expect, it } from 'vitest';
import { didYouMean, editDistance } from '../../src/rules/did-you-mean.js';
import { parseRules } from '../../src/rules/parse-rules.js';
import { suggestFix } from '../../src/rules/suggest-fix.js';
import { rulesFixture } from './rules-fixtures.js';

describe('editDistance', () => {
  it.each([
    ['', '', 0],
    ['abc', '', 3],
    ['', 'abc', 3],
    ['add_tag', 'add_tag', 0],
    ['ad_tag', 'add_tag', 1],
    ['add_tags', 'add_tag', 1],
    ['enrol', 'enroll', 1],
    ['SALE_NWE', 'SALE_NEW', 1],
    ['ab', 'ba', 1],
    ['abc', 'cab', 2],
    ['kitten', 'sitting', 3],
    ['gt', 'lte', 2],
  ])('%j → %j is %i', (a, b, distance) => {
    expect(editDistance(a, b)).toBe(distance);
    expect(editDistance(b, a)).toBe(distance);
  });
});

describe('didYouMean', () => {
  const events = ['CONTACT_CREATED', 'CONTACT_TAG_ADDED', 'CONTACT_TAG_REMOVED', 'CONTACT_OPT_IN', 'SALE_NEW', 'SALE_CANCELED'];
  const operators = ['eq', 'ne', 'in', 'not_in', 'contains', 'starts_with', 'ends_with', 'matches', 'gt', 'gte', 'lt', 'lte', 'exists'];

  it('finds the word meant despite a swap, a missing or an extra letter', () => {
    expect(didYouMean('SALE_NWE', events)).toEqual(['SALE_NEW']);
    expect(didYouMean('SALE_CANCELLED', events)).toEqual(['SALE_CANCELED']);
    expect(didYouMean('CONTACT_OPTIN', events)).toEqual(['CONTACT_OPT_IN']);
    expect(didYouMean('endswith', operators)).toEqual(['ends_with']);
  });

  it('ignores case and hyphens against underscores', () => {
    expect(didYouMean('sale_new', events)).toEqual(['SALE_NEW']);
    expect(didYouMean('sale-canceled', events)).toEqual(['SALE_CANCELED']);
    expect(didYouMean('Starts-With', operators)).toEqual(['starts_with']);
  });

  it('lists every candidate equally close, in their order', () => {
    expect(didYouMean('gtt', operators)).toEqual(['gt', 'gte']);
  });

  it('suggests nothing when no candidate is close enough to be what was meant', () => {
    expect(didYouMean('ORDER_PAID', events)).toEqual([]);
    expect(didYouMean('between', operators)).toEqual([]);
    expect(didYouMean('', operators)).toEqual([]);
    expect(didYouMean('x', [])).toEqual([]);
  });

  it('allows one edit per three letters, and at least one', () => {
    expect(didYouMean('ab', ['cd'])).toEqual([]);
    expect(didYouMean('ab', ['ac'])).toEqual(['ac']);
    expect(didYouMean('abcdef', ['abxyef'])).toEqual(['abxyef']);
    expect(didYouMean('abcdef', ['axyzef'])).toEqual([]);
    expect(didYouMean('abcde', ['abxye'])).toEqual([]);
  });
});

describe('suggestFix', () => {
  it('adds the closest event to an unknown event', () => {
    const problem = { path: ['rules', 0, 'on'], message: 'unknown event "SALE_NWE"; expected SALE_NEW | SALE_CANCELED' };
    expect(suggestFix(problem)).toEqual({ ...problem, message: 'unknown event "SALE_NWE" (did you mean SALE_NEW?); expected SALE_NEW | SALE_CANCELED' });
  });

  it('takes the misspelt action, operator or key from the end of the path', () => {
    const problem = { path: ['rules', 0, 'do', 1, 'remove_tg'], message: 'unknown action; expected add_tag | remove_tag' };
    expect(suggestFix(problem).message).toBe('unknown action (did you mean remove_tag?); expected add_tag | remove_tag');
  });

  it('leaves other problems, and unknown words with nothing close, as they are', () => {
    const other = { path: ['rules', 0, 'name'], message: 'must not be empty' };
    expect(suggestFix(other)).toBe(other);
    const far = { path: ['rules', 0, 'do', 0, 'notify'], message: 'unknown action; expected add_tag | remove_tag' };
    expect(suggestFix(far)).toEqual(far);
    const indexed = { path: ['rules', 0], message: 'unknown key; expected name' };
    expect(suggestFix(indexed)).toEqual(indexed);
  });
});

describe('parseRules: located problems', () => {
  it('gives the YAML line and column of every mistake beside its path', () => {
    const result = parseRules(rulesFixture('many-mistakes.yaml'));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.located.map((line) => line.split(': ', 2).join(': '))).toEqual([
      'line 4:5: rules[0].on',
      'line 5:5: rules[0].priority',
      'line 11:37: rules[1].when["order.totalPrice"].between',
      'line 12:24: rules[1].when["contact.email"].matches',
      'line 15:9: rules[1].do[0].ad_tag',
      'line 16:35: rules[1].do[1].enroll.access',
      'line 8:5: rules[1].name',
      'line 11:7: rules[1].when["order.totalPrice"]',
      'line 13:7: rules[1].when["tag.name"]',
      'line 17:9: rules[1].do[2].add_tag',
      'line 21:24: rules[2].when["contact.email"].matches',
      'line 22:7: rules[2].when["customer.fields.__proto__"]',
      'line 24:27: rules[2].do[0].join_community.community',
      'line 25:9: rules[2].do[1].add_tag',
      'line 26:37: rules[2].do[2].unenroll.at',
    ]);
    expect(result.located.map((line) => line.replace(/^line \d+:\d+: /, ''))).toEqual(result.errors);
  });

  it('points a missing key at the mapping that lacks it', () => {
    const result = parseRules('rules:\n  - name: r\n    do: [{ add_tag: x }]\n');
    expect(result.ok === false && result.located).toEqual([
      'line 2:5: rules[0].on: required; expected an event such as SALE_NEW, or a list of events (CONTACT_CREATED | CONTACT_TAG_ADDED | CONTACT_TAG_REMOVED | CONTACT_OPT_IN | SALE_NEW | SALE_CANCELED)',
    ]);
  });
});
