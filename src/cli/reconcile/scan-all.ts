import type { EntitlementBuyers } from '../../actions/entitlement-buyers.js';
import { collect } from '../../gateway/collect.js';
import type { Gateway } from '../../gateway/gateway.js';
import type { Entitlement } from '../../rules/entitlement-schema.js';
import type { EntitlementScan } from './drift.js';
import { scanEntitlement } from './scan-entitlement.js';

export interface ScanAllDeps {
  gateway: Gateway;
  buyers: EntitlementBuyers;
  signal?: AbortSignal;
  /** Progress: the contacts to look at for one entitlement, then one tick per contact read. */
  progress?: { total(entitlement: string, count: number): void; tick(): void };
}

/** Every entitlement's scan, in file order; a contact's subscriptions are read once per run. */
export async function scanAll(entitlements: readonly Entitlement[], deps: ScanAllDeps): Promise<EntitlementScan[]> {
  const subscriptions = new Map<number, Promise<{ id: number; status: string; plan: number }[]>>();
  const subscriptionsOf = (contactId: number) => {
    let found = subscriptions.get(contactId);
    if (!found) {
      found = collect(deps.gateway.subscriptions.list({ contact: contactId }, { signal: deps.signal })).then((all) =>
        all.map((s) => ({ id: s.id, status: s.status, plan: s.pricePlan?.id ?? 0 })),
      );
      subscriptions.set(contactId, found);
    }
    return found;
  };
  const scans: EntitlementScan[] = [];
  for (const entitlement of entitlements) {
    scans.push(
      await scanEntitlement(entitlement, {
        gateway: deps.gateway,
        ...(deps.signal ? { signal: deps.signal } : {}),
        buyers: (name) => deps.buyers.list(name),
        subscriptionsOf,
        onContacts: (count) => deps.progress?.total(entitlement.name, count),
        onContact: () => deps.progress?.tick(),
      }),
    );
  }
  return scans;
}
