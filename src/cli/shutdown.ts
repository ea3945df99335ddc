import type { Logger } from 'pino';

/** How long a worker may take to stop after SIGTERM before it exits 1 (compose's stop_grace_period is longer). */
export const WORKER_GRACE_MS = 60_000;
/** Past this, a stopping worker aborts requests still in flight and puts their jobs back, so it exits 0 in time. */
export const WORKER_CANCEL_AFTER_MS = 45_000;

/**
 * Runs `close` once on SIGTERM or SIGINT, then exits. A second signal exits at once.
 * `graceMs` bounds the wait (compose's stop_grace_period should be longer).
 */
export function onShutdown(logger: Logger, close: () => Promise<void>, graceMs = 30_000): void {
  let closing = false;
  const handler = (signal: NodeJS.Signals) => {
    if (closing) {
      logger.warn({ signal }, 'second signal: exiting now');
      process.exit(1);
    }
    closing = true;
    logger.info({ signal }, 'shutting down');
    const timer = setTimeout(() => {
      logger.error({ graceMs }, 'shutdown took too long: exiting');
      process.exit(1);
    }, graceMs);
    timer.unref();
    close().then(
      () => {
        logger.info('stopped');
        process.exit(0);
      },
      (err: unknown) => {
        logger.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', handler);
  process.once('SIGINT', handler);
}

/**
 * Starts a long-running process with its stop wired first: a signal that arrives while it is still
 * starting (loading its modules, connecting, listening) stops it as soon as the start has ended,
 * and it exits 0 as after any clean stop. `start` returns the process's close.
 */
export async function runUntilSignal(logger: Logger, start: () => Promise<() => Promise<void>>, graceMs?: number): Promise<void> {
  const started = start();
  onShutdown(logger, async () => (await started)(), graceMs);
  // pino's base bindings already carry the pid.
  logger.info('starting');
  await started;
}
