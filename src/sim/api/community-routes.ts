import { z } from 'zod';
import type { SimContext } from '../context.js';
import { notFound, unprocessable, violation } from '../errors.js';
import type { Route } from '../http/router.js';
import { paginate, parsePageQuery } from '../pagination.js';
import { parseBody, pathId, queryInt } from '../validation.js';
import { communityView, membershipView } from '../views.js';

const joinSchema = z.object({ contactId: z.number().int().positive() });

/** Adds the membership once the queued job "runs", unless it exists by then or its contact or community is gone. */
function createMembershipLater(context: SimContext, communityId: number, contactId: number): void {
  const { store } = context;
  context.timers.later(context.membershipDelayMs, () => {
    if (!store.contacts.has(contactId) || !store.communities.has(communityId)) return;
    const exists = [...store.memberships.values()].some((m) => m.communityId === communityId && m.contactId === contactId);
    if (exists) return;
    const id = store.nextId('membership');
    store.memberships.set(id, { id, communityId, contactId });
  }, 'membership');
}

export function communityRoutes(context: SimContext): Route[] {
  const { store } = context;
  return [
    {
      method: 'GET',
      path: '/api/community/communities',
      handler: ({ query }) => {
        const page = parsePageQuery(query);
        const text = query.get('query')?.toLowerCase() ?? '';
        const result = paginate([...store.communities.values()].filter((c) => c.name.toLowerCase().includes(text)), page);
        return { status: 200, body: { items: result.items.map(communityView), hasMore: result.hasMore } };
      },
    },
    {
      method: 'POST',
      path: '/api/community/communities/:communityId/memberships',
      handler: ({ params, body }) => {
        const communityId = pathId(params.communityId);
        const community = communityId === undefined ? undefined : store.communities.get(communityId);
        if (!community) throw notFound(`Community ${params.communityId ?? ''} not found.`);
        const { contactId } = parseBody(joinSchema, body);
        if (!store.contacts.has(contactId)) throw unprocessable([violation('contactId', `Contact ${contactId} does not exist.`)]);
        // docs/systeme-io.md#asynchronous-memberships: 202 = queued; the membership shows up in GET /memberships only later. An
        // empty body, as API Platform answers asynchronous (messenger) operations.
        createMembershipLater(context, community.id, contactId);
        return { status: 202 };
      },
    },
    {
      method: 'GET',
      path: '/api/community/memberships',
      handler: ({ query }) => {
        const page = parsePageQuery(query);
        const community = queryInt(query, 'community');
        const contact = queryInt(query, 'contact');
        const matching = [...store.memberships.values()].filter(
          (m) => (community === undefined || m.communityId === community) && (contact === undefined || m.contactId === contact),
        );
        const result = paginate(matching, page);
        return { status: 200, body: { items: result.items.map((m) => membershipView(store, m)), hasMore: result.hasMore } };
      },
    },
    {
      method: 'DELETE',
      path: '/api/community/memberships/:id',
      handler: ({ params }) => {
        const id = pathId(params.id);
        if (id === undefined || !store.memberships.delete(id)) throw notFound(`Membership ${params.id ?? ''} not found.`);
        return { status: 204 };
      },
    },
  ];
}
