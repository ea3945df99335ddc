import type { FixResult } from './apply-fix.js';
import type { EntitlementScan } from './drift.js';
import type { Fix } from './fixes.js';

/** One fix as reported: the drift, the calls it would make (dry run) or how it ended (--apply). */
export interface ReportedFix {
  entitlement: string;
  contactId: number;
  kind: 'unpaid' | 'missing';
  grants: string[];
  subscriptions: { id: number; status: string; plan: number }[];
  calls?: { reads: string[]; writes: string[] };
  outcome?: FixResult['outcome'];
  error?: string;
}

export interface ReconcileReport {
  mode: 'dry_run' | 'apply';
  entitlements: { name: string; plans: number[]; contacts: number; unpaid: number; missing: number; unproven: number }[];
  fixes: ReportedFix[];
  unproven: { entitlement: string; contactId: number; holds: string[]; reason: string }[];
  /** API calls made by the scan, and by the fixes (--apply). */
  apiCalls: { scan: number; apply: number };
  /** Drift found by the scan. */
  drift: number;
  /** Drift still there when the command ends: all of it in a dry run, the failed fixes with --apply. */
  remaining: number;
}

export function buildReport(
  mode: ReconcileReport['mode'],
  scans: readonly EntitlementScan[],
  fixes: readonly { fix: Fix; calls?: ReportedFix['calls']; result?: FixResult }[],
  apiCalls: ReconcileReport['apiCalls'],
): ReconcileReport {
  const reported = fixes.map(({ fix, calls, result }): ReportedFix => ({
    entitlement: fix.drift.entitlement,
    contactId: fix.drift.contactId,
    kind: fix.drift.kind,
    grants: fix.drift.grants,
    subscriptions: fix.drift.subscriptions,
    ...(calls ? { calls } : {}),
    ...(result ? { outcome: result.outcome } : {}),
    ...(result?.error ? { error: result.error } : {}),
  }));
  const drift = reported.length;
  const remaining = mode === 'dry_run' ? drift : reported.filter((fix) => fix.outcome === 'failed').length;
  return {
    mode,
    entitlements: scans.map((scan) => ({
      name: scan.entitlement.name,
      plans: scan.entitlement.plans,
      contacts: scan.contacts,
      unpaid: scan.drift.filter((d) => d.kind === 'unpaid').length,
      missing: scan.drift.filter((d) => d.kind === 'missing').length,
      unproven: scan.unproven.length,
    })),
    fixes: reported,
    unproven: scans.flatMap((scan) => scan.unproven),
    apiCalls,
    drift,
    remaining,
  };
}
