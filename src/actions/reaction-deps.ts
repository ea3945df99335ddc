import type { Logger } from 'pino';
import type { Gateway } from '../gateway/gateway.js';
import type { ActionLedger, IntentLog, TagCache } from '../handlers/ports.js';
import type { EntitlementBuyers } from './entitlement-buyers.js';
import type { EventView } from './event-view.js';

/** What every reaction receives besides the event. */
export interface ReactionDeps {
  gateway: Gateway;
  tagCache: TagCache;
  intents: IntentLog;
  ledger: ActionLedger;
  /** What this attempt at the event has read, shared by its reactions (one per event attempt). */
  view: EventView;
  /**
   * The gateway records writes instead of sending them (DRY_RUN, `rules explain`): reactions
   * then keep nothing they learn from a write (a created tag's id) and record no intent.
   */
  dryRun: boolean;
  log: Logger;
  signal: AbortSignal;
  /**
   * Aborted when the worker shuts down: every wait inside a reaction (settle loops, sleeps) ends
   * then, while requests in flight are left to finish. See `waitSignal`.
   */
  stopping?: AbortSignal;
  /** How long a queued community membership may take to appear, ms. Default 60 s. */
  membershipSettleMs?: number;
  /** Where `grant:` remembers the contacts it gave an entitlement to (for reconcile). Default: nowhere. */
  buyers?: EntitlementBuyers;
}

/**
 * `done`: a write was made; `already`: the state was already as wanted; `dry_run`: a write was
 * only recorded (dry run); `skipped`: nothing applies.
 */
export type ActionOutcome = 'done' | 'already' | 'dry_run' | 'skipped';

/** The signal a wait inside a reaction obeys: the job's own, and the worker's shutdown. */
export function waitSignal(deps: Pick<ReactionDeps, 'signal' | 'stopping'>): AbortSignal {
  return deps.stopping ? AbortSignal.any([deps.signal, deps.stopping]) : deps.signal;
}
