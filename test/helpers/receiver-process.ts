import type { FastifyInstance } from 'fastify';
import { startReceiverProcess } from '../../src/cli/receiver-process.js';
import { loadConfig } from '../../src/config/load-config.js';
import { captureLogger, type CapturedLogs } from './log-capture.js';
import { discardPrefix, testRedisUrl } from './redis.js';

export interface ServedTestReceiver {
  app: FastifyInstance;
  /** Where it listens, e.g. `http://127.0.0.1:41234`. */
  address: string;
  /** What it logged at info and above. */
  logs: CapturedLogs;
  close(): Promise<void>;
  /** Closes it and deletes every Redis key under its prefix (a test's clean-up). */
  discard(): Promise<void>;
}

export interface ServedTestReceiverOptions {
  prefix: string;
  /** SYSTEME_WEBHOOK_SECRET: the master secret the per-event secrets derive from. */
  secret: string;
  /** More settings, as `serve` reads them from its environment (e.g. DEDUPE_TTL). */
  env?: Record<string, string>;
}

/**
 * The receiver as `serve` starts it from its settings (its composition root, over HTTP on a free
 * loopback port), on a test's own queue prefix.
 */
export async function serveTestReceiver(options: ServedTestReceiverOptions): Promise<ServedTestReceiver> {
  const config = loadConfig(
    {
      REDIS_URL: testRedisUrl(),
      QUEUE_PREFIX: options.prefix,
      SYSTEME_WEBHOOK_SECRET: options.secret,
      HOST: '127.0.0.1',
      PORT: '0',
      ...options.env,
    },
    ['secret'],
  );
  const { logger, logs } = captureLogger('info');
  const running = await startReceiverProcess({ config, logger });
  return {
    app: running.app,
    address: running.address,
    logs,
    close: () => running.close(),
    async discard() {
      await running.close();
      await discardPrefix(options.prefix);
    },
  };
}
