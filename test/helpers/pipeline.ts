import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Job } from 'bullmq';
import type { ActionRegistry } from '../../src/actions/registry.js';
import { loadConfig, type Config } from '../../src/config/load-config.js';
import type { EventType } from '../../src/events/event-types.js';
import { createGateway, type Gateway } from '../../src/gateway/index.js';
import { startWorkerProcess, type WorkerProcess } from '../../src/cli/worker-process.js';
import { createSimulator, type SeedData, type Simulator, type SimulatorOptions } from '../../src/sim/index.js';
import { closeQueueAndConnection, createEventQueue, type EventQueue } from '../../src/queue/event-queue.js';
import { createIntake, type Intake } from '../../src/queue/intake.js';
import { createProducerRedis, createWorkerRedis } from '../../src/stores/redis-connections.js';
import { captureLogger, type CapturedLogs } from './log-capture.js';
import { deletePrefix, testRedisUrl, uniquePrefix } from './redis.js';

export const API_KEY = 'sim-api-key-0123456789';

export interface SimRequest {
  method: string;
  path: string;
  status: number;
  at: string;
}

export interface Pipeline {
  sim: Simulator;
  config: Config;
  worker: WorkerProcess;
  queue: EventQueue;
  intake: Intake;
  /** A gateway for checking state, outside the worker's rate limiter. */
  api: Gateway;
  logs: CapturedLogs;
  rulesFile: string;
  /** Enqueues a delivery the way the receiver does; resolves to the job id. */
  deliver(event: EventType, payload: unknown, messageId?: string): Promise<string>;
  /** Waits until the job is completed or failed. */
  settle(jobId: string, timeoutMs?: number): Promise<Job>;
  requests(): Promise<SimRequest[]>;
  /** Successful writes (POST/PUT/PATCH/DELETE answered 2xx) on the API. */
  writes(): Promise<SimRequest[]>;
  close(): Promise<void>;
}

export interface PipelineOptions {
  rules: string;
  seed?: SeedData;
  sim?: Partial<SimulatorOptions>;
  env?: Record<string, string>;
  membershipSettleMs?: number;
  /** The action types the worker's rules may use. Default: the built-in ones. */
  actions?: ActionRegistry;
}

let sequence = 0;

/** Simulator + worker process (as `work` composes it) + a producer, on a test's own Redis prefix. */
export async function startPipeline(options: PipelineOptions): Promise<Pipeline> {
  const sim = createSimulator({ apiKey: API_KEY, membershipDelayMs: 50, ...(options.seed ? { seed: options.seed } : {}), ...options.sim });
  const url = await sim.listen(0, '127.0.0.1');
  const dir = mkdtempSync(join(tmpdir(), 'systeme-hooks-rules-'));
  const rulesFile = join(dir, 'rules.yaml');
  writeFileSync(rulesFile, options.rules);
  const prefix = uniquePrefix('pipe');
  const config = loadConfig(
    {
      REDIS_URL: testRedisUrl(),
      QUEUE_PREFIX: prefix,
      SYSTEME_API_KEY: API_KEY,
      SYSTEME_API_URL: url,
      RULES_FILE: rulesFile,
      SYSTEME_RATE_LIMIT: '1000/1s',
      METRICS_PORT: '0',
      HOST: '127.0.0.1',
      JOB_BACKOFF: '100ms',
      LOG_LEVEL: 'debug',
      ...options.env,
    },
    ['api'],
  );
  const { logger, logs } = captureLogger('debug');
  const worker = await startWorkerProcess({
    config,
    logger,
    membershipSettleMs: options.membershipSettleMs ?? 2000,
    ...(options.actions ? { actions: options.actions } : {}),
  });
  const producer = createProducerRedis(config.redis.url);
  const queue = createEventQueue({ connection: producer, prefix, attempts: config.worker.attempts });
  const intake = createIntake({ queue, redis: producer, dedupeTtlMs: 60_000 });
  const api = createGateway({ baseUrl: url, auth: { mode: 'direct', apiKey: API_KEY }, retries: 0 });
  const requests = async () => (await (await fetch(`${url}/__sim/requests`)).json()) as SimRequest[];

  return {
    sim,
    config,
    worker,
    queue,
    intake,
    api,
    logs,
    rulesFile,
    async deliver(event, payload, messageId) {
      sequence += 1;
      const id = messageId ?? `msg-${Date.now()}-${sequence}`;
      const result = await intake.enqueue(
        { event, messageId: id, eventTimestamp: new Date().toISOString(), receivedAt: new Date().toISOString(), schemaVersion: null, route: 'single', payload },
        id,
      );
      if (!result.jobId) throw new Error(`delivery not stored: ${JSON.stringify(result)}`);
      return result.jobId;
    },
    async settle(jobId, timeoutMs = 60_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const state = await queue.getJobState(jobId);
        // Read the job after its state: its return value and failure are stored by then.
        const job = state === 'completed' || state === 'failed' ? await queue.getJob(jobId) : undefined;
        if (job) return job;
        if (Date.now() > deadline) throw new Error(`job ${jobId} still ${state} after ${timeoutMs} ms`);
        await sleep(25);
      }
    },
    requests,
    async writes() {
      return (await requests()).filter((r) => r.method !== 'GET' && r.status >= 200 && r.status < 300);
    },
    async close() {
      await worker.close();
      await closeQueueAndConnection(queue, producer);
      await sim.close();
      const cleaner = createWorkerRedis(config.redis.url);
      await deletePrefix(cleaner, prefix);
      cleaner.disconnect();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * A SALE_NEW payload in Systeme.io's shape for one contact and price plan. `createdAt` is the
 * order's date; a receiver refuses a SALE_NEW older than DEDUPE_TTL, so one sent through a
 * receiver needs a recent one.
 */
export function salePayload(contactId: number, email: string, pricePlanId = 3456, orderItemId = 777, createdAt = '2026-09-27T20:16:26+00:00') {
  return {
    customer: { id: 900, contactId, email, fields: { first_name: 'Ann' } },
    order: { id: 555, createdAt, totalPrice: 4900 },
    orderItem: { id: orderItemId, resources: [{ course: { id: 680647, name: 'Course' } }] },
    pricePlan: { id: pricePlanId, name: 'Monthly', type: 'subscription', amount: 4900, currency: 'eur' },
  };
}

/** The simulator's example seed plus a custom field used by set_field. */
export const SEED: SeedData = {
  tags: [{ id: 10, name: 'Lead' }, { id: 11, name: 'Customers' }],
  contactFields: [{ fieldName: 'Customer since', slug: 'customer_since' }],
  contacts: [{ id: 501, email: 'ann@example.com', fields: [], tags: [{ id: 10, name: 'Lead' }] }],
  courses: [{ id: 680647, name: 'Course', modules: [{ id: 1, name: 'Intro' }] }],
  communities: [{ id: 77, name: 'Members' }],
  subscriptions: [{ id: 9001, contactId: 501, status: 'active', pricePlan: { id: 3456, name: 'Monthly', amount: 4900, currency: 'eur' } }],
} as SeedData;
