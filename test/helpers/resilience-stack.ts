import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { createSimulator, type SeedData, type Simulator, type SimulatorOptions } from '../../src/sim/index.js';
import { closeEventQueue, createEventQueue, type EventQueue } from '../../src/queue/event-queue.js';
import { parseSentinelAddress } from '../../src/config/redis-fields.js';
import { createWorkerRedis, type RedisTarget } from '../../src/stores/redis-connections.js';
import { deletePrefix, testRedisUrl, uniquePrefix } from './redis.js';
import { startReceiverChild, startWorkerChild, type ReceiverChild, type ServiceChild } from './resilience-children.js';
import { contactCreatedDelivery, type Delivery } from './resilience-load.js';
import { startHttpProxy, type HttpProxy, type ProxyDecide } from './resilience-proxy.js';
import { RESILIENCE_SECRETS } from './secrets.js';

/** Every new contact gets tag 11: one read and one write per event. */
export const TAG_EVERY_NEW_CONTACT = `
rules:
  - name: tag-new-contacts
    on: CONTACT_CREATED
    do:
      - add_tag: { id: 11 }
`;

export const FIRST_CONTACT = 100_001;

export interface SimRequest {
  method: string;
  path: string;
  status: number;
  at: string;
}

export interface StackOptions {
  /** Contacts seeded in the simulator, ids FIRST_CONTACT onwards. */
  contacts: number;
  /** Default TAG_EVERY_NEW_CONTACT. */
  rules?: string;
  sim?: Partial<SimulatorOptions>;
  /** Puts a proxy between the worker and the simulator, deciding the fate of each answer. */
  apiProxy?: ProxyDecide;
  /** Default the suite's test Redis. */
  redisUrl?: string;
  /** Redis Sentinel instead (REDIS_SENTINELS, REDIS_SENTINEL_NAME), for the services and the test's own connection. */
  sentinel?: { sentinels: string; name: string; password?: string; sentinelPassword?: string };
  /** A Redis Cluster instead (REDIS_CLUSTER_NODES: `host:port,…`), for the services and the test's own connection. */
  cluster?: { nodes: string };
  /** Environment of both services, over the defaults. */
  env?: Record<string, string>;
}

export interface Stack {
  /** The environment of the services (for CLI commands on the same queue). */
  env: Record<string, string>;
  sim: Simulator;
  /** The simulator itself (control endpoints). */
  simUrl: string;
  apiProxy: HttpProxy | undefined;
  queue: EventQueue;
  /** The services' key prefix: QUEUE_PREFIX, in braces on a cluster. */
  keyPrefix: string;
  receivers: ReceiverChild[];
  workers: ServiceChild[];
  startReceiver(): Promise<ReceiverChild>;
  startWorker(): Promise<ServiceChild>;
  delivery(contactId: number): Delivery;
  /** Message ids every worker started so far logged as handled. */
  handled(): Set<string>;
  /** When each message was first logged as handled, epoch ms. */
  handledAt(): Map<string, number>;
  waitHandled(messageIds: Iterable<string>, timeoutMs: number): Promise<void>;
  requests(): Promise<SimRequest[]>;
  /** Successful `POST /api/contacts/:id/tags`, per contact id. */
  tagWrites(): Promise<Map<number, number>>;
  close(): Promise<void>;
}

export function seededContacts(count: number): NonNullable<SeedData['contacts']> {
  return Array.from({ length: count }, (_, i) => ({ id: FIRST_CONTACT + i, email: `contact${FIRST_CONTACT + i}@example.com` }));
}

/**
 * The whole service as operators run it: the simulator as Systeme.io (in this process), Redis,
 * and `serve` and `work` as child processes of the built CLI, on a queue prefix of its own.
 */
