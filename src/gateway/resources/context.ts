import type { Paginator } from '../paginate.js';
import type { Transport } from '../transport.js';

/** What every resource group is built from. */
export interface ResourceContext {
  transport: Transport;
  paginator: Paginator;
}

/** Trailing argument of every operation. */
export interface CallOptions {
  /** Aborts the call at once (AbortedError); never retried. */
  signal?: AbortSignal | undefined;
}
