import { z } from 'zod';
import type { SimContext } from '../context.js';
import { notFound, unprocessable, violation } from '../errors.js';
import type { Route } from '../http/router.js';
import { parseBody } from '../validation.js';
import { tagPayload } from '../webhooks/contact-payloads.js';
import { findContact } from './contacts-routes.js';
import { findTag } from './tags-routes.js';

const assignSchema = z.object({ tagId: z.number().int().positive() });

export function contactTagRoutes(context: SimContext): Route[] {
  const { store } = context;
  return [
    {
      method: 'POST',
      path: '/api/contacts/:id/tags',
      handler: ({ params, body }) => {
        const contact = findContact(context, params.id);
        const { tagId } = parseBody(assignSchema, body);
        const tag = store.tags.get(tagId);
        if (!tag) throw unprocessable([violation('tagId', `Tag ${tagId} does not exist.`)]);
        // Tagging an already-tagged contact is undocumented (docs/systeme-io.md#repeated-writes): modelled as a silent no-op.
        if (!contact.tagIds.includes(tag.id)) {
          contact.tagIds.push(tag.id);
          context.emit('CONTACT_TAG_ADDED', tagPayload(store, contact, tag));
        }
        return { status: 204 };
      },
    },
    {
      method: 'DELETE',
      path: '/api/contacts/:id/tags/:tagId',
      handler: ({ params }) => {
        const contact = findContact(context, params.id);
        const tag = findTag(context, params.tagId);
        if (!contact.tagIds.includes(tag.id)) throw notFound(`Contact ${contact.id} does not have tag ${tag.id}.`);
        contact.tagIds = contact.tagIds.filter((id) => id !== tag.id);
        context.emit('CONTACT_TAG_REMOVED', tagPayload(store, contact, tag));
        return { status: 204 };
      },
    },
  ];
}
