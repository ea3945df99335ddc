import { NotFoundError } from '../gateway/errors.js';
import { defineAction } from './action-module.js';
import { contactHasTag, contactTagNamed } from './reads.js';
import { describeTag, tagNameFields, tagRefSchema, type TagRef } from './tag-ref.js';

export type RemoveTag = { type: 'remove_tag'; tag: TagRef };

/** `remove_tag: Lead` or `remove_tag: { id: 10 }`. */
export const removeTag = defineAction<RemoveTag>({
  type: 'remove_tag',
  description: 'Remove a tag from the contact, by name or { id }.',
  schema: tagRefSchema.transform((tag): RemoveTag => ({ type: 'remove_tag', tag })),
  destructive: true,
  templates: tagNameFields,
  describe: (action) => `remove_tag ${describeTag(action.tag)}`,
  assume: (action) => ({ contactTags: [action.tag] }),

  /**
   * A tag that does not exist, or that the contact lacks, is already removed; so is the API's 404.
   * A tag given by name is found among the contact's own tags, by its exact name: no lookup, and
   * no cached id that may belong to a tag deleted since (docs/systeme-io.md#tags).
   */
  async run(action, event, deps) {
    const contactId = event.data.contact.id;
    const { tag } = action;
    const tagId = 'name' in tag ? await contactTagNamed(contactId, tag.name, deps) : (await contactHasTag(contactId, tag.id, deps)) ? tag.id : undefined;
    if (tagId === undefined) return 'already';
    try {
      await deps.gateway.contacts.removeTag(contactId, tagId, { signal: deps.signal });
      deps.view.tagRemoved(contactId, tagId);
      return 'done';
    } catch (error) {
      if (error instanceof NotFoundError && error.operation.includes('removeTag')) {
        deps.view.tagRemoved(contactId, tagId);
        return 'already';
      }
      throw error;
    }
  },
});
