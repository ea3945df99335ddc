import type { Command } from 'commander';
import type { CommandIo } from '../command-context.js';
import { parseDurationOption, parseEvent, parsePositiveInt } from '../support/option-parsers.js';
import { usageError } from '../support/usage-error.js';

// The work is imported on use: BullMQ is heavy, and every other command starts without it.
const run = () => import('../failed/run-failed.js');

export function registerFailed(program: Command, io: CommandIo): void {
  const failed = program
    .command('failed')
    .description('Inspect, retry and purge the jobs that failed for good (REDIS_URL, REDIS_SENTINELS or REDIS_CLUSTER_NODES; QUEUE_PREFIX)')
    .addHelpText('after', '\nExamples:\n  systeme-hooks failed list --since 2h\n  systeme-hooks failed retry --all --event SALE_NEW');

  failed
    .command('list')
    .description('List failed jobs, newest first')
    .option('--event <EVENT>', 'only this event type', parseEvent)
    .option('--since <duration>', 'only jobs that failed within this time, e.g. 2h or 7d', parseDurationOption)
    .option('--limit <n>', 'at most this many jobs', parsePositiveInt, 50)
    .option('--json', 'print the jobs as JSON')
    .addHelpText('after', '\nExamples:\n  systeme-hooks failed list\n  systeme-hooks failed list --event SALE_NEW --since 2h --json')
    .action(async (options) => (await run()).runFailedList(io, options));

  failed
    .command('show')
    .description('Show one job: payload, error, stack trace head, attempts and the actions it already completed')
    .argument('<id>', 'job id (see failed list)')
    .option('--json', 'print the job as JSON')
    .addHelpText('after', '\nExample:\n  systeme-hooks failed show 3f0c…')
    .action(async (id: string, options) => (await run()).runFailedShow(io, id, options));

  failed
    .command('retry')
    .description('Put failed jobs back in the queue; actions a job already completed are not repeated')
    .argument('[id]', 'job id (see failed list)')
    .option('--all', 'every failed job (with --event: of that event type)')
    .option('--event <EVENT>', 'with --all: only this event type', parseEvent)
    .addHelpText(
      'after',
      `
A retried job starts over with a full set of attempts. The worker skips the
actions it already completed for that message (recorded per message id), so
nothing is done twice.

Examples:
  systeme-hooks failed retry 3f0c…
  systeme-hooks failed retry --all --event SALE_CANCELED`,
    )
    .action(async (id: string | undefined, options: { all?: boolean; event?: string }) => {
      if ((id === undefined) === !options.all) throw usageError('give either a job id or --all');
      if (id !== undefined && options.event) throw usageError('--event only goes with --all');
      return (await run()).runFailedRetry(io, id, options);
    });

  failed
    .command('purge')
    .description('Remove failed jobs that failed longer ago than --older-than')
    .requiredOption('--older-than <duration>', 'e.g. 30d or 12h', parseDurationOption)
    .addHelpText('after', '\nFAILED_RETENTION (default 30d) removes them on its own; this does it now.\n\nExample:\n  systeme-hooks failed purge --older-than 30d')
    .action(async (options: { olderThan: number }) => (await run()).runFailedPurge(io, options.olderThan));
}
