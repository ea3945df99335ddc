import type { Action } from './registry.js';
import { collect } from '../gateway/collect.js';
import { NotFoundError } from '../gateway/errors.js';
import type { SystemeEvent } from '../events/systeme-event.js';
import { write, type ActionOutcome, type ReactionDeps } from './reaction-deps.js';

type Enroll = Extract<Action, { type: 'enroll' }>;
type Unenroll = Extract<Action, { type: 'unenroll' }>;

function enrollmentsOf(course: number, contact: number, deps: ReactionDeps) {
  return collect(deps.gateway.enrollments.list({ course, contact }, { signal: deps.signal }));
}

/** Enrolling twice is undocumented (FACTS.md §2): an existing enrollment in the course counts as done. */
export async function enroll(action: Enroll, event: SystemeEvent, deps: ReactionDeps): Promise<ActionOutcome> {
  const contactId = event.data.contact.id;
  const existing = await enrollmentsOf(action.course, contactId, deps);
  if (existing.some((enrollment) => enrollment.contact.id === contactId && enrollment.course.id === action.course)) return 'already';
  const body = {
    contactId,
    accessType: action.access,
    ...(action.access === 'partial_access' ? { modules: action.modules } : {}),
  };
  return write(deps, `POST /api/school/courses/${action.course}/enrollments ${JSON.stringify(body)}`, () =>
    deps.gateway.enrollments.create(action.course, body, { signal: deps.signal }),
  );
}

export async function unenroll(action: Unenroll, event: SystemeEvent, deps: ReactionDeps): Promise<ActionOutcome> {
  const contactId = event.data.contact.id;
  const existing = (await enrollmentsOf(action.course, contactId, deps)).filter(
    (enrollment) => enrollment.contact.id === contactId && enrollment.course.id === action.course,
  );
  if (existing.length === 0) return 'already';
  let outcome: ActionOutcome = 'already';
  for (const enrollment of existing) {
    try {
      outcome = await write(deps, `DELETE /api/school/enrollments/${enrollment.id}`, () =>
        deps.gateway.enrollments.delete(enrollment.id, { signal: deps.signal }),
      );
    } catch (error) {
      if (!(error instanceof NotFoundError)) throw error;
    }
  }
  return outcome;
}
