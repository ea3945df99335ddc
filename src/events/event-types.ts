/** The six event types Systeme.io delivers to webhooks (docs/systeme-io.md#event-types). */
export const EVENT_TYPES = [
  'CONTACT_CREATED',
  'CONTACT_TAG_ADDED',
  'CONTACT_TAG_REMOVED',
  'CONTACT_OPT_IN',
  'SALE_NEW',
  'SALE_CANCELED',
] as const;

export type EventType = (typeof EVENT_TYPES)[number];

export function isEventType(value: unknown): value is EventType {
  return typeof value === 'string' && (EVENT_TYPES as readonly string[]).includes(value);
}

/** `SALE_CANCELED` → `sale-canceled`, the form used in per-event URLs. */
export function eventToKebab(type: EventType): string {
  return type.toLowerCase().replaceAll('_', '-');
}

/** `sale-canceled` → `SALE_CANCELED`, or undefined for anything that is not an event type. */
export function eventFromKebab(text: string): EventType | undefined {
  const upper = text.toUpperCase().replaceAll('-', '_');
  return isEventType(upper) ? upper : undefined;
}
