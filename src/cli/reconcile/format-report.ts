import { oneLine } from '../support/terminal-text.js';
import type { ReconcileReport, ReportedFix } from './reconcile-report.js';

const OUTCOME: Record<NonNullable<ReportedFix['outcome']>, string> = {
  fixed: 'fixed',
  already: 'nothing to do (already as wanted)',
  done_before: 'done by an earlier run',
  failed: 'FAILED',
};

/** The report as text: per entitlement, the two drift lists with each fix's calls or outcome, then what was left alone. */
export function formatReport(report: ReconcileReport): string {
  const lines: string[] = [];
  for (const entitlement of report.entitlements) {
    lines.push(`${entitlement.name} (price plan ${entitlement.plans.join(', ')}): ${entitlement.contacts} contacts checked`);
    const fixes = report.fixes.filter((fix) => fix.entitlement === entitlement.name);
    section(lines, 'access without a paid subscription', fixes.filter((fix) => fix.kind === 'unpaid'));
    section(lines, 'a paid subscription without the full access', fixes.filter((fix) => fix.kind === 'missing'));
    const unproven = report.unproven.filter((item) => item.entitlement === entitlement.name);
    if (unproven.length > 0) {
      lines.push(`  left alone, payment not provable either way (${unproven.length}):`);
      for (const item of unproven) lines.push(`    contact ${item.contactId}: holds ${item.holds.map(grantText).join(', ')}; ${oneLine(item.reason)}`);
    }
  }
  lines.push('');
  const calls = `API calls: ${report.apiCalls.scan} for the scan${report.mode === 'apply' ? `, ${report.apiCalls.apply} for the fixes` : ''}`;
  if (report.drift === 0) lines.push(`No drift: access matches payment. ${calls}.`);
  else if (report.mode === 'dry_run') lines.push(`Drift: ${report.drift} (dry run: nothing was changed; run again with --apply to make these calls). ${calls}.`);
  else if (report.remaining === 0) lines.push(`Drift: ${report.drift}, all fixed. ${calls}.`);
  else lines.push(`Drift: ${report.drift}, ${report.remaining} not fixed (see FAILED above; run again with --apply once the cause is fixed). ${calls}.`);
  return lines.join('\n');
}

function section(lines: string[], title: string, fixes: readonly ReportedFix[]): void {
  lines.push(`  ${title} (${fixes.length})${fixes.length === 0 ? '' : ':'}`);
  for (const fix of fixes) {
    const verb = fix.kind === 'unpaid' ? 'holds' : 'lacks';
    const subscriptions = fix.subscriptions.map((s) => `subscription ${s.id} ${oneLine(s.status)}`).join(', ');
    const outcome = fix.outcome ? ` → ${OUTCOME[fix.outcome]}${fix.error ? `: ${oneLine(fix.error)}` : ''}` : '';
    lines.push(`    contact ${fix.contactId}: ${verb} ${fix.grants.map(grantText).join(', ')} (${subscriptions})${outcome}`);
    for (const call of fix.calls?.writes ?? []) lines.push(`      ${oneLine(call)}`);
  }
}

/** `tag:"Customers"` → `tag "Customers"`. */
function grantText(key: string): string {
  return key.replace(':', ' ');
}
