import { checkId, idSegment } from '../check-input.js';
import { communitySchema, membershipSchema, type Community, type Membership, type MembershipQueued } from '../schemas/community.js';
import type { CallOptions, ResourceContext } from './context.js';

export interface MembershipFilters {
  community?: number | undefined;
  contact?: number | undefined;
}

export type CommunitiesApi = ReturnType<typeof communitiesApi>;
export type MembershipsApi = ReturnType<typeof membershipsApi>;

export function communitiesApi({ paginator }: ResourceContext) {
  return {
    list(options: CallOptions = {}): AsyncIterable<Community> {
      return paginator.list(communitySchema, { operation: 'communities.list', path: '/api/community/communities', signal: options.signal });
    },
  };
}

export function membershipsApi({ transport, paginator }: ResourceContext) {
  return {
    /** Every membership, optionally of one community and/or one contact. */
    list(filters: MembershipFilters = {}, options: CallOptions = {}): AsyncIterable<Membership> {
      const query = {
        community: filters.community === undefined ? undefined : checkId('memberships.list', filters.community),
        contact: filters.contact === undefined ? undefined : checkId('memberships.list', filters.contact),
      };
      return paginator.list(membershipSchema, { operation: 'memberships.list', path: '/api/community/memberships', query, signal: options.signal });
    },
    /**
     * Asks for a membership. The API answers 202 (docs/systeme-io.md#asynchronous-memberships): the request is queued and the
     * membership shows in `list` only later, so a read right after may not see it yet.
     */
    async create(communityId: number, contactId: number, options: CallOptions = {}): Promise<MembershipQueued> {
      const path = `/api/community/communities/${idSegment('memberships.create', communityId)}/memberships`;
      const body = { contactId: checkId('memberships.create', contactId) };
      await transport.callVoid({ operation: 'memberships.create', method: 'POST', path, body, signal: options.signal });
      return { queued: true };
    },
    delete(id: number, options: CallOptions = {}): Promise<void> {
      const path = `/api/community/memberships/${idSegment('memberships.delete', id)}`;
      return transport.callVoid({ operation: 'memberships.delete', method: 'DELETE', path, signal: options.signal });
    },
  };
}
