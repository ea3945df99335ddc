import type { Command } from 'commander';
import { configFor, loggerFor, type CommandIo } from '../command-context.js';
import { keepHeapNearLive } from '../heap-policy.js';
import { runUntilSignal, WORKER_CANCEL_AFTER_MS, WORKER_GRACE_MS } from '../shutdown.js';

export function registerWork(program: Command, io: CommandIo): void {
  program
    .command('work')
    .description('Run a worker: take events off the queue and carry out the rules (RULES_FILE) through the API')
    .addHelpText(
      'after',
      '\nExamples:\n  SYSTEME_API_KEY=… RULES_FILE=./rules.yaml systeme-hooks work\n  DRY_RUN=true systeme-hooks work     # log the API writes, make none\n\nThe rules file is reloaded when it changes and on SIGHUP.',
    )
    .action(async () => {
      keepHeapNearLive();
      const config = configFor(io, ['api']);
      const logger = loggerFor(config, 'worker');
      await runUntilSignal(
        logger,
        async () => {
          // Loaded here so that quick commands do not pay for Fastify and BullMQ.
          const { startWorkerProcess } = await import('../worker-process.js');
          const worker = await startWorkerProcess({ config, logger });
          return () => worker.close({ cancelAfterMs: WORKER_CANCEL_AFTER_MS });
        },
        WORKER_GRACE_MS,
      );
    });
}
