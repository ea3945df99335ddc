import type { Command } from 'commander';
import { configFor, loggerFor, type CommandIo } from '../command-context.js';
import { keepHeapNearLive } from '../heap-policy.js';
import { runUntilSignal, WORKER_CANCEL_AFTER_MS, WORKER_GRACE_MS } from '../shutdown.js';

export function registerStart(program: Command, io: CommandIo): void {
  program
    .command('start')
    .description('Run the receiver and a worker in one process (small installs); one /metrics for both')
    .addHelpText('after', '\nExample:\n  SYSTEME_WEBHOOK_SECRET=… SYSTEME_API_KEY=… systeme-hooks start')
    .action(async () => {
      keepHeapNearLive();
      const config = configFor(io, ['secret', 'api']);
      const logger = loggerFor(config, 'systeme-hooks');
      await runUntilSignal(
        logger,
        async () => {
          // Loaded here so that quick commands do not pay for Fastify and BullMQ.
          const { startReceiverProcess } = await import('../receiver-process.js');
          const { startWorkerProcess } = await import('../worker-process.js');
          const { Registry } = await import('prom-client');
          const registry = new Registry();
          const worker = await startWorkerProcess({ config, logger, registry });
          const receiver = await startReceiverProcess({ config, logger, registry }).catch(async (error: unknown) => {
            await worker.close({ cancelAfterMs: WORKER_CANCEL_AFTER_MS });
            throw error;
          });
          // Stop intake first, then drain the worker.
          return async () => {
            await receiver.close();
            await worker.close({ cancelAfterMs: WORKER_CANCEL_AFTER_MS });
          };
        },
        WORKER_GRACE_MS,
      );
    });
}
