import { describe, expect, it } from 'vitest';
import { parseTemplate } from '../../src/rules/template.js';
import { renderAction, renderTemplate } from '../../src/rules/render-template.js';
import { errorsOf, ruleSetOf, saleNew, tagAdded } from './rules-fixtures.js';

const sale = saleNew();

describe('renderTemplate', () => {
  it('fills placeholders from the event', () => {
    expect(renderTemplate('plan-{{pricePlan.id}}', sale)).toEqual({ ok: true, value: 'plan-3456' });
    expect(renderTemplate('{{ order.createdAt }}', sale)).toEqual({ ok: true, value: '2026-09-27T20:16:26+00:00' });
    expect(renderTemplate('{{customer.fields.first_name}} ({{pricePlan.name}}, {{pricePlan.currency}})', sale)).toEqual({
      ok: true,
      value: 'Jane (Monthly, eur)',
    });
  });

  it('renders text decoded from PHP escapes', () => {
    expect(renderTemplate('course: {{orderItem.resources.course.name}}', sale)).toEqual({ ok: true, value: "course: Cours d'été" });
  });

  it('renders numbers and booleans as text', () => {
    expect(renderTemplate('{{order.vat}}/{{order.totalPrice}}', sale)).toEqual({ ok: true, value: '0/4900' });
    expect(renderTemplate('{{contact.unsubscribed}}', tagAdded())).toEqual({ ok: true, value: 'false' });
  });

  it('leaves strings without placeholders alone', () => {
    expect(renderTemplate('Customers', sale)).toEqual({ ok: true, value: 'Customers' });
  });

  it('fails on a missing value instead of rendering an empty string', () => {
    expect(renderTemplate('coupon-{{coupon.code}}', sale)).toEqual({ ok: false, error: '{{coupon.code}} has no value in this event' });
  });

  it('fails on a path with several values or on a whole mapping', () => {
    const bundle = saleNew((payload) => payload.orderItem.resources.push({ course: { id: 680648 } }));
    expect(renderTemplate('course-{{orderItem.resources.course.id}}', bundle)).toEqual({
      ok: false,
      error: '{{orderItem.resources.course.id}} has 2 values in this event (it goes through a list); a placeholder needs exactly one',
    });
    expect(renderTemplate('{{pricePlan.recurringOptions}}', sale)).toEqual({
      ok: false,
      error: '{{pricePlan.recurringOptions}} is a mapping, not a value; name a key inside it',
    });
  });
});

describe('renderAction', () => {
  const [rule] = ruleSetOf(`rules:
  - name: templated
    on: SALE_NEW
    do:
      - add_tag: "plan-{{pricePlan.id}}"
      - remove_tag: { name: "trial-{{pricePlan.id}}" }
      - set_field: { slug: customer_since, value: "{{order.createdAt}}" }
      - add_tag: { id: 42 }
      - enroll: { course: 680647 }
      - add_tag: "{{customer.fields.note}}"
      - add_tag: "coupon-{{coupon.code}}"
`).rules;
  const actions = rule?.actions ?? [];

  it('returns the action with its templates filled in', () => {
    expect(actions.slice(0, 5).map((action) => renderAction(action, sale))).toEqual([
      { ok: true, action: { type: 'add_tag', tag: { name: 'plan-3456' } } },
      { ok: true, action: { type: 'remove_tag', tag: { name: 'trial-3456' } } },
      { ok: true, action: { type: 'set_field', slug: 'customer_since', value: '2026-09-27T20:16:26+00:00' } },
      { ok: true, action: { type: 'add_tag', tag: { id: 42 } } },
      { ok: true, action: { type: 'enroll', course: 680647, access: 'full_access', modules: [] } },
    ]);
  });

  it('refuses a rendered tag name over 64 characters or empty, naming the template and the limit, not the text', () => {
    const long = saleNew((payload) => (payload.customer.fields.note = 'n'.repeat(65)));
    expect(renderAction(actions[5]!, long)).toEqual({
      ok: false,
      error: 'add_tag "{{customer.fields.note}}": the tag name is 65 characters for this event, over the Systeme.io limit of 64',
      reason: 'the tag name is 65 characters for this event, over the Systeme.io limit of 64',
    });
    const blank = saleNew((payload) => (payload.customer.fields.note = ' '));
    expect(renderAction(actions[5]!, blank)).toMatchObject({ ok: false, error: 'add_tag "{{customer.fields.note}}": the tag name is empty for this event' });
  });

  it('renders the same through the steps compiled at load', () => {
    expect(rule?.steps.map((step) => step.action)).toEqual(actions);
    expect(rule?.steps.map((step) => step.render(sale))).toEqual(actions.map((action) => renderAction(action, sale)));
  });

  it('says which placeholder is missing', () => {
    expect(renderAction(actions[6]!, sale)).toEqual({
      ok: false,
      error: 'add_tag "coupon-{{coupon.code}}": {{coupon.code}} has no value in this event',
      reason: '{{coupon.code}} has no value in this event',
    });
  });
});

