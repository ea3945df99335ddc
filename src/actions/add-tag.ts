import { NotFoundError } from '../gateway/errors.js';
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
   * before the write. The contact is the event's view (read once per event attempt).
   */
  async run(action, event, deps) {
    const contactId = event.data.contact.id;
    const contact = await contactOf(contactId, deps);
    const tagId = await resolveTagId(action.tag, deps, true);
    if (contact.tags.some((tag) => tag.id === tagId)) return 'already';
    try {
      await deps.gateway.contacts.addTag(contactId, tagId, { signal: deps.signal });
      deps.view.tagAdded(contactId, { id: tagId, name: 'name' in action.tag ? action.tag.name : '' });
      return 'done';
    } catch (error) {
      // A cached id whose tag was deleted in Systeme.io: forget it so the next attempt looks it up again.
      if (error instanceof NotFoundError && 'name' in action.tag) await deps.tagCache.forget(action.tag.name);
      throw error;
    }
  },
});
