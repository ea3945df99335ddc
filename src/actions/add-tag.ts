import type { Action } from './registry.js';
import { NotFoundError } from '../gateway/errors.js';
import type { SystemeEvent } from '../events/systeme-event.js';
import { write, type ActionOutcome, type ReactionDeps } from './reaction-deps.js';
import { resolveTagId } from './tag-resolver.js';

type AddTag = Extract<Action, { type: 'add_tag' }>;
type RemoveTag = Extract<Action, { type: 'remove_tag' }>;

async function contactHasTag(contactId: number, tagId: number, deps: ReactionDeps): Promise<boolean> {
  const contact = await deps.gateway.contacts.get(contactId, { signal: deps.signal });
  return contact.tags.some((tag) => tag.id === tagId);
}

/** Reads the contact's tags first: tagging twice is undocumented (FACTS.md §2), so it never happens. */
export async function addTag(action: AddTag, event: SystemeEvent, deps: ReactionDeps): Promise<ActionOutcome> {
  const contactId = event.data.contact.id;
  const tagId = await resolveTagId(action.tag, deps, true);
  if (tagId === undefined) return 'dry_run';
  if (await contactHasTag(contactId, tagId, deps)) return 'already';
  try {
    return await write(deps, `POST /api/contacts/${contactId}/tags {tagId: ${tagId}}`, () =>
      deps.gateway.contacts.addTag(contactId, tagId, { signal: deps.signal }),
    );
  } catch (error) {
    // A cached id whose tag was deleted in Systeme.io: forget it so the next attempt looks it up again.
    if (error instanceof NotFoundError && 'name' in action.tag) await deps.tagCache.forget(action.tag.name);
    throw error;
  }
}

/** A tag that does not exist, or that the contact lacks, is already removed; so is the API's 404. */
export async function removeTag(action: RemoveTag, event: SystemeEvent, deps: ReactionDeps): Promise<ActionOutcome> {
  const contactId = event.data.contact.id;
  const tagId = await resolveTagId(action.tag, deps, false);
  if (tagId === undefined) return 'already';
  if (!(await contactHasTag(contactId, tagId, deps))) return 'already';
  try {
    return await write(deps, `DELETE /api/contacts/${contactId}/tags/${tagId}`, () =>
      deps.gateway.contacts.removeTag(contactId, tagId, { signal: deps.signal }),
    );
  } catch (error) {
    if (error instanceof NotFoundError && error.operation.includes('removeTag')) return 'already';
    throw error;
  }
}
