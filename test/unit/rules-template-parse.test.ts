import { describe, expect, it } from 'vitest';
import { parseActions } from './rules-actions-helper.js';
import { isTemplate, literalLength, parseTemplate, templateSchema } from '../../src/rules/template.js';
import { renderAction, renderTemplate } from '../../src/rules/render-template.js';

describe('isTemplate', () => {
  it.each([
    ['plan-{{pricePlan.id}}', true],
    ['{{ only an opening', true],
    ['only a closing }}', true],
    ['plain text', false],
    ['{single} braces', false],
    ['', false],
  ])('%j → %s', (text, expected) => {
    expect(isTemplate(text)).toBe(expected);
  });
});

describe('parseTemplate', () => {
  it('splits literal text and placeholders, keeping no empty text part', () => {
    expect(parseTemplate('{{contact.id}}')).toEqual({ ok: true, parts: [{ path: 'contact.id', segments: ['contact', 'id'] }] });
    expect(parseTemplate('plan-{{ pricePlan.id }}-{{order.id}} end')).toEqual({
      ok: true,
      parts: [
        { text: 'plan-' },
        { path: 'pricePlan.id', segments: ['pricePlan', 'id'] },
        { text: '-' },
        { path: 'order.id', segments: ['order', 'id'] },
        { text: ' end' },
      ],
    });
    expect(parseTemplate('{{contact.id}}{{contact.email}}')).toEqual({
      ok: true,
      parts: [
        { path: 'contact.id', segments: ['contact', 'id'] },
        { path: 'contact.email', segments: ['contact', 'email'] },
      ],
    });
  });

  it.each([['a }} {{contact.id}}'], ['a {{ {{contact.id}}'], ['{{contact.id}} {{'], ['{{contact.id}} }}'], ['{{contact.id']])(
    'refuses unbalanced braces: %j',
    (template) => {
      expect(parseTemplate(template)).toEqual({ ok: false, error: `unbalanced braces in "${template}"; placeholders look like {{pricePlan.id}}` });
    },
  );

  it('says which placeholder names a bad path', () => {
    expect(parseTemplate('x {{ sale.id }}')).toEqual({ ok: false, error: expect.stringMatching(/^placeholder \{\{sale\.id\}\}: unknown root "sale"/) });
  });

  it('measures the literal part', () => {
    const parsed = parseTemplate('ab{{contact.id}}cde');
    expect(parsed.ok && literalLength(parsed.parts)).toBe(5);
  });
});

describe('templateSchema', () => {
  it('takes plain strings and well-formed templates', () => {
    expect(templateSchema.safeParse('plain }')).toMatchObject({ success: true, data: 'plain }' });
    expect(templateSchema.safeParse('{{contact.email}}')).toMatchObject({ success: true });
  });

  it('refuses a broken template with the parser message', () => {
    const result = templateSchema.safeParse('{{contact.email');
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => issue.message)).toEqual(['unbalanced braces in "{{contact.email"; placeholders look like {{pricePlan.id}}']);
  });
});

describe('renderTemplate', () => {
  const data = { contact: { id: 7, email: 'a@example.com', tags: [{ id: 1 }, { id: 2 }], fields: { city: 'Lyon' } } };

  it('returns plain text as it is, and fills placeholders', () => {
    expect(renderTemplate('plain', data)).toEqual({ ok: true, value: 'plain' });
    expect(renderTemplate('id-{{contact.id}}', data)).toEqual({ ok: true, value: 'id-7' });
  });

  it('reports a template that does not parse', () => {
    expect(renderTemplate('{{contact.id', data)).toEqual({ ok: false, error: 'unbalanced braces in "{{contact.id"; placeholders look like {{pricePlan.id}}' });
  });

  it('refuses a placeholder that finds nothing, several values, a list or a mapping', () => {
    expect(renderTemplate('{{contact.name}}', data)).toEqual({ ok: false, error: '{{contact.name}} has no value in this event' });
    expect(renderTemplate('{{contact.tags.id}}', data)).toMatchObject({ ok: false, error: expect.stringContaining('has 2 values') });
    expect(renderTemplate('{{contact.fields}}', data)).toEqual({ ok: false, error: '{{contact.fields}} is a mapping, not a value; name a key inside it' });
    expect(renderTemplate('{{contact.list}}', { contact: { list: [[1, 2]] } })).toMatchObject({ ok: false, error: expect.stringContaining('values') });
  });
});

describe('renderAction', () => {
  const [addTag, setField] = parseActions(['add_tag: "{{contact.fields.name}}"', 'set_field: { slug: city, value: "{{contact.fields.city}}" }']);

  it('accepts a rendered tag name of exactly 64 characters, refuses 65', () => {
    expect(renderAction(addTag!, { contact: { id: 1, fields: { name: 'n'.repeat(64) } } })).toMatchObject({ ok: true, action: { tag: { name: 'n'.repeat(64) } } });
    expect(renderAction(addTag!, { contact: { id: 1, fields: { name: 'n'.repeat(65) } } })).toMatchObject({
      ok: false,
      // The length, not the value: payload text stays out of errors, logs and failed reasons.
      reason: 'the tag name is 65 characters for this event, over the Systeme.io limit of 64',
    });
  });

  it('refuses a tag name that renders blank', () => {
    expect(renderAction(addTag!, { contact: { id: 1, fields: { name: '  ' } } })).toMatchObject({ ok: false, reason: 'the tag name is empty for this event' });
  });

  it('names the set_field action when its value cannot be rendered', () => {
    expect(renderAction(setField!, { contact: { id: 1, fields: {} } })).toEqual({
      ok: false,
      error: 'set_field city "{{contact.fields.city}}": {{contact.fields.city}} has no value in this event',
      reason: '{{contact.fields.city}} has no value in this event',
    });
    expect(renderAction(setField!, { contact: { id: 1, fields: { city: 'Lyon' } } })).toMatchObject({ ok: true, action: { value: 'Lyon' } });
  });
});
