import { z } from 'zod';
import { templateSchema } from '../rules/template.js';
import { strictMapping } from '../rules/zod-helpers.js';
import { defineAction } from './action-module.js';
import { contactOf } from './reads.js';

export type SetField = { type: 'set_field'; slug: string; value: string };

const setFieldSchema = strictMapping(
  {
    slug: z.string({ error: 'expected a contact field slug' }).regex(/^[A-Za-z0-9_]{1,100}$/, {
      error: 'expected a contact field slug such as first_name (letters, digits and _)',
    }),
    value: z.union([templateSchema, z.number().transform(String), z.boolean().transform(String)], {
      error: (issue) =>
        `${issue.input === undefined ? 'required; ' : ''}expected a string (templates such as "{{order.createdAt}}" allowed), a number or true/false`,
    }),
  },
  'key',
  'a mapping such as { slug: customer_since, value: "{{order.createdAt}}" }',
);

/** `set_field: { slug: customer_since, value: "{{order.createdAt}}" }`. */
export const setField = defineAction<SetField>({
  type: 'set_field',
  description: 'Set a contact field by slug; the value may use templates such as "{{order.createdAt}}".',
  schema: setFieldSchema.transform((v): SetField => ({ type: 'set_field', slug: v.slug, value: v.value })),
  templates: (action) => [
    { path: ['value'], text: action.value, label: `set_field ${action.slug} "${action.value}"`, fill: (current, value) => ({ ...current, value }) },
  ],
  describe: (action) => `set_field ${action.slug} = ${JSON.stringify(action.value)}`,

  /** Reads the contact's field first (the event's view), writes (merge-patch) only when the value differs. */
  async run(action, event, deps) {
    const contactId = event.data.contact.id;
    const contact = await contactOf(contactId, deps);
    if (contact.fields.some((field) => field.slug === action.slug && field.value === action.value)) return 'already';
    await deps.gateway.contacts.update(contactId, { fields: [{ slug: action.slug, value: action.value }] }, { signal: deps.signal });
    deps.view.fieldSet(contactId, action.slug, action.value);
    return 'done';
  },
});
