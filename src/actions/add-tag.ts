import { NotFoundError, ValidationError } from '../gateway/errors.js';
import { defineAction } from './action-module.js';
import { describeTag, tagNameFields, tagRefSchema, type TagRef } from './tag-ref.js';
import { contactOf } from './reads.js';
import { resolveTagId } from './tag-resolver.js';

export type AddTag = { type: 'add_tag'; tag: TagRef };

/** `add_tag: Customers`, `add_tag: "plan-{{pricePlan.id}}"` or `add_tag: { id: 42 }`. */
export const addTag = defineAction<AddTag>({
  type: 'add_tag',
  description: 'Tag the contact: a name (looked up exactly, created if missing; templates allowed) or { id }.',
  schema: tagRefSchema.transform((tag): AddTag => ({ type: 'add_tag', tag })),
  templates: tagNameFields,
  describe: (action) => `add_tag ${describeTag(action.tag)}`,

  /**
   * Reads the contact first: a contact that does not exist (404) fails the action before a tag is
   * created for it (a templated name would otherwise leave one tag per unknown contact). Tagging
   * twice is undocumented (docs/systeme-io.md#repeated-writes), so the contact's tags are checked
   * before the write, by name for a tag given by name. The contact is the event's view (read once
   * per event attempt). A cached id whose tag was deleted in Systeme.io is refused (a 404, or a
   * 422 about `tagId`): the name is looked up again, the tag created if it is gone, and added,
   * in the same attempt (docs/systeme-io.md#tags).
   */
  async run(action, event, deps) {
    const contactId = event.data.contact.id;
    const contact = await contactOf(contactId, deps);
    const name = 'name' in action.tag ? action.tag.name : undefined;
    if (name !== undefined && contact.tags.some((tag) => tag.name === name)) return 'already';
    const add = async (tagId: number) => {
      if (contact.tags.some((tag) => tag.id === tagId)) return 'already';
      await deps.gateway.contacts.addTag(contactId, tagId, { signal: deps.signal });
      deps.view.tagAdded(contactId, { id: tagId, name: name ?? '' });
      return 'done';
    };
    try {
      return await add(await resolveTagId(action.tag, deps, true));
    } catch (error) {
      if (name === undefined || !staleTagId(error)) throw error;
      await deps.tagCache.forget(name);
      return add(await resolveTagId(action.tag, deps, true));
    }
  },
});

/** The API's answer to a tag id that no longer exists: undocumented, so either of the likely ones. */
function staleTagId(error: unknown): boolean {
  if (error instanceof NotFoundError) return true;
  return error instanceof ValidationError && error.violations.some((violation) => violation.propertyPath === 'tagId');
}
