/**
 * What reactions need from shared storage, as plain interfaces; src/stores implements them
 * on Redis, tests may use the same implementations on a test Redis.
 */

/** Which actions of one message are done, so a retried job does not redo them. */
export interface ActionLedger {
  done(messageId: string): Promise<Set<string>>;
  mark(messageId: string, key: string): Promise<void>;
  /**
   * Every action of the message ran: its ledger is kept only as long as a re-run of the same job
   * could still come (a worker that died before BullMQ recorded the completion), not for the
   * weeks a failed job's is kept.
   */
  complete(messageId: string): Promise<void>;
}

/** Tag name → id, shared by every worker, and a lock so a missing tag is created once. */
export interface TagCache {
  get(name: string): Promise<number | undefined>;
  set(name: string, id: number): Promise<void>;
  forget(name: string): Promise<void>;
  /** Resolves to a release function when this caller may create the tag, undefined when another is. */
  lockCreation(name: string): Promise<(() => Promise<void>) | undefined>;
}

/** Remembers, across processes, a write that the API answers asynchronously (community memberships). */
export interface IntentLog {
  /** Records the intent; returns true when the same intent was already recorded. */
  record(key: string, ttlMs: number): Promise<boolean>;
}

/** Sales whose order item was cancelled: a later SALE_NEW for it is not acted on again. */
export interface SaleHistory {
  isCancelled(businessKey: string): Promise<boolean>;
}