export async function startStack(options: StackOptions): Promise<Stack> {
  const sim = createSimulator({
    apiKey: RESILIENCE_SECRETS.apiKey,
    seed: { tags: [{ id: 11, name: 'Customers' }], contacts: seededContacts(options.contacts) },
    ...options.sim,
  });
  const simUrl = await sim.listen(0, '127.0.0.1');
  const apiProxy = options.apiProxy ? await startHttpProxy(simUrl, options.apiProxy) : undefined;
  const dir = mkdtempSync(join(tmpdir(), 'systeme-hooks-resilience-'));
  const rulesFile = join(dir, 'rules.yaml');
  writeFileSync(rulesFile, options.rules ?? TAG_EVERY_NEW_CONTACT);
  const prefix = uniquePrefix('resilience');
  const redisUrl = options.redisUrl ?? testRedisUrl();
  const sentinel = options.sentinel;
  const cluster = options.cluster;
  const redisTarget: RedisTarget = cluster
    ? { kind: 'cluster', nodes: cluster.nodes.split(',').map((part) => parseSentinelAddress(part)!) }
    : sentinel
    ? {
        kind: 'sentinel',
        name: sentinel.name,
        sentinels: sentinel.sentinels.split(',').map((part) => parseSentinelAddress(part)!),
        password: sentinel.password,
        sentinelPassword: sentinel.sentinelPassword,
      }
    : redisUrl;
  const env: Record<string, string> = {
    ...(cluster
      ? { REDIS_CLUSTER_NODES: cluster.nodes }
      : sentinel
        ? { REDIS_SENTINELS: sentinel.sentinels, REDIS_SENTINEL_NAME: sentinel.name }
        : { REDIS_URL: redisUrl }),
    QUEUE_PREFIX: prefix,
    SYSTEME_WEBHOOK_SECRET: RESILIENCE_SECRETS.webhook,
    // The load helpers post to the single-secret route.
    ALLOW_SINGLE_SECRET_ROUTE: 'true',
    SYSTEME_API_KEY: RESILIENCE_SECRETS.apiKey,
    SYSTEME_API_URL: apiProxy?.url ?? simUrl,
    RULES_FILE: rulesFile,
    SYSTEME_RATE_LIMIT: '100000/1s',
    JOB_BACKOFF: '200ms',
    ...options.env,
  };
  const queueRedis = createWorkerRedis(redisTarget);
  queueRedis.on('error', () => undefined);
  const keyPrefix = cluster ? `{${prefix}}` : prefix;
  const queue = createEventQueue({ connection: queueRedis, prefix: keyPrefix });
  queue.on('error', () => undefined);
  const receivers: ReceiverChild[] = [];
  const workers: ServiceChild[] = [];
  const requests = async () => (await (await fetch(`${simUrl}/__sim/requests`)).json()) as SimRequest[];

  const stack: Stack = {
    env,
    sim,
    simUrl,
    apiProxy,
    queue,
    keyPrefix,
    receivers,
    workers,
    async startReceiver() {
      const receiver = await startReceiverChild(env, `serve${receivers.length + 1}`);
      receivers.push(receiver);
      return receiver;
    },
    async startWorker() {
      const worker = await startWorkerChild(env, `work${workers.length + 1}`);
      workers.push(worker);
      return worker;
    },
    delivery: (contactId) => contactCreatedDelivery(contactId, RESILIENCE_SECRETS.webhook),
    handled() {
      return new Set(stack.handledAt().keys());
    },
    handledAt() {
      const times = new Map<string, number>();
      for (const worker of workers) {
        for (const line of worker.lines()) {
          const id = String(line.messageId);
          if (line.msg === 'event handled' && !(times.get(id)! <= line.time)) times.set(id, line.time);
        }
      }
      return times;
    },
    async waitHandled(messageIds, timeoutMs) {
      const wanted = [...messageIds];
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const handled = stack.handled();
        const missing = wanted.filter((id) => !handled.has(id));
        if (missing.length === 0) return;
        if (Date.now() > deadline) throw new Error(`${missing.length} of ${wanted.length} events not handled within ${timeoutMs} ms`);
        await sleep(200);
      }
    },
    requests,
    async tagWrites() {
      const writes = new Map<number, number>();
      for (const request of await requests()) {
        const match = /^\/api\/contacts\/(\d+)\/tags$/.exec(request.path);
        if (request.method === 'POST' && match && request.status >= 200 && request.status < 300) {
          const id = Number(match[1]);
          writes.set(id, (writes.get(id) ?? 0) + 1);
        }
      }
      return writes;
    },
    async close() {
      await Promise.all([...receivers, ...workers].map((child) => child.stop('SIGTERM')));
      await closeEventQueue(queue).catch(() => undefined);
      await deletePrefix(queueRedis, keyPrefix).catch(() => undefined);
      queueRedis.disconnect();
      await apiProxy?.close();
      await sim.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return stack;
}