describe('templates at load', () => {
  it('parses placeholders into literal and path parts', () => {
    expect(parseTemplate('plan-{{ pricePlan.id }}!')).toEqual({
      ok: true,
      parts: [{ text: 'plan-' }, { path: 'pricePlan.id', segments: ['pricePlan', 'id'] }, { text: '!' }],
    });
  });

  it('refuses unbalanced braces and bad placeholder paths', () => {
    const rules = (value: string) => `rules:\n  - { name: r, on: SALE_NEW, do: [{ set_field: { slug: s, value: "${value}" } }] }\n`;
    expect(errorsOf(rules('{{order.createdAt'))).toEqual([
      'rules[0].do[0].set_field.value: unbalanced braces in "{{order.createdAt"; placeholders look like {{pricePlan.id}}',
    ]);
    expect(errorsOf(rules('order.createdAt}}'))).toEqual([
      'rules[0].do[0].set_field.value: unbalanced braces in "order.createdAt}}"; placeholders look like {{pricePlan.id}}',
    ]);
    expect(errorsOf(rules('{{}}'))).toEqual([
      'rules[0].do[0].set_field.value: placeholder {{}}: "" is not a dotted path; write paths such as contact.email or pricePlan.id',
    ]);
    expect(errorsOf(rules('{{order.constructor}}'))).toEqual([
      'rules[0].do[0].set_field.value: placeholder {{order.constructor}}: "constructor" is not allowed in a path (it names JavaScript object internals)',
    ]);
    expect(errorsOf(rules('{{sale.id}}'))).toEqual([
      'rules[0].do[0].set_field.value: placeholder {{sale.id}}: unknown root "sale"; paths start with contact | tag | customer | order | orderItem | pricePlan | funnelStep | coupon | checkoutPage',
    ]);
  });

  it('refuses placeholders that cannot exist for every event of the rule', () => {
    expect(
      errorsOf(`rules:
  - name: r
    on: [SALE_NEW, CONTACT_TAG_ADDED]
    do:
      - add_tag: "{{tag.name}}-buyer"
      - set_field: { slug: plan, value: "{{contact.email}} bought {{pricePlan.name}}" }
`),
    ).toEqual([
      'rules[0].do[0].add_tag: placeholder {{tag.name}}: "tag" exists only in CONTACT_TAG_ADDED and CONTACT_TAG_REMOVED events, and this rule listens to SALE_NEW',
      'rules[0].do[1].set_field.value: placeholder {{pricePlan.name}}: "pricePlan" exists only in SALE_NEW and SALE_CANCELED events, and this rule listens to CONTACT_TAG_ADDED',
    ]);
  });

  it('accepts contact placeholders on every event', () => {
    ruleSetOf(`rules:\n  - { name: r, on: [CONTACT_CREATED, SALE_NEW, CONTACT_TAG_REMOVED], do: [{ add_tag: "c-{{contact.id}}" }] }\n`);
  });

  it('checks the 64-character limit on the literal part of a templated tag name', () => {
    ruleSetOf(`rules:\n  - { name: r, on: SALE_NEW, do: [{ add_tag: "${'x'.repeat(60)}{{pricePlan.id}}" }] }\n`);
    expect(errorsOf(`rules:\n  - { name: r, on: SALE_NEW, do: [{ add_tag: "${'x'.repeat(65)}{{pricePlan.id}}" }] }\n`)).toEqual([
      'rules[0].do[0].add_tag: tag names have at most 64 characters (a Systeme.io limit); this one has 65',
    ]);
  });

  it('leaves braces alone in fields that are not templates', () => {
    // Conditions compare text as written: a `{{` in a `when` value is plain text.
    ruleSetOf(`rules:\n  - { name: r, on: SALE_NEW, when: { customer.fields.note: "{{x}}" }, do: [{ add_tag: x }] }\n`);
  });
});
