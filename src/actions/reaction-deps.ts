import type { Logger } from 'pino';
import type { Gateway } from '../gateway/gateway.js';
import type { ActionLedger, IntentLog, TagCache } from '../handlers/ports.js';

/** What every reaction receives besides the event. */
export interface ReactionDeps {
  gateway: Gateway;
  tagCache: TagCache;
  intents: IntentLog;
  ledger: ActionLedger;
  /** Log the writes that would be made, make none. */
  dryRun: boolean;
  log: Logger;
  signal: AbortSignal;
  /** How long a queued community membership may take to appear, ms. Default 60 s. */
  membershipSettleMs?: number;
}

/** `done`: a write was made; `already`: the state was already as wanted; `dry_run`: a write was only logged; `skipped`: nothing applies. */
export type ActionOutcome = 'done' | 'already' | 'dry_run' | 'skipped';

/** Makes a write, or in dry-run mode logs it and makes none. */
export async function write(deps: ReactionDeps, call: string, run: () => Promise<unknown>): Promise<ActionOutcome> {
  if (deps.dryRun) {
    deps.log.info({ call }, 'dry run: would call the API');
    return 'dry_run';
  }
  await run();
  return 'done';
}
