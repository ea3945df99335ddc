import { z } from 'zod';
import type { SimContext } from '../context.js';
import { ALREADY_USED, CODES, notFound, unprocessable, violation } from '../errors.js';
import type { Route } from '../http/router.js';
import type { FieldRecord } from '../records.js';
import { parseBody } from '../validation.js';

const createSchema = z.object({ fieldName: z.string().min(1).max(255), slug: z.string().min(1).regex(/^\w+$/) });
const patchSchema = z.object({ fieldName: z.string().min(1).max(255) });

function findField(context: SimContext, slug: string | undefined): FieldRecord {
  const field = slug === undefined ? undefined : context.store.fields.get(slug);
  if (!field) throw notFound(`Contact field "${slug ?? ''}" not found.`);
  return field;
}

const fieldView = (field: FieldRecord) => ({ slug: field.slug, fieldName: field.fieldName });

/** The OpenAPI gives this collection no pagination parameters: every field comes in one page. */
export function contactFieldRoutes(context: SimContext): Route[] {
  const { store } = context;
  return [
    {
      method: 'GET',
      path: '/api/contact_fields',
      handler: () => ({ status: 200, body: { items: [...store.fields.values()].map(fieldView), hasMore: false } }),
    },
    {
      method: 'POST',
      path: '/api/contact_fields',
      handler: ({ body }) => {
        const input = parseBody(createSchema, body);
        if (store.fields.has(input.slug)) throw unprocessable([violation('slug', ALREADY_USED, CODES.notUnique)]);
        const field: FieldRecord = { slug: input.slug, fieldName: input.fieldName };
        store.fields.set(field.slug, field);
        return { status: 201, body: fieldView(field) };
      },
    },
    {
      method: 'PATCH',
      path: '/api/contact_fields/:slug',
      handler: ({ params, body }) => {
        const field = findField(context, params.slug);
        field.fieldName = parseBody(patchSchema, body).fieldName;
        return { status: 200, body: fieldView(field) };
      },
    },
    {
      method: 'DELETE',
      path: '/api/contact_fields/:slug',
      handler: ({ params }) => {
        const field = findField(context, params.slug);
        store.fields.delete(field.slug);
        for (const contact of store.contacts.values()) contact.fields.delete(field.slug);
        return { status: 204 };
      },
    },
  ];
}
