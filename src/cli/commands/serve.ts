import type { Command } from 'commander';
import { configFor, loggerFor, type CommandIo } from '../command-context.js';
import { keepHeapNearLive } from '../heap-policy.js';
import { runUntilSignal } from '../shutdown.js';

export function registerServe(program: Command, io: CommandIo): void {
  program
    .command('serve')
    .description('Run the webhook receiver (POST /webhooks/systeme, /healthz, /readyz, /metrics)')
    .addHelpText('after', '\nExamples:\n  SYSTEME_WEBHOOK_SECRET=… systeme-hooks serve\n  PORT=8080 systeme-hooks serve')
    .action(async () => {
      keepHeapNearLive();
      const config = configFor(io, ['secret']);
      const logger = loggerFor(config, 'receiver');
      await runUntilSignal(logger, async () => {
        // Loaded here so that quick commands do not pay for Fastify and BullMQ.
        const { startReceiverProcess } = await import('../receiver-process.js');
        const receiver = await startReceiverProcess({ config, logger });
        return () => receiver.close();
      });
    });
}
