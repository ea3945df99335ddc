import { NotFoundError } from '../gateway/errors.js';
import type { ActionOutcome } from './reaction-deps.js';

/**
 * Deletes each of the entries a contact holds (enrollments in a course, memberships of a
 * community) and tells the event's view. One deleted meanwhile (404) is gone already. `done`
 * when a delete took effect, `already` when there was nothing left to delete.
 */
export async function deleteEach(entries: readonly { id: number }[], remove: (id: number) => Promise<unknown>, forget: (id: number) => void): Promise<ActionOutcome> {
  let outcome: ActionOutcome = 'already';
  for (const entry of entries) {
    try {
      await remove(entry.id);
      outcome = 'done';
    } catch (error) {
      if (!(error instanceof NotFoundError)) throw error;
    }
    forget(entry.id);
  }
  return outcome;
}
