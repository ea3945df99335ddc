import { afterEach, describe, expect, it } from 'vitest';
import { compilePattern, MATCH_INPUT_LIMIT } from '../../src/rules/pattern.js';
import { normalisePayload, type EventData } from '../../src/events/normalise.js';
import { readPath } from '../../src/rules/read-path.js';
import { renderTemplate } from '../../src/rules/render-template.js';
import { evaluateRules, explainRules } from '../../src/rules/select-rules.js';
import { errorsOf, ruleSetOf, ruleWhen, saleNew } from './rules-fixtures.js';

const pristine = () => ({}) as Record<string, unknown>;

describe('prototype pollution', () => {
  afterEach(() => {
    // Nothing may have leaked onto Object.prototype, whatever a test did.
    expect(pristine().polluted).toBeUndefined();
    expect(Object.getOwnPropertyNames(Object.prototype)).not.toContain('polluted');
  });

  it('refuses __proto__, prototype and constructor in paths, templates and keys of the rules file', () => {
    const errors = errorsOf(`rules:
  - name: r
    on: CONTACT_CREATED
    __proto__: { polluted: yes }
    when:
      __proto__: { polluted: yes }
      contact.__proto__.polluted: yes
      contact.constructor.name: Object
      contact.prototype: { exists: true }
    do:
      - add_tag: "{{contact.constructor.name}}"
      - enroll: { course: 1, __proto__: { polluted: yes } }
`);
    expect(errors).toEqual([
      'rules[0].when["contact.__proto__.polluted"]: "__proto__" is not allowed in a path (it names JavaScript object internals)',
      'rules[0].when["contact.constructor.name"]: "constructor" is not allowed in a path (it names JavaScript object internals)',
      'rules[0].when["contact.prototype"]: "prototype" is not allowed in a path (it names JavaScript object internals)',
      'rules[0].do[0].add_tag: placeholder {{contact.constructor.name}}: "constructor" is not allowed in a path (it names JavaScript object internals)',
      'rules[0].do[1].enroll.__proto__: unknown key; expected course | access | modules',
      'rules[0].__proto__: unknown key; expected name | on | when | do',
      'rules[0].when.__proto__: "__proto__" is not allowed in a path (it names JavaScript object internals)',
    ]);
  });

  it('never reads through a payload’s __proto__ or constructor keys, nor Object.prototype', () => {
    // Raw JSON as a hostile sender could post it: own "__proto__" and "constructor" keys.
    const body =
      '{"contact":{"id":12345,"email":"jane@example.com","__proto__":{"polluted":"yes","isAdmin":true},' +
      '"constructor":{"prototype":{"polluted":"yes"}},"tags":[{"id":1,"name":"lead","__proto__":{"name":"vip"}}]}}';
    const raw = JSON.parse(body) as EventData;
    const normalised = normalisePayload('CONTACT_CREATED', JSON.parse(body));
    if (!normalised.ok) throw new Error(normalised.error);

    for (const data of [raw, normalised.data]) {
      const ruleSet = ruleSetOf(ruleWhen('CONTACT_CREATED', '{ contact.polluted: { exists: true } }'));
      expect(evaluateRules(ruleSet, 'CONTACT_CREATED', data)).toEqual([]);
      for (const path of ['contact.isAdmin', 'contact.toString', 'contact.hasOwnProperty', 'contact.valueOf', 'contact.tags.polluted']) {
        const rules = ruleSetOf(ruleWhen('CONTACT_CREATED', `{ ${path}: { exists: true } }`));
        expect(explainRules(rules, 'CONTACT_CREATED', data)[0]?.conditions[0]).toMatchObject({ passed: false, seen: [] });
      }
      expect(readPath(data, ['contact', 'tags', 'name'])).toEqual(['lead']);
      expect(renderTemplate('{{contact.toString}}', data)).toEqual({ ok: false, error: '{{contact.toString}} has no value in this event' });
    }
  });

  it('refuses forbidden segments even when handed to readPath directly', () => {
    const data = JSON.parse('{"contact":{"id":1,"__proto__":{"polluted":"yes"},"constructor":{"name":"x"}}}') as unknown;
    expect(readPath(data, ['contact', '__proto__', 'polluted'])).toEqual([]);
    expect(readPath(data, ['contact', 'constructor', 'name'])).toEqual([]);
    expect(readPath({ contact: {} }, ['contact', 'constructor'])).toEqual([]);
    expect(readPath({ contact: {} }, ['contact', '__proto__'])).toEqual([]);
  });

  it('reads only plain objects: class instances and objects with another prototype are opaque', () => {
    const inherited = Object.create({ email: 'inherited@example.com' }) as object;
    expect(readPath({ contact: inherited }, ['contact', 'email'])).toEqual([]);
    expect(readPath({ contact: new Map([['email', 'x']]) }, ['contact', 'email'])).toEqual([]);
    expect(readPath({ contact: Object.assign(Object.create(null) as object, { email: 'x' }) }, ['contact', 'email'])).toEqual(['x']);
  });
});

