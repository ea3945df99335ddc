import type { EventType } from '../events/event-types.js';

/** Deliveries the simulator swallows on purpose: the next `count` events (of one type, or any). */
export interface DeliveryDrops {
  add(count: number, event?: EventType): void;
  /** True (and one fewer left) when this event is to be dropped. */
  take(event: EventType): boolean;
  /** Events dropped so far, and drops still armed. */
  counts(): { dropped: number; pending: number };
  clear(): void;
}

export function createDeliveryDrops(): DeliveryDrops {
  let armed: { event: EventType | undefined; left: number }[] = [];
  let dropped = 0;
  return {
    add(count, event) {
      armed.push({ event, left: count });
    },
    take(event) {
      const drop = armed.find((d) => d.left > 0 && (d.event === undefined || d.event === event));
      if (!drop) return false;
      drop.left -= 1;
      dropped += 1;
      armed = armed.filter((d) => d.left > 0);
      return true;
    },
    counts: () => ({ dropped, pending: armed.reduce((sum, d) => sum + d.left, 0) }),
    clear() {
      armed = [];
      dropped = 0;
    },
  };
}
