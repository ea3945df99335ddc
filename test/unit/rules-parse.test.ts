import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadRulesFile } from '../../src/rules/load-rules-file.js';
import { RulesError } from '../../src/rules/rules-error.js';
import { parseRules } from '../../src/rules/parse-rules.js';
import { errorsOf, ruleSetOf, rulesFixture } from './rules-fixtures.js';

describe('parseRules: valid files', () => {
  it('normalises the documented format into rules with events, conditions and typed actions', () => {
    const ruleSet = ruleSetOf(rulesFixture('documented-format.yaml'));
    expect(ruleSet.rules.map((rule) => rule.name)).toEqual(['buyers-get-the-course', 'refunds-lose-access']);
    const [buyers, refunds] = ruleSet.rules;
    expect(buyers?.events).toEqual(['SALE_NEW']);
    expect(buyers?.conditions.map(({ path, op, value }) => ({ path, op, value }))).toEqual([
      { path: 'pricePlan.id', op: 'eq', value: 3456 },
      { path: 'contact.email', op: 'ends_with', value: '@example.com' },
      { path: 'orderItem.resources.course.id', op: 'in', value: [680647, 680648] },
    ]);
    expect(buyers?.actions).toEqual([
      { type: 'add_tag', tag: { name: 'Customers' } },
      { type: 'add_tag', tag: { id: 42 } },
      { type: 'enroll', course: 680647, access: 'full_access', modules: [] },
      { type: 'join_community', community: 77 },
      { type: 'set_field', slug: 'customer_since', value: '{{order.createdAt}}' },
    ]);
    expect(refunds?.conditions).toEqual([]);
    expect(refunds?.actions).toEqual([
      { type: 'cancel_subscription', when: 'now', pricePlan: undefined },
      { type: 'unenroll', course: 680647 },
      { type: 'leave_community', community: 77 },
      { type: 'remove_tag', tag: { name: 'Customers' } },
    ]);
  });

  it('accepts rules: [] as a file with no reactions', () => {
    const ruleSet = ruleSetOf('rules: []\n');
    expect(ruleSet.rules).toEqual([]);
    expect(ruleSet.events()).toEqual([]);
  });

  it('lists the events the rules use, once each, in the order of EVENT_TYPES', () => {
    const ruleSet = ruleSetOf(`rules:
  - { name: a, on: SALE_CANCELED, do: [{ add_tag: x }] }
  - { name: b, on: [CONTACT_OPT_IN, SALE_CANCELED, CONTACT_CREATED, CONTACT_OPT_IN], do: [{ add_tag: x }] }
`);
    expect(ruleSet.events()).toEqual(['CONTACT_CREATED', 'CONTACT_OPT_IN', 'SALE_CANCELED']);
    expect(ruleSet.rules[1]?.events).toEqual(['CONTACT_CREATED', 'CONTACT_OPT_IN', 'SALE_CANCELED']);
  });

  it('fills in defaults and shorthands: full_access, period_end, {name}, numbers as field values', () => {
    const ruleSet = ruleSetOf(`rules:
  - name: defaults
    on: SALE_NEW
    do:
      - enroll: { course: 1 }
      - enroll: { course: 2, access: partial_access, modules: [5, 6] }
      - enroll: { course: 3, access: dripping_content }
      - cancel_subscription: {}
      - cancel_subscription: now
      - cancel_subscription: { price_plan: 3456 }
      - remove_tag: { name: Lead }
      - remove_tag: { id: 10 }
      - set_field: { slug: score, value: 12 }
`);
    expect(ruleSet.rules[0]?.actions).toEqual([
      { type: 'enroll', course: 1, access: 'full_access', modules: [] },
      { type: 'enroll', course: 2, access: 'partial_access', modules: [5, 6] },
      { type: 'enroll', course: 3, access: 'dripping_content', modules: [] },
      { type: 'cancel_subscription', when: 'period_end', pricePlan: undefined },
      { type: 'cancel_subscription', when: 'now', pricePlan: undefined },
      { type: 'cancel_subscription', when: 'period_end', pricePlan: 3456 },
      { type: 'remove_tag', tag: { name: 'Lead' } },
      { type: 'remove_tag', tag: { id: 10 } },
      { type: 'set_field', slug: 'score', value: '12' },
    ]);
  });

  it('turns an operator mapping into one condition per operator, all required', () => {
    const ruleSet = ruleSetOf(`rules:
  - name: mid-priced
    on: SALE_NEW
    when:
      order.totalPrice: { gte: 1000, lt: 5000 }
      coupon: { exists: false }
    do: [{ add_tag: mid }]
`);
    expect(ruleSet.rules[0]?.conditions.map(({ path, segments, op, value }) => ({ path, segments, op, value }))).toEqual([
      { path: 'order.totalPrice', segments: ['order', 'totalPrice'], op: 'gte', value: 1000 },
      { path: 'order.totalPrice', segments: ['order', 'totalPrice'], op: 'lt', value: 5000 },
      { path: 'coupon', segments: ['coupon'], op: 'exists', value: false },
    ]);
  });

  it('keeps the source label it was given', () => {
    const result = parseRules('rules: []\n', 'custom.yaml');
    expect(result.ok && result.ruleSet.source).toBe('custom.yaml');
  });

  it('compiles matches patterns once, at load', () => {
    const ruleSet = ruleSetOf(`rules:\n  - { name: r, on: SALE_NEW, when: { contact.email: { matches: "^jane@" } }, do: [{ add_tag: x }] }\n`);
    const condition = ruleSet.rules[0]?.conditions[0];
    const regex = condition?.op === 'matches' ? condition.value.regex : undefined;
    expect(regex?.source).toBe('^jane@');
    expect(regex?.test('jane@example.com')).toBe(true);
  });
});