describe('regular expressions', () => {
  it('matches in linear time: a pattern that backtracks catastrophically in JavaScript returns at once', () => {
    const compiled = compilePattern('(a+)+$');
    expect(compiled.ok).toBe(true);
    if (!compiled.ok) return;
    // With a backtracking engine this call would not return before the test times out.
    expect(compiled.regex.test(`${'a'.repeat(5_000)}!`)).toBe(false);
    const rules = ruleSetOf(ruleWhen('SALE_NEW', '{ customer.email: { matches: "^(\\\\w+\\\\s?)*$" } }'));
    const data = saleNew((payload) => (payload.customer.email = `${'word '.repeat(2_000)}!`));
    expect(evaluateRules(rules, 'SALE_NEW', data)).toHaveLength(0);
  });

  it('reports a pattern that does not compile, or that needs backtracking features', () => {
    expect(compilePattern('[a-')).toEqual({
      ok: false,
      error: 'invalid regular expression: missing closing ]: `[a-` (RE2 syntax: no backreferences or lookaround)',
    });
    expect(compilePattern('(a)\\1')).toMatchObject({ ok: false, error: expect.stringContaining('invalid escape sequence') });
    expect(errorsOf(ruleWhen('SALE_NEW', '{ contact.email: { matches: "(?<=x)y" } }'))[0]).toMatch(
      /^rules\[0\]\.when\["contact\.email"\]\.matches: invalid regular expression/,
    );
  });

  it('accepts ordinary patterns', () => {
    expect(compilePattern('^[^@]+@(example|sample)\\.com$').ok).toBe(true);
  });

  it(`tests values up to ${MATCH_INPUT_LIMIT} characters, whole; a longer value does not match`, () => {
    const at = saleNew((payload) => (payload.customer.fields.note = `${'a'.repeat(MATCH_INPUT_LIMIT - 1)}b`));
    const over = saleNew((payload) => (payload.customer.fields.note = `${'a'.repeat(MATCH_INPUT_LIMIT)}b`));
    const endsWithB = ruleSetOf(ruleWhen('SALE_NEW', '{ customer.fields.note: { matches: "b$" } }'));
    expect(evaluateRules(endsWithB, 'SALE_NEW', at)).toHaveLength(1);
    expect(evaluateRules(endsWithB, 'SALE_NEW', over)).toHaveLength(0);
  });
});

describe('bounded lookups', () => {
  it('stops collecting values from a huge list', () => {
    const data = { orderItem: { resources: Array.from({ length: 50_000 }, (_, id) => ({ course: { id } })) } };
    expect(readPath(data, ['orderItem', 'resources', 'course', 'id'])).toHaveLength(1_000);
  });

  it('does not recurse into deeply nested lists', () => {
    let nested: unknown = 'deep';
    for (let depth = 0; depth < 100_000; depth += 1) nested = [nested];
    expect(readPath({ contact: { tags: nested } }, ['contact', 'tags'])).toEqual([]);
  });
});
