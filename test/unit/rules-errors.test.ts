import { describe, expect, it } from 'vitest';
import { parseRules } from '../../src/rules/parse-rules.js';
import { errorsOf, ruleWhen, rulesFixture } from './rules-fixtures.js';

const ACTIONS = 'add_tag | remove_tag | enroll | unenroll | join_community | leave_community | cancel_subscription | set_field | grant | revoke';
const EVENTS = 'CONTACT_CREATED | CONTACT_TAG_ADDED | CONTACT_TAG_REMOVED | CONTACT_OPT_IN | SALE_NEW | SALE_CANCELED';
const OPERATORS = 'eq | ne | in | not_in | contains | starts_with | ends_with | matches | gt | gte | lt | lte | exists';

/** A file with one rule on SALE_NEW whose `do` list is the given YAML lines. */
const withActions = (...actions: string[]) =>
  `rules:\n  - name: r\n    on: SALE_NEW\n    do:\n${actions.map((action) => `      - ${action}\n`).join('')}`;

describe('parseRules: every mistake at once, each with its location', () => {
  it('lists all the problems of a file in rule order', () => {
    expect(errorsOf(rulesFixture('many-mistakes.yaml'))).toEqual([
      `rules[0].on: unknown event "SALE_NWE" (did you mean SALE_NEW?); expected ${EVENTS}`,
      'rules[0].priority: unknown key; expected name | on | when | do',
      `rules[1].when["order.totalPrice"].between: unknown operator; expected ${OPERATORS}`,
      'rules[1].when["contact.email"].matches: invalid regular expression: invalid escape sequence: `\\1` (RE2 syntax: no backreferences or lookaround)',
      `rules[1].do[0].ad_tag: unknown action (did you mean add_tag?); expected ${ACTIONS}`,
      'rules[1].do[1].enroll.access: expected full_access | partial_access | dripping_content',
      'rules[1].name: duplicate rule name "buyers" (also rules[0]); names must be unique',
      'rules[1].when["order.totalPrice"]: "order" exists only in SALE_NEW and SALE_CANCELED events, and this rule listens to CONTACT_CREATED',
      'rules[1].when["tag.name"]: "tag" exists only in CONTACT_TAG_ADDED and CONTACT_TAG_REMOVED events, and this rule listens to CONTACT_CREATED, SALE_NEW',
      'rules[1].do[2].add_tag: placeholder {{pricePlan.id}}: "pricePlan" exists only in SALE_NEW and SALE_CANCELED events, and this rule listens to CONTACT_CREATED',
      'rules[2].when["contact.email"].matches: invalid regular expression: missing closing ): `([a-z]` (RE2 syntax: no backreferences or lookaround)',
      'rules[2].when["customer.fields.__proto__"]: "__proto__" is not allowed in a path (it names JavaScript object internals)',
      'rules[2].do[0].join_community.community: expected a positive integer id',
      'rules[2].do[1].add_tag: tag names have at most 64 characters (a Systeme.io limit); this one has 68',
      'rules[2].do[2].unenroll.at: unknown key; expected course',
    ]);
  });
});

