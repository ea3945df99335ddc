import { z } from 'zod';
import { tagRefSchema as tagRef } from './tag-ref.js';
import { templateSchema as template } from '../rules/template.js';
import { idSchema, oneOf, strictMapping } from '../rules/zod-helpers.js';

export { TAG_NAME_LIMIT, type TagRef } from './tag-ref.js';

/** `enroll` access types of `POST /api/school/courses/{id}/enrollments` (FACTS.md §2). */
export const ACCESS_TYPES = ['full_access', 'partial_access', 'dripping_content'] as const;
/** `cancel_subscription` timing: `now` → `"Now"`, `period_end` → `"WhenBillingPeriodEnds"` (FACTS.md §2). */
export const CANCEL_WHEN = ['now', 'period_end'] as const;
const course = (expected: string) => strictMapping({ course: idSchema }, 'key', expected);
const community = (expected: string) => strictMapping({ community: idSchema }, 'key', expected);

const enroll = strictMapping(
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

const cancelWhen = z.enum(CANCEL_WHEN, { error: `expected ${oneOf(CANCEL_WHEN)}` });
const cancel = z.union(
  [
    cancelWhen.transform((when) => ({ when, price_plan: undefined })),
    strictMapping({ when: cancelWhen.default('period_end'), price_plan: idSchema.optional() }, 'key'),
  ],
  { error: `expected ${oneOf(CANCEL_WHEN)} or a mapping such as { when: now, price_plan: 3456 }` },
);

const setField = strictMapping(
  {
    slug: z.string({ error: 'expected a contact field slug' }).regex(/^[A-Za-z0-9_]{1,100}$/, {
      error: 'expected a contact field slug such as first_name (letters, digits and _)',
    }),
    value: z.union([template, z.number().transform(String), z.boolean().transform(String)], {
      error: (issue) =>
        `${issue.input === undefined ? 'required; ' : ''}expected a string (templates such as "{{order.createdAt}}" allowed), a number or true/false`,
    }),
  },
  'key',
  'a mapping such as { slug: customer_since, value: "{{order.createdAt}}" }',
);

const actionShape = {
  add_tag: tagRef
    .transform((tag) => ({ type: 'add_tag' as const, tag }))
    .optional()
    .meta({ description: 'Tag the contact: a name (looked up exactly, created if missing; templates allowed) or { id }.' }),
  remove_tag: tagRef
    .transform((tag) => ({ type: 'remove_tag' as const, tag }))
    .optional()
    .meta({ description: 'Remove a tag from the contact, by name or { id }.' }),
  enroll: enroll
    .transform((v) => ({ type: 'enroll' as const, course: v.course, access: v.access, modules: v.modules ?? [] }))
    .optional()
    .meta({ description: 'Enroll the contact in a course; partial_access needs modules: [ids].' }),
  unenroll: course('a mapping such as { course: 680647 }')
    .transform((v) => ({ type: 'unenroll' as const, course: v.course }))
    .optional()
    .meta({ description: "Remove the contact's enrollment in a course." }),
  join_community: community('a mapping such as { community: 77 }')
    .transform((v) => ({ type: 'join_community' as const, community: v.community }))
    .optional()
    .meta({ description: 'Add the contact to a community (Systeme.io queues it: it appears later).' }),
  leave_community: community('a mapping such as { community: 77 }')
    .transform((v) => ({ type: 'leave_community' as const, community: v.community }))
    .optional()
    .meta({ description: "Remove the contact's membership of a community." }),
  cancel_subscription: cancel
    .transform((v) => ({ type: 'cancel_subscription' as const, when: v.when, pricePlan: v.price_plan }))
    .optional()
    .meta({
      description:
        "Cancel the contact's active subscription to the event's price plan (or price_plan), now or at the end of the paid period (the default).",
    }),
  set_field: setField
    .transform((v) => ({ type: 'set_field' as const, slug: v.slug, value: v.value }))
    .optional()
    .meta({ description: 'Set a contact field by slug; the value may use templates such as "{{order.createdAt}}".' }),
};

export const ACTION_TYPES = Object.keys(actionShape) as (keyof typeof actionShape)[];

type ActionItem = z.output<typeof actionItem>;

/** The normalised form of one `do:` item, discriminated by `type`. String fields may be templates. */
export type Action = NonNullable<ActionItem[keyof ActionItem]>;
export type ActionType = Action['type'];

const actionItem = strictMapping(actionShape, 'action', `an action such as add_tag: Customers (one of ${oneOf(ACTION_TYPES)})`)
  // Editors get the "one action per item" rule from the JSON Schema too.
  .meta({ minProperties: 1, maxProperties: 1 });

/** One `do:` item: a mapping with exactly one action key. */
export const actionSchema = actionItem
  .superRefine((item, ctx) => {
    if (ctx.issues.some((issue) => issue.code === 'unrecognized_keys')) return;
    const present = ACTION_TYPES.filter((key) => item[key] !== undefined);
    if (present.length === 0) ctx.addIssue({ code: 'custom', message: `expected an action: ${oneOf(ACTION_TYPES)}` });
    if (present.length > 1) {
      ctx.addIssue({
        code: 'custom',
        message: `one action per item, found ${present.join(' and ')}; start each action with its own "-"`,
      });
    }
  })
  .transform((item) => Object.values(item).find((value) => value !== undefined) as Action);

/** The template strings of an action, with the key they sit under (for load-time checks and rendering). */
export function actionTemplates(action: Action): { field: string[]; text: string }[] {
  switch (action.type) {
    case 'add_tag':
    case 'remove_tag':
      return 'name' in action.tag ? [{ field: [action.type], text: action.tag.name }] : [];
    case 'set_field':
      return [{ field: ['set_field', 'value'], text: action.value }];
    default:
      return [];
  }
}
