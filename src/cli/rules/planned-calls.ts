import type { Action, TagRef } from '../../actions/registry.js';
import type { EventData } from '../../events/normalise.js';

/** The API calls one action makes: reads always, each write only when the reads show it is needed. */
export interface PlannedCalls {
  reads: string[];
  writes: string[];
  /** Why an action would make no write, or what it depends on. */
  note?: string;
}

/** Tag name → id, from `--resolve`; null when no tag has that name. Names missing from the map were not looked up. */
export type TagIds = ReadonlyMap<string, number | null>;

const CANCEL_MODE = { now: 'Now', period_end: 'WhenBillingPeriodEnds' } as const;

/**
 * What the reaction in src/handlers/actions does for `action` (already rendered), as
 * `METHOD /path {body}` lines for `rules explain`. Mirrors the handlers' read-then-write order
 * (FACTS.md §2: repeating writes is undocumented, so every reaction reads first).
 */
export function plannedCalls(action: Action, data: EventData, tagIds: TagIds = new Map()): PlannedCalls {
  const contact = data.contact.id;
  switch (action.type) {
    case 'add_tag':
    case 'remove_tag':
      return tagCalls(action.type, action.tag, contact, tagIds);
    case 'enroll': {
      const body = { contactId: contact, accessType: action.access, ...(action.access === 'partial_access' ? { modules: action.modules } : {}) };
      return {
        reads: [`GET /api/school/enrollments?course=${action.course}&contact=${contact}`],
        writes: [`POST /api/school/courses/${action.course}/enrollments ${JSON.stringify(body)}  (unless already enrolled)`],
      };
    }
    case 'unenroll':
      return {
        reads: [`GET /api/school/enrollments?course=${action.course}&contact=${contact}`],
        writes: [`DELETE /api/school/enrollments/<id of each enrollment found>  (none found: nothing to do)`],
      };
    case 'join_community':
      return {
        reads: [`GET /api/community/memberships?community=${action.community}&contact=${contact}`],
        writes: [`POST /api/community/communities/${action.community}/memberships {"contactId":${contact}}  (unless already a member)`],
      };
    case 'leave_community':
      return {
        reads: [`GET /api/community/memberships?community=${action.community}&contact=${contact}`],
        writes: [`DELETE /api/community/memberships/<id of each membership found>  (none found: nothing to do)`],
      };
    case 'cancel_subscription': {
      const plan = action.pricePlan ?? eventPricePlan(data);
      if (plan === undefined) return { reads: [], writes: [], note: 'cannot run: the event names no price plan; give price_plan in the rule' };
      return {
        reads: [`GET /api/payment/subscriptions?contact=${contact}`],
        writes: [`POST /api/payment/subscriptions/<id of the active subscription on price plan ${plan}>/cancel {"cancel":"${CANCEL_MODE[action.when]}"}  (none active: nothing to do)`],
      };
    }
    case 'set_field':
      return {
        reads: [`GET /api/contacts/${contact}`],
        writes: [`PATCH /api/contacts/${contact} ${JSON.stringify({ fields: [{ slug: action.slug, value: action.value }] })}  (unless the field already has this value)`],
      };
  }
}

function tagCalls(type: 'add_tag' | 'remove_tag', tag: TagRef, contact: number, tagIds: TagIds): PlannedCalls {
  const reads: string[] = [];
  let id: string;
  let note: string | undefined;
  if ('id' in tag) {
    id = String(tag.id);
  } else {
    reads.push(`GET /api/tags?query=${encodeURIComponent(tag.name)}  (skipped when the id is cached)`);
    const found = tagIds.get(tag.name);
    if (found === null && type === 'remove_tag') {
      return { reads, writes: [], note: `no tag is named ${JSON.stringify(tag.name)}: nothing to remove` };
    }
    id = found === undefined || found === null ? `<id of ${JSON.stringify(tag.name)}>` : String(found);
    if (found === null) note = `no tag is named ${JSON.stringify(tag.name)} yet: it is created first`;
  }
  reads.push(`GET /api/contacts/${contact}`);
  if (type === 'remove_tag') return { reads, writes: [`DELETE /api/contacts/${contact}/tags/${id}  (only if the contact has the tag)`] };
  const writes = [`POST /api/contacts/${contact}/tags {"tagId":${id}}  (unless the contact has the tag)`];
  if (note) writes.unshift(`POST /api/tags {"name":${JSON.stringify((tag as { name: string }).name)}}`);
  return { reads, writes, ...(note ? { note } : {}) };
}

function eventPricePlan(data: EventData): number | undefined {
  const plan = data.pricePlan as { id?: unknown } | null | undefined;
  return typeof plan?.id === 'number' ? plan.id : undefined;
}
