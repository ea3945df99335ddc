/**
 * The contacts the service has seen given an entitlement (a `grant:` ran for them): reconcile
 * reads their subscriptions even when they hold none of its grants any more.
 */
export interface EntitlementBuyers {
  add(entitlement: string, contactId: number): Promise<void>;
  list(entitlement: string): Promise<number[]>;
}