describe('parseRules: each kind of mistake', () => {
  it.each([
    ['unknown key at rule level', 'rules:\n  - { name: r, on: SALE_NEW, wehn: {}, do: [{ add_tag: x }] }\n', 'rules[0].wehn: unknown key (did you mean when?); expected name | on | when | do'],
    ['unknown key in an action', withActions('enroll: { course: 1, acess: full_access }'), 'rules[0].do[0].enroll.acess: unknown key (did you mean access?); expected course | access | modules'],
    ['unknown key in a tag reference', withActions('add_tag: { label: x }'), 'rules[0].do[0].add_tag.label: unknown key; expected id | name'],
    ['unknown top-level key', 'rules: []\nrule: []\n', 'rule: unknown top-level key (did you mean rules?); expected rules | entitlements'],
    ['unknown event', 'rules:\n  - { name: r, on: ORDER_PAID, do: [{ add_tag: x }] }\n', `rules[0].on: unknown event "ORDER_PAID"; expected ${EVENTS}`],
    ['unknown event in a list', 'rules:\n  - { name: r, on: [SALE_NEW, sale_new], do: [{ add_tag: x }] }\n', `rules[0].on[1]: unknown event "sale_new" (did you mean SALE_NEW?); expected ${EVENTS}`],
    ['missing on', 'rules:\n  - { name: r, do: [{ add_tag: x }] }\n', `rules[0].on: required; expected an event such as SALE_NEW, or a list of events (${EVENTS})`],
    ['empty on list', 'rules:\n  - { name: r, on: [], do: [{ add_tag: x }] }\n', 'rules[0].on: expected at least one event'],
    ['unknown action', withActions('tag: x'), `rules[0].do[0].tag: unknown action; expected ${ACTIONS}`],
    ['two actions in one item', withActions('{ add_tag: x, remove_tag: y }'), 'rules[0].do[0]: one action per item, found add_tag and remove_tag; start each action with its own "-"'],
    ['an action without arguments', withActions('add_tag'), `rules[0].do[0]: expected an action such as add_tag: Customers (one of ${ACTIONS})`],
    ['an empty action', withActions('{}'), `rules[0].do[0]: expected an action: ${ACTIONS}`],
    ['no actions', 'rules:\n  - { name: r, on: SALE_NEW, do: [] }\n', 'rules[0].do: expected at least one action'],
    ['missing do', 'rules:\n  - { name: r, on: SALE_NEW }\n', 'rules[0].do: required; expected a list of actions'],
    ['missing name', 'rules:\n  - { on: SALE_NEW, do: [{ add_tag: x }] }\n', 'rules[0].name: required; give the rule a unique name'],
    ['a name unfit for keys', 'rules:\n  - { name: "buyers: monthly", on: SALE_NEW, do: [{ add_tag: x }] }\n', 'rules[0].name: expected 1–64 letters, digits, _ . or -, starting with a letter or digit (the name is used in logs, metrics and idempotency keys)'],
    ['duplicate names', 'rules:\n  - { name: r, on: SALE_NEW, do: [{ add_tag: x }] }\n  - { name: r, on: SALE_NEW, do: [{ add_tag: y }] }\n', 'rules[1].name: duplicate rule name "r" (also rules[0]); names must be unique'],
    ['id zero', withActions('enroll: { course: 0 }'), 'rules[0].do[0].enroll.course: expected a positive integer id'],
    ['negative id', withActions('remove_tag: { id: -3 }'), 'rules[0].do[0].remove_tag.id: expected a positive integer id'],
    ['fractional id', withActions('leave_community: { community: 7.5 }'), 'rules[0].do[0].leave_community.community: expected a positive integer id'],
    ['id as text', withActions('unenroll: { course: "680647" }'), 'rules[0].do[0].unenroll.course: expected a positive integer id'],
    ['missing id', withActions('join_community: {}'), 'rules[0].do[0].join_community.community: required; expected a positive integer id'],
    ['bad module id', withActions('enroll: { course: 1, access: partial_access, modules: [1, x] }'), 'rules[0].do[0].enroll.modules[1]: expected a positive integer id'],
    ['bad price plan id', withActions('cancel_subscription: { price_plan: 0 }'), 'rules[0].do[0].cancel_subscription.price_plan: expected a positive integer id'],
    ['bad access', withActions('enroll: { course: 1, access: full }'), 'rules[0].do[0].enroll.access: expected full_access | partial_access | dripping_content'],
    ['partial access without modules', withActions('enroll: { course: 1, access: partial_access }'), 'rules[0].do[0].enroll.modules: required with access: partial_access; list the module ids to open'],
    ['modules without partial access', withActions('enroll: { course: 1, modules: [1] }'), 'rules[0].do[0].enroll.modules: only used with access: partial_access (access is full_access)'],
    ['bad cancel timing', withActions('cancel_subscription: { when: tomorrow }'), 'rules[0].do[0].cancel_subscription.when: expected now | period_end'],
    ['bad cancel shorthand', withActions('cancel_subscription: later'), 'rules[0].do[0].cancel_subscription: expected now | period_end'],
    ['tag given by id and name', withActions('add_tag: { id: 1, name: x }'), 'rules[0].do[0].add_tag: give either id or name'],
    ['tag as a bare number', withActions('add_tag: 2024'), 'rules[0].do[0].add_tag: expected a tag name (quote names that look like numbers), { id: 42 } or { name: "Customers" }'],
    ['empty tag name', withActions('add_tag: " "'), 'rules[0].do[0].add_tag: tag name must not be empty'],
    ['tag name over 64 characters', withActions(`remove_tag: { name: ${'x'.repeat(65)} }`), 'rules[0].do[0].remove_tag.name: tag names have at most 64 characters (a Systeme.io limit); this one has 65'],
    ['bad field slug', withActions('set_field: { slug: "customer since", value: x }'), 'rules[0].do[0].set_field.slug: expected a contact field slug such as first_name (letters, digits and _)'],
    ['missing field value', withActions('set_field: { slug: x }'), 'rules[0].do[0].set_field.value: required; expected a string (templates such as "{{order.createdAt}}" allowed), a number or true/false'],
    ['unknown operator', ruleWhen('SALE_NEW', '{ contact.email: { endswith: x } }'), `rules[0].when["contact.email"].endswith: unknown operator (did you mean ends_with?); expected ${OPERATORS}`],
    ['empty operator mapping', ruleWhen('SALE_NEW', '{ contact.email: {} }'), `rules[0].when["contact.email"]: expected at least one operator: ${OPERATORS}`],
    ['null condition', ruleWhen('SALE_NEW', '{ coupon: null }'), 'rules[0].when.coupon: expected a value or a mapping of operators such as { ends_with: "@example.com" }; to test for a missing value write { exists: false }'],
    ['list as a bare value', ruleWhen('SALE_NEW', '{ pricePlan.id: [1, 2] }'), 'rules[0].when["pricePlan.id"]: expected a value or a mapping of operators such as { ends_with: "@example.com" }'],
    ['wrong operand type', ruleWhen('SALE_NEW', '{ pricePlan.id: { in: 3456 } }'), 'rules[0].when["pricePlan.id"].in: expected a list of values'],
    ['empty in list', ruleWhen('SALE_NEW', '{ pricePlan.id: { not_in: [] } }'), 'rules[0].when["pricePlan.id"].not_in: expected at least one value'],
    ['exists not boolean', ruleWhen('SALE_NEW', '{ coupon: { exists: "no" } }'), 'rules[0].when.coupon.exists: expected true or false'],
    ['empty when', 'rules:\n  - name: r\n    on: SALE_NEW\n    when:\n    do: [{ add_tag: x }]\n', 'rules[0].when: expected a mapping of conditions (path: value); remove `when:` to match every event'],
    ['unknown path root', ruleWhen('SALE_NEW', '{ sale.id: 1 }'), 'rules[0].when["sale.id"]: unknown root "sale"; paths start with contact | tag | customer | order | orderItem | pricePlan | funnelStep | coupon | checkoutPage'],
    ['empty path segment', ruleWhen('SALE_NEW', '{ "order..id": 1 }'), 'rules[0].when["order..id"]: "order..id" is not a dotted path; write paths such as contact.email or pricePlan.id'],
    ['odd path segment', ruleWhen('SALE_NEW', '{ "customer.fields.first name": x }'), 'rules[0].when["customer.fields.first name"]: "first name" is not a valid path segment; use letters, digits, _ and -'],
    ['path for other events', ruleWhen('CONTACT_CREATED', '{ pricePlan.id: 1 }'), 'rules[0].when["pricePlan.id"]: "pricePlan" exists only in SALE_NEW and SALE_CANCELED events, and this rule listens to CONTACT_CREATED'],
    ['cancel_subscription without a price plan on a contact event', 'rules:\n  - { name: r, on: CONTACT_TAG_ADDED, do: [{ cancel_subscription: now }] }\n', 'rules[0].do[0].cancel_subscription: CONTACT_TAG_ADDED events carry no price plan; add price_plan: <id> to say which subscription to cancel'],
    ['a rule that is not a mapping', 'rules:\n  - buyers\n', 'rules[0]: expected a rule: a mapping with name, on, when (optional) and do'],
    ['rules not a list', 'rules: { name: r }\n', 'rules: expected a list of rules'],
    ['missing rules', 'version: 1\n', 'rules: required; expected a list of rules (write rules: [] for none)'],
    ['a list at the top', '- name: r\n', 'expected a mapping with a "rules" list at the top of the file'],
  ])('%s', (_kind, text, expected) => {
    expect(errorsOf(text)).toContain(expected);
  });

  it('reports an empty file', () => {
    expect(errorsOf('')).toEqual(['the file is empty; it needs a "rules" list (write rules: [] for no reactions)']);
    expect(errorsOf('# nothing yet\n')).toEqual(['the file is empty; it needs a "rules" list (write rules: [] for no reactions)']);
  });

  it('reports YAML syntax errors with line:column', () => {
    expect(errorsOf('rules:\n  - name: a\n    on: SALE_NEW\n    on: SALE_CANCELED\n')).toEqual(['line 4:5: Map keys must be unique']);
    expect(errorsOf('rules:\n  - name: a\n   on: SALE_NEW\n')).toEqual(['line 3:1: Sequence item without - indicator']);
    expect(errorsOf('rules: [\n')).toEqual(['line 2:1: Flow sequence in block collection must be sufficiently indented and end with a ]']);
    expect(errorsOf('rules: []\n---\nrules: []\n')).toEqual(['line 2:1: a rules file holds one YAML document; remove the "---" separator']);
  });

  it('refuses YAML tags rather than guessing what they mean', () => {
    expect(errorsOf('rules: !!binary aGVsbG8=\n')).toEqual(['line 1:8: Unresolved tag: tag:yaml.org,2002:binary']);
  });

  it('does not report a value twice when its key is also wrong', () => {
    const text = withActions('add_tag: x') + '  - name: s\n    on: SALE_NWE\n    when: { tag.name: vip }\n    do: [{ add_tag: y }]\n';
    const error = `rules[1].on: unknown event "SALE_NWE" (did you mean SALE_NEW?); expected ${EVENTS}`;
    expect(parseRules(text)).toEqual({ ok: false, errors: [error], located: [`line 7:5: ${error}`] });
  });
});
