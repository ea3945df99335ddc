import type { Command } from 'commander';
import type { CommandIo } from '../command-context.js';
import { parseDurationOption, parseEvent } from '../support/option-parsers.js';

// Imported on use, like the other Redis commands.
const run = () => import('../history/run-history.js');

export function registerHistory(program: Command, io: CommandIo): void {
  program
    .command('history')
    .description("One contact's timeline: deliveries, rules, actions, API calls and failures (REDIS_URL, REDIS_SENTINELS or REDIS_CLUSTER_NODES; QUEUE_PREFIX)")
    .argument('<email|contact-id>', 'the contact, by email (as in its last delivery) or Systeme.io contact id')
    .option('--since <duration>', 'only deliveries with a step within this time, e.g. 2h or 7d', parseDurationOption)
    .option('--event <EVENT>', 'only deliveries of this event type', parseEvent)
    .option('--json', 'print the timeline as JSON')
    .addHelpText(
      'after',
      `
Deliveries are listed newest first, each with one line per step, oldest
first: the receiver's answer, every rule listening to the event (matched, or
the condition that failed and the value seen), each action and its outcome,
the API calls made, and how the attempt ended. A failure for good shows the
command that retries it. Kept for HISTORY_RETENTION (default 90d), at most
HISTORY_MAX_PER_CONTACT steps per contact. Exits 1 when nothing is known
about the contact.

Examples:
  systeme-hooks history jane.doe@example.com
  systeme-hooks history 12345 --since 7d --event SALE_NEW --json`,
    )
    .action(async (contact: string, options: { since?: number; event?: string; json?: boolean }) =>
      (await run()).runHistory(io, contact, options),
    );
}
