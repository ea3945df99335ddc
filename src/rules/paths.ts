import { EVENT_TYPES, type EventType } from '../events/event-types.js';

/** Segments that would reach JavaScript object internals: refused in every path. */
export const FORBIDDEN_SEGMENTS: ReadonlySet<string> = new Set(['__proto__', 'prototype', 'constructor']);

const SEGMENT = /^[A-Za-z0-9_-]+$/;
const MAX_SEGMENTS = 16;

const SALE_ROOTS = ['customer', 'order', 'orderItem', 'pricePlan', 'funnelStep', 'coupon', 'checkoutPage'];

/**
 * The top-level keys of the normalised event data (src/events/normalise.ts) per event type:
 * `contact` everywhere, `tag` on tag events, the sale blocks on sale events (docs/systeme-io.md#sale-payloads).
 */
export const EVENT_ROOTS: Readonly<Record<EventType, readonly string[]>> = {
  CONTACT_CREATED: ['contact'],
  CONTACT_OPT_IN: ['contact'],
  CONTACT_TAG_ADDED: ['contact', 'tag'],
  CONTACT_TAG_REMOVED: ['contact', 'tag'],
  SALE_NEW: ['contact', ...SALE_ROOTS],
  SALE_CANCELED: ['contact', ...SALE_ROOTS],
};

export const ALL_ROOTS: readonly string[] = [...new Set(Object.values(EVENT_ROOTS).flat())];

export type PathResult = { ok: true; segments: string[] } | { ok: false; error: string };

/** Splits a dotted path such as `orderItem.resources.course.id`, refusing anything unsafe or unknown. */
export function parsePath(path: string): PathResult {
  const segments = path.split('.');
  if (path === '' || segments.some((segment) => segment === '')) {
    return { ok: false, error: `"${path}" is not a dotted path; write paths such as contact.email or pricePlan.id` };
  }
  if (segments.length > MAX_SEGMENTS) return { ok: false, error: `"${path}" is deeper than ${MAX_SEGMENTS} segments` };
  for (const segment of segments) {
    if (FORBIDDEN_SEGMENTS.has(segment)) {
      return { ok: false, error: `"${segment}" is not allowed in a path (it names JavaScript object internals)` };
    }
    if (!SEGMENT.test(segment)) {
      return { ok: false, error: `"${segment}" is not a valid path segment; use letters, digits, _ and -` };
    }
  }
  const root = segments[0] as string;
  if (!ALL_ROOTS.includes(root)) {
    return { ok: false, error: `unknown root "${root}"; paths start with ${ALL_ROOTS.join(' | ')}` };
  }
  return { ok: true, segments };
}

/** Why a path cannot exist for some of `events` (its root is missing from them), or undefined when it can. */
export function rootProblem(segments: readonly string[], events: readonly EventType[]): string | undefined {
  const root = segments[0] ?? '';
  const missing = events.filter((event) => !EVENT_ROOTS[event].includes(root));
  if (missing.length === 0) return undefined;
  const carriers = EVENT_TYPES.filter((event) => EVENT_ROOTS[event].includes(root));
  return `"${root}" exists only in ${carriers.join(' and ')} events, and this rule listens to ${missing.join(', ')}`;
}
