import { z } from 'zod';
import { isTemplate, literalLength, parseTemplate, templateSchema } from '../rules/template.js';
import { idSchema, strictMapping } from '../rules/zod-helpers.js';

/** Systeme.io refuses longer tag names (FACTS.md §2, `POST /api/tags`). */
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
