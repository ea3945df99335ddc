import type { EventType } from './event-types.js';

function idOf(value: unknown): string | undefined {
  if (value === null || typeof value !== 'object') return undefined;
  const id = (value as { id?: unknown }).id;
  return (typeof id === 'number' && Number.isSafeInteger(id) && id > 0) || (typeof id === 'string' && /^[1-9]\d{0,15}$/.test(id))
    ? String(id)
    : undefined;
}

/**
 * When a sale's order item (else its order) was created, from the signed body, epoch ms;
 * undefined when the payload names no readable date.
 */
export function saleCreatedAt(payload: unknown): number | undefined {
  if (payload === null || typeof payload !== 'object') return undefined;
  const { orderItem, order } = payload as { orderItem?: unknown; order?: unknown };
  for (const part of [orderItem, order]) {
    const text = part !== null && typeof part === 'object' ? (part as { createdAt?: unknown }).createdAt : undefined;
    const at = typeof text === 'string' ? Date.parse(text) : NaN;
    if (Number.isFinite(at)) return at;
  }
  return undefined;
}

/**
 * The business identity of a sale event: its order item (else its order). Message ids are
 * unsigned and chosen by the sender, so a replayed body gets a fresh one; the order item does not
 * change. Undefined for contact events and for sales that name neither.
 */
export function saleBusinessKey(event: EventType, payload: unknown): string | undefined {
  if (event !== 'SALE_NEW' && event !== 'SALE_CANCELED') return undefined;
  if (payload === null || typeof payload !== 'object') return undefined;
  const { orderItem, order } = payload as { orderItem?: unknown; order?: unknown };
  const item = idOf(orderItem);
  if (item) return `order-item:${item}`;
  const whole = idOf(order);
  return whole ? `order:${whole}` : undefined;
}
