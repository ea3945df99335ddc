import { z } from 'zod';
import type { SimContext } from '../context.js';
import { ALREADY_USED, CODES, notFound, unprocessable, violation } from '../errors.js';
import type { Route } from '../http/router.js';
import { paginate, parsePageQuery } from '../pagination.js';
import type { ContactRecord } from '../records.js';
import { atomTimestamp } from '../time.js';
import { parseBody, pathId, queryBool } from '../validation.js';
import { contactView } from '../views.js';
import { contactPayload } from '../webhooks/contact-payloads.js';
import { applyFieldValues, checkFieldValues } from './field-values.js';
import { LOCALES } from './locales.js';

const fieldValues = z.array(z.object({ slug: z.string().min(1), value: z.string().nullish() }));
const createSchema = z.object({ email: z.email().max(255), locale: z.enum(LOCALES).nullish(), fields: fieldValues.optional() });
const patchSchema = z.object({ locale: z.enum(LOCALES).nullish(), fields: fieldValues.nullish() });

function dateFilter(query: URLSearchParams, name: string): number | undefined {
  const raw = query.get(name);
  if (!raw) return undefined;
  const time = Date.parse(raw);
  if (Number.isNaN(time)) throw unprocessable([violation(name, 'This value is not a valid datetime.', CODES.type)]);
  return time;
}

export function findContact(context: SimContext, rawId: string | undefined): ContactRecord {
  const id = pathId(rawId);
  const contact = id === undefined ? undefined : context.store.contacts.get(id);
  if (!contact) throw notFound(`Contact ${rawId ?? ''} not found.`);
  return contact;
}

export function findContactByEmail(context: SimContext, email: string): ContactRecord | undefined {
  const wanted = email.toLowerCase();
  return [...context.store.contacts.values()].find((contact) => contact.email.toLowerCase() === wanted);
}

/** Creates a contact and announces it (CONTACT_CREATED); shared with simulated sales. */
export function createContact(context: SimContext, input: z.output<typeof createSchema>): ContactRecord {
  const contact: ContactRecord = {
    id: context.store.nextId('contact'),
    email: input.email,
    registeredAt: atomTimestamp(context.now()),
    locale: input.locale ?? 'en',
    sourceURL: null,
    unsubscribed: false,
    bounced: false,
    needsConfirmation: false,
    fields: new Map(),
    tagIds: [],
  };
  applyFieldValues(contact, input.fields);
  context.store.contacts.set(contact.id, contact);
  context.emit('CONTACT_CREATED', contactPayload(context.store, contact));
  return contact;
}

export function contactRoutes(context: SimContext): Route[] {
  const { store } = context;
  return [
    {
      method: 'GET',
      path: '/api/contacts',
      handler: ({ query }) => {
        const page = parsePageQuery(query);
        const email = query.get('email')?.toLowerCase() || undefined;
        const tagIds = (query.get('tags') ?? '').split(',').filter(Boolean).map(Number);
        const flags = (['bounced', 'unsubscribed', 'needsConfirmation'] as const).map((name) => [name, queryBool(query, name)] as const);
        const before = dateFilter(query, 'registeredBefore');
        const after = dateFilter(query, 'registeredAfter');
        const matching = [...store.contacts.values()].filter(
          (contact) =>
            (email === undefined || contact.email.toLowerCase() === email) &&
            tagIds.every((id) => contact.tagIds.includes(id)) &&
            flags.every(([name, wanted]) => wanted === undefined || contact[name] === wanted) &&
            (before === undefined || Date.parse(contact.registeredAt) < before) &&
            (after === undefined || Date.parse(contact.registeredAt) > after),
        );
        const result = paginate(matching, page);
        return { status: 200, body: { items: result.items.map((c) => contactView(store, c)), hasMore: result.hasMore } };
      },
    },
    {
      method: 'POST',
      path: '/api/contacts',
      handler: ({ body }) => {
        const input = parseBody(createSchema, body);
        const violations = checkFieldValues(store, input.fields);
        // docs/systeme-io.md#contacts: creating a contact whose email exists is a 422.
        if (findContactByEmail(context, input.email)) violations.unshift(violation('email', ALREADY_USED, CODES.notUnique));
        if (violations.length > 0) throw unprocessable(violations);
        return { status: 201, body: contactView(store, createContact(context, input)) };
      },
    },
    {
      method: 'GET',
      path: '/api/contacts/:id',
      handler: ({ params }) => ({ status: 200, body: contactView(store, findContact(context, params.id)) }),
    },
    {
      method: 'PATCH',
      path: '/api/contacts/:id',
      handler: ({ params, body }) => {
        const contact = findContact(context, params.id);
        const input = parseBody(patchSchema, body);
        const violations = checkFieldValues(store, input.fields ?? undefined);
        if (violations.length > 0) throw unprocessable(violations);
        if (input.locale) contact.locale = input.locale;
        applyFieldValues(contact, input.fields ?? undefined);
        return { status: 200, body: contactView(store, contact) };
      },
    },
    {
      method: 'DELETE',
      path: '/api/contacts/:id',
      handler: ({ params }) => {
        const contact = findContact(context, params.id);
        store.contacts.delete(contact.id);
        for (const [id, enrollment] of store.enrollments) if (enrollment.contactId === contact.id) store.enrollments.delete(id);
        for (const [id, membership] of store.memberships) if (membership.contactId === contact.id) store.memberships.delete(id);
        return { status: 204 };
      },
    },
  ];
}
