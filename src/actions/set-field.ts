import type { Action } from './registry.js';
import type { SystemeEvent } from '../events/systeme-event.js';
import { write, type ActionOutcome, type ReactionDeps } from './reaction-deps.js';

type SetField = Extract<Action, { type: 'set_field' }>;

/** Reads the contact's field first, writes (merge-patch) only when the value differs. */
export async function setField(action: SetField, event: SystemeEvent, deps: ReactionDeps): Promise<ActionOutcome> {
  const contactId = event.data.contact.id;
  const contact = await deps.gateway.contacts.get(contactId, { signal: deps.signal });
  if (contact.fields.some((field) => field.slug === action.slug && field.value === action.value)) return 'already';
  return write(deps, `PATCH /api/contacts/${contactId} {fields: [{slug: ${action.slug}}]}`, () =>
    deps.gateway.contacts.update(contactId, { fields: [{ slug: action.slug, value: action.value }] }, { signal: deps.signal }),
  );
}
