import type { Command } from 'commander';
import { CliError, type CommandIo } from '../command-context.js';

// Imported on use, like the other Redis commands.
const run = () => import('../reconcile/run-reconcile.js');

export function registerReconcile(program: Command, io: CommandIo): void {
  program
    .command('reconcile')
    .description("Find contacts whose access does not match their payment (the rules file's entitlements) and fix them with --apply")
    .option('--file <path>', 'rules file (default: RULES_FILE, ./rules.yaml)')
    .option('--apply', 'make the calls (default: a dry run that only prints them)')
    .option('--json', 'print the report as JSON')
    .addHelpText(
      'after',
      `
For each entitlement, reads who holds its tags, courses and communities and
who the service has seen buy it, then each of those contacts' subscriptions.
Reports two lists: access without a paid subscription, and a paid
subscription without the full access. Access whose payment cannot be proven
either way (no subscription on the plan: a one-off sale) is listed and never
revoked. --apply fixes the drift through the same reactions, rate limit
(SYSTEME_RATE_LIMIT, shared with the workers), contact lock and ledger as the
workers: a run that was killed is finished by the next, with no write made
twice. Exit code 1 while drift remains. See docs/reconcile.md.

Examples:
  systeme-hooks reconcile
  systeme-hooks reconcile --apply
  systeme-hooks reconcile --json > drift.json`,
    )
    .action(async (options: { file?: string; apply?: boolean; json?: boolean }) => {
      const code = await (await run()).runReconcile(io, {
        ...options,
        ...(process.stderr.isTTY && !options.json ? { progress: process.stderr } : {}),
      });
      if (code !== 0) throw new CliError('', code);
    });
}
