import { z } from 'zod';
import { ACCESS_TYPES } from '../actions/enroll.js';
import { tagRefSchema, type TagRef } from '../actions/tag-ref.js';
import { isTemplate } from './template.js';
import { idSchema, oneOf, strictMapping } from './zod-helpers.js';

/** Entitlement names end up in Redis keys, metric labels and the ledger: kept as plain as rule names. */
const ENTITLEMENT_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;

/** What a price plan grants: tags, course enrollments and community memberships. */
export interface EntitlementGrants {
  tags: TagRef[];
  courses: { course: number; access: (typeof ACCESS_TYPES)[number]; modules: number[] }[];
  communities: number[];
}

/** One `entitlements:` item, normalised: `plan` is always a list. */
export interface Entitlement {
  name: string;
  plans: number[];
  grants: EntitlementGrants;
}

/** A tag of an entitlement is fixed: reconcile has no event to fill a `{{placeholder}}` from. */
const fixedTag = tagRefSchema.superRefine((ref, ctx) => {
  if ('name' in ref && isTemplate(ref.name)) {
    ctx.addIssue({ code: 'custom', message: 'an entitlement names its tags exactly; placeholders ({{…}}) are only for actions' });
  }
});

const courseGrant = strictMapping(
  {
    id: idSchema,
    access: z.enum(ACCESS_TYPES, { error: `expected ${oneOf(ACCESS_TYPES)}` }).default('full_access'),
    modules: z.array(idSchema, { error: 'expected a list of module ids' }).min(1, { error: 'expected at least one module id' }).optional(),
  },
  'key',
  'a mapping such as { id: 680647, access: full_access }',
).superRefine((value, ctx) => {
  if (value.access === 'partial_access' && value.modules === undefined) {
    ctx.addIssue({ code: 'custom', path: ['modules'], message: 'required with access: partial_access; list the module ids to open' });
  }
  if (value.access !== 'partial_access' && value.modules !== undefined) {
    ctx.addIssue({ code: 'custom', path: ['modules'], message: `only used with access: partial_access (access is ${value.access})` });
  }
});

const planSchema = z.union([idSchema.transform((id) => [id]), z.array(idSchema).min(1, { error: 'expected at least one price plan id' })], {
  error: (issue) => `${issue.input === undefined ? 'required; ' : ''}expected a price plan id such as 3456, or a list of them`,
});

const grantsSchema = strictMapping(
  {
    tags: z.array(fixedTag, { error: 'expected a list of tags, such as [Customers]' }).optional(),
    courses: z.array(courseGrant, { error: 'expected a list of courses, such as [{ id: 680647 }]' }).optional(),
    communities: z.array(idSchema, { error: 'expected a list of community ids, such as [77]' }).optional(),
  },
  'grant',
  'a mapping with tags, courses and/or communities',
)
  .refine((g) => (g.tags?.length ?? 0) + (g.courses?.length ?? 0) + (g.communities?.length ?? 0) > 0, {
    error: 'grants nothing; list tags, courses or communities',
  })
  .transform(
    (g): EntitlementGrants => ({
      tags: g.tags ?? [],
      courses: (g.courses ?? []).map((c) => ({ course: c.id, access: c.access, modules: c.modules ?? [] })),
      communities: [...new Set(g.communities ?? [])],
    }),
  );

/** One entitlement as written. */
export const entitlementSchema = strictMapping(
  {
    name: z
      .string({ error: (issue) => (issue.input === undefined ? 'required; give the entitlement a unique name' : 'expected a string') })
      .regex(ENTITLEMENT_NAME, { error: 'expected 1–64 letters, digits, _ . or -, starting with a letter or digit' })
      .meta({ description: 'Unique; what grant: and revoke: actions name.' }),
    plan: planSchema.meta({ description: 'The price plan id (or ids) whose buyers hold this entitlement.' }),
    grants: grantsSchema.meta({ description: 'What the plan gives: tags, courses ({ id, access, modules }) and communities (ids).' }),
  },
  'key',
  'an entitlement: a mapping with name, plan and grants',
).transform((e): Entitlement => ({ name: e.name, plans: [...new Set(e.plan)], grants: e.grants }));

export const entitlementsSchema = z
  .array(entitlementSchema, { error: 'expected a list of entitlements' })
  .meta({ description: 'What each price plan grants; grant: NAME and revoke: NAME apply them, `systeme-hooks reconcile` checks them.' });
