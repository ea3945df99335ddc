import { z } from 'zod';
import { idSchema, oneOf, strictMapping } from '../rules/zod-helpers.js';
import { defineAction } from './action-module.js';
import { enrollmentsOf } from './reads.js';

/** `enroll` access types of `POST /api/school/courses/{id}/enrollments` (docs/systeme-io.md#courses-and-enrollments). */
export const ACCESS_TYPES = ['full_access', 'partial_access', 'dripping_content'] as const;

export type Enroll = { type: 'enroll'; course: number; access: (typeof ACCESS_TYPES)[number]; modules: number[] };

const enrollSchema = strictMapping(
  {
    course: idSchema,
    access: z.enum(ACCESS_TYPES, { error: `expected ${oneOf(ACCESS_TYPES)}` }).default('full_access'),
    modules: z.array(idSchema, { error: 'expected a list of module ids' }).min(1, { error: 'expected at least one module id' }).optional(),
  },
  'key',
  'a mapping such as { course: 680647, access: full_access }',
).superRefine((value, ctx) => {
  if (value.access === 'partial_access' && value.modules === undefined) {
    ctx.addIssue({ code: 'custom', path: ['modules'], message: 'required with access: partial_access; list the module ids to open' });
  }
  if (value.access !== 'partial_access' && value.modules !== undefined) {
    ctx.addIssue({ code: 'custom', path: ['modules'], message: `only used with access: partial_access (access is ${value.access})` });
  }
});

/** `enroll: { course: 680647 }`, or with `access: partial_access, modules: [1, 2]`. */
export const enroll = defineAction<Enroll>({
  type: 'enroll',
  description: 'Enroll the contact in a course; partial_access needs modules: [ids].',
  schema: enrollSchema.transform((v): Enroll => ({ type: 'enroll', course: v.course, access: v.access, modules: v.modules ?? [] })),
  describe(action) {
    const modules = action.access === 'partial_access' ? `, modules ${action.modules.join(', ')}` : '';
    return `enroll course ${action.course} (${action.access}${modules})`;
  },

  /** Enrolling twice is undocumented (docs/systeme-io.md#repeated-writes): an existing enrollment in the course counts as done. */
  async run(action, event, deps) {
    const contactId = event.data.contact.id;
    if ((await enrollmentsOf(action.course, contactId, deps)).length > 0) return 'already';
    const body = {
      contactId,
      accessType: action.access,
      ...(action.access === 'partial_access' ? { modules: action.modules } : {}),
    };
    const created = await deps.gateway.enrollments.create(action.course, body, { signal: deps.signal });
    deps.view.enrolled(action.course, contactId, created);
    return 'done';
  },
});
