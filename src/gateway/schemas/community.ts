import { z } from 'zod';
import { apiIdSchema } from './common.js';

export const communitySchema = z.looseObject({
  id: apiIdSchema,
  name: z.string(),
  domainName: z.string().nullish(),
  path: z.string().optional(),
});

export type Community = z.output<typeof communitySchema>;

export const membershipSchema = z.looseObject({
  id: apiIdSchema,
  community: z.looseObject({ id: apiIdSchema, name: z.string().optional() }),
  contact: z.looseObject({ id: apiIdSchema }),
});

export type Membership = z.output<typeof membershipSchema>;

/** What `memberships.create` returns: the API queued the request (202), the membership appears later. */
export interface MembershipQueued {
  queued: true;
}
