import { idSchema, strictMapping } from '../rules/zod-helpers.js';
import { defineAction } from './action-module.js';
import { deleteEach } from './delete-each.js';
import { enrollmentsOf } from './reads.js';

export type Unenroll = { type: 'unenroll'; course: number };

/** `unenroll: { course: 680647 }`. */
export const unenroll = defineAction<Unenroll>({
  type: 'unenroll',
  description: "Remove the contact's enrollment in a course.",
  schema: strictMapping({ course: idSchema }, 'key', 'a mapping such as { course: 680647 }').transform(
    (v): Unenroll => ({ type: 'unenroll', course: v.course }),
  ),
  destructive: true,
  describe: (action) => `unenroll course ${action.course}`,
  assume: (action) => ({ enrollments: [{ course: action.course }] }),

  /** Every enrollment of the contact in the course is deleted; one deleted meanwhile (404) is gone already. */
  async run(action, event, deps) {
    const contactId = event.data.contact.id;
    return deleteEach(
      await enrollmentsOf(action.course, contactId, deps),
      (id) => deps.gateway.enrollments.delete(id, { signal: deps.signal }),
      (id) => deps.view.enrollmentDeleted(action.course, contactId, id),
    );
  },
});
