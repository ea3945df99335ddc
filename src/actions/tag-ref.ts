import { z } from 'zod';
import { isTemplate, literalLength, parseTemplate, templateSchema } from '../rules/template.js';
import { idSchema, strictMapping } from '../rules/zod-helpers.js';
import type { TemplateField } from './action-module.js';

/** Systeme.io refuses longer tag names (`POST /api/tags`, docs/systeme-io.md#tags). */
export const TAG_NAME_LIMIT = 64;

/** A tag by name (looked up exactly, created if missing when adding) or by id. */
export type TagRef = { id: number } | { name: string };

/** A tag name, possibly a template: the limit applies to its literal part now, to the rendered name at run time. */
const tagName = templateSchema.superRefine((name, ctx) => {
  if (name.trim() === '') return void ctx.addIssue({ code: 'custom', message: 'tag name must not be empty' });
  const parsed = isTemplate(name) ? parseTemplate(name) : undefined;
  const length = parsed?.ok ? literalLength(parsed.parts) : name.length;
  if (length > TAG_NAME_LIMIT) {
    ctx.addIssue({ code: 'custom', message: `tag names have at most ${TAG_NAME_LIMIT} characters (a Systeme.io limit); this one has ${length}` });
  }
});

const tagObject = strictMapping({ id: idSchema.optional(), name: tagName.optional() }, 'key')
  .refine((ref) => (ref.id === undefined) !== (ref.name === undefined), { error: 'give either id or name' })
  .transform((ref): TagRef => (ref.id !== undefined ? { id: ref.id } : { name: ref.name as string }));

/** `add_tag: Customers`, `add_tag: { name: Customers }` or `add_tag: { id: 42 }`. */
export const tagRefSchema = z.union([tagName.transform((name): TagRef => ({ name })), tagObject], {
  error: 'expected a tag name (quote names that look like numbers), { id: 42 } or { name: "Customers" }',
});

/** A tag action: `add_tag` or `remove_tag`, or any other action that names one tag. */
type TagAction = { readonly type: string; readonly tag: TagRef };

/** The tag name of a tag action as a template field; a rendered name must be a name Systeme.io accepts. */
export function tagNameFields<A extends TagAction>(action: A): TemplateField<A>[] {
  if (!('name' in action.tag)) return [];
  return [
    {
      path: [],
      text: action.tag.name,
      label: `${action.type} "${action.tag.name}"`,
      check(value) {
        if (value.trim() === '') return 'the tag name is empty for this event';
        // The length, never the text: it comes from the payload (names, emails, terminal escapes).
        if (value.length > TAG_NAME_LIMIT) {
          return `the tag name is ${value.length} characters for this event, over the Systeme.io limit of ${TAG_NAME_LIMIT}`;
        }
        return undefined;
      },
      fill: (current, value) => ({ ...current, tag: { name: value } }),
    },
  ];
}

/** `"Customers"` or `id 42`. */
export function describeTag(ref: TagRef): string {
  return 'id' in ref ? `id ${ref.id}` : JSON.stringify(ref.name);
}
