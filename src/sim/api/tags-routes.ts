import { z } from 'zod';
import type { SimContext } from '../context.js';
import { ALREADY_USED, CODES, notFound, unprocessable, violation } from '../errors.js';
import type { Route } from '../http/router.js';
import { paginate, parsePageQuery } from '../pagination.js';
import type { TagRecord } from '../records.js';
import { atomTimestamp } from '../time.js';
import { parseBody, pathId } from '../validation.js';
import { tagView } from '../views.js';

const tagSchema = z.object({ name: z.string().trim().min(1).max(64) });

export function findTag(context: SimContext, rawId: string | undefined): TagRecord {
  const id = pathId(rawId);
  const tag = id === undefined ? undefined : context.store.tags.get(id);
  if (!tag) throw notFound(`Tag ${rawId ?? ''} not found.`);
  return tag;
}

/** Tag names are unique per account; compared case-insensitively, the cautious reading. */
function checkUniqueName(context: SimContext, name: string, exceptId?: number): void {
  const lower = name.toLowerCase();
  for (const tag of context.store.tags.values()) {
    if (tag.id !== exceptId && tag.name.toLowerCase() === lower) throw unprocessable([violation('name', ALREADY_USED, CODES.notUnique)]);
  }
}

export function tagRoutes(context: SimContext): Route[] {
  const { store } = context;
  return [
    {
      method: 'GET',
      path: '/api/tags',
      handler: ({ query }) => {
        const page = parsePageQuery(query);
        // `query` is a partial, case-insensitive match (docs/systeme-io.md#tags): callers compare exactly themselves.
        const text = query.get('query')?.toLowerCase() ?? '';
        const result = paginate([...store.tags.values()].filter((tag) => tag.name.toLowerCase().includes(text)), page);
        return { status: 200, body: { items: result.items.map(tagView), hasMore: result.hasMore } };
      },
    },
    {
      method: 'POST',
      path: '/api/tags',
      handler: ({ body }) => {
        const { name } = parseBody(tagSchema, body);
        checkUniqueName(context, name);
        const tag: TagRecord = { id: store.nextId('tag'), name, createdAt: atomTimestamp(context.now()) };
        store.tags.set(tag.id, tag);
        return { status: 201, body: tagView(tag) };
      },
    },
    {
      method: 'GET',
      path: '/api/tags/:id',
      handler: ({ params }) => ({ status: 200, body: tagView(findTag(context, params.id)) }),
    },
    {
      method: 'PUT',
      path: '/api/tags/:id',
      handler: ({ params, body }) => {
        const tag = findTag(context, params.id);
        const { name } = parseBody(tagSchema, body);
        checkUniqueName(context, name, tag.id);
        tag.name = name;
        return { status: 200, body: tagView(tag) };
      },
    },
    {
      method: 'DELETE',
      path: '/api/tags/:id',
      handler: ({ params }) => {
        const tag = findTag(context, params.id);
        store.tags.delete(tag.id);
        // Deleting a tag untags everyone silently: no CONTACT_TAG_REMOVED is known to fire for it.
        for (const contact of store.contacts.values()) contact.tagIds = contact.tagIds.filter((id) => id !== tag.id);
        return { status: 204 };
      },
    },
  ];
}
