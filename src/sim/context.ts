import type { EventType } from '../events/event-types.js';
import type { Store } from './store.js';
import type { Clock } from './time.js';
import type { Timers } from './timers.js';
import type { UuidGenerator } from './uuid-v7.js';

/** What route handlers share: the account state and the means to make things happen later. */
export interface SimContext {
  store: Store;
  uuid: UuidGenerator;
  timers: Timers;
  now: Clock;
  /** Queues deliveries of one event to every subscribed webhook; returns the event's message id. */
  emit(event: EventType, payload: Record<string, unknown>): string;
  membershipDelayMs: number;
}