describe('loadRulesFile', () => {
  it('loads a valid file', async () => {
    const ruleSet = await loadRulesFile(new URL('../fixtures/rules/documented-format.yaml', import.meta.url).pathname);
    expect(ruleSet.rules).toHaveLength(2);
    expect(ruleSet.source).toMatch(/documented-format\.yaml$/);
  });

  it('throws a RulesError naming the file and listing every problem', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'rules-'));
    const path = join(dir, 'rules.yaml');
    await writeFile(path, 'rules:\n  - name: a\n    on: SALE_NEW\n    do: [{ enroll: { course: 0 } }, { ad_tag: x }]\n');
    const error = await loadRulesFile(path).catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(RulesError);
    const rulesError = error as RulesError;
    expect(rulesError.code).toBe('RULES_INVALID');
    expect(rulesError.problems).toEqual([
      'line 4:22: rules[0].do[0].enroll.course: expected a positive integer id',
      'line 4:39: rules[0].do[1].ad_tag: unknown action (did you mean add_tag?); expected add_tag | remove_tag | enroll | unenroll | join_community | leave_community | cancel_subscription | set_field | grant | revoke',
    ]);
    expect(rulesError.message).toBe(
      `Invalid rules file ${path} (2 problems):\n` +
        '  - line 4:22: rules[0].do[0].enroll.course: expected a positive integer id\n' +
        '  - line 4:39: rules[0].do[1].ad_tag: unknown action (did you mean add_tag?); expected add_tag | remove_tag | enroll | unenroll | join_community | leave_community | cancel_subscription | set_field | grant | revoke',
    );
  });

  it('says how to fix a missing file', async () => {
    const path = join(tmpdir(), 'no-such-dir-for-rules', 'rules.yaml');
    await expect(loadRulesFile(path)).rejects.toMatchObject({
      problems: ['file not found; create it (rules.example.yaml is a starting point) or point RULES_FILE at it'],
    });
  });
});

describe('parseRules never throws', () => {
  it.each(['', '   \n', '[1, 2', 'rules: 5', '!!binary x', 'rules:\n  - *nothing\n'])('for %j', (text) => {
    expect(() => parseRules(text)).not.toThrow();
    expect(parseRules(text).ok).toBe(false);
    expect(errorsOf(text).length).toBeGreaterThan(0);
  });
});
