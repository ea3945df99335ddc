import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { loadConfig } from '../../config/load-config.js';
import { createGateway } from '../../gateway/index.js';
import { formatTimeline } from '../../history/format-timeline.js';
import { lookupHistory } from '../../history/lookup.js';
import { createSimulator, loadSeedFile } from '../../sim/index.js';
import { closeRedis } from '../../stores/close-redis.js';
import { deletePrefix } from '../../stores/delete-prefix.js';
import { createWorkerRedis } from '../../stores/redis-connections.js';
import { createRedisHistory } from '../../stores/redis-history.js';
import { startReceiverProcess } from '../receiver-process.js';
import { createCloseStack, type CloseStack } from '../support/close-stack.js';
import { freePort } from '../support/free-port.js';
import type { TextOutput } from '../support/terminal-text.js';
import { startWorkerProcess } from '../worker-process.js';
import { demoReport } from './demo-report.js';
import { contactState, runCli, until } from './demo-tools.js';
import { startRedisBinary, waitForRedis } from './local-redis.js';
import { memoryLogger } from './memory-logger.js';
import { packageRoot } from './package-root.js';

const ROOT = packageRoot();
const CLI = join(ROOT, 'dist/src/cli/main.js');
const API_KEY = 'demo-key';
const BUYER = 'jane.doe@example.com';

/**
 * The whole loop on one machine, no account needed: Redis (REDIS_URL, else a redis-server from
 * PATH), the simulator as Systeme.io, the receiver and a worker with rules.example.yaml, the
 * webhook registered through the CLI, then a sale and its cancellation. Resolves to the exit code.
 */
export async function runDemo(env: Record<string, string | undefined>, out: TextOutput): Promise<number> {
  const say = (text: string) => out.write(`${text}\n`);
  // Closed last-in first-out: receiver (intake), worker (drain), simulator, then the Redis it started.
  const closers = createCloseStack();
  let code: number;
  try {
    code = await showDemo(env, say, closers);
  } catch (error) {
    say(`\nDemo FAILED: ${error instanceof Error ? error.message : String(error)}`);
    code = 1;
  }
  const failures = await closers.closeAll();
  for (const failure of failures) {
    say(`Could not close the ${failure.label}: ${failure.error instanceof Error ? failure.error.message : String(failure.error)}`);
  }
  return failures.length > 0 ? 1 : code;
}

async function showDemo(env: Record<string, string | undefined>, say: (text: string) => void, closers: CloseStack): Promise<number> {
  let redisUrl = env.REDIS_URL;
  if (redisUrl) {
    await waitForRedis(redisUrl, 3000);
    say(`Redis: ${redisUrl}`);
  } else {
    const redis = await startRedisBinary();
    closers.defer('redis-server', () => redis.stop());
    redisUrl = redis.url;
    say(`Redis: started redis-server on ${redisUrl}`);
  }

  const seed = await loadSeedFile(join(ROOT, 'examples/sim-seed.json'));
  const sim = createSimulator({ apiKey: API_KEY, seed, membershipDelayMs: 200, webhookRetryDelayMs: 200 });
  const simUrl = await sim.listen(await freePort(), '127.0.0.1');
  closers.defer('simulator', () => sim.close());
  say(`Simulator (Systeme.io): ${simUrl}, seeded from examples/sim-seed.json`);

  const port = await freePort();
  const serviceEnv = {
    REDIS_URL: redisUrl,
    QUEUE_PREFIX: `demo-${randomBytes(4).toString('hex')}`,
    PORT: String(port),
    HOST: '127.0.0.1',
    SYSTEME_WEBHOOK_SECRET: randomBytes(24).toString('hex'),
    SYSTEME_API_KEY: API_KEY,
    SYSTEME_API_URL: simUrl,
    RULES_FILE: join(ROOT, 'rules.example.yaml'),
    METRICS_PORT: '0',
    LOG_LEVEL: 'info',
  };
  const config = loadConfig(serviceEnv, ['secret', 'api']);
  // In a Redis of the operator's, the demo's keys go once the receiver and the worker have stopped.
  if (env.REDIS_URL) {
    const cleaner = createWorkerRedis(redisUrl);
    closers.defer('demo keys', async () => {
      await deletePrefix(cleaner, serviceEnv.QUEUE_PREFIX);
      await closeRedis(cleaner);
    });
  }
  const { logger, lines } = memoryLogger();
  const worker = await startWorkerProcess({ config, logger, membershipSettleMs: 5_000 });
  closers.defer('worker', () => worker.close());
  const receiver = await startReceiverProcess({ config, logger });
  closers.defer('receiver', () => receiver.close());
  say(`Receiver: ${receiver.address}/webhooks/systeme; worker with rules.example.yaml`);

  const registered = await runCli(CLI, ['webhook', 'register', '--url', `${receiver.address}/webhooks/systeme`, '--allow-http'], { ...env, ...serviceEnv });
  say(`\n$ systeme-hooks webhook register --url ${receiver.address}/webhooks/systeme --allow-http\n${registered.output.trimEnd()}`);
  if (registered.code !== 0) return 1;

  const api = createGateway({ baseUrl: simUrl, auth: { mode: 'direct', apiKey: API_KEY } });
  const requestLog = async () => (await (await fetch(`${simUrl}/__sim/requests`)).json()) as Parameters<typeof demoReport>[0]['requests'];
  // The demo's own reads are left out of the report: they are made while the worker is idle.
  const own = new Set<number>();
  const snapshot = async (id: number) => {
    const from = (await requestLog()).length;
    const state = await contactState(api, id);
    const to = (await requestLog()).length;
    for (let i = from; i < to; i++) own.add(i);
    return state;
  };
  const handled = () => lines.filter((line) => line.msg === 'event handled');
  const settled = (event: string, count: number) => async () => handled().filter((line) => line.event === event).length >= count;

  say(`\nA sale: ${BUYER}, a new customer, buys price plan 3456 (Monthly, with course 680647)…`);
  const sale = await fetch(`${simUrl}/__sim/sales`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: BUYER, pricePlanId: 3456, courseId: 680647 }),
  });
  if (!sale.ok) throw new Error(`the simulator refused the sale: HTTP ${sale.status}`);
  const { subscriptionId, contactId } = (await sale.json()) as { subscriptionId: number; contactId: number };
  await until(settled('SALE_NEW', 1), 'the sale reactions');
  await sleep(300); // the community membership is created asynchronously, as in Systeme.io
  const afterSale = await snapshot(contactId);

  say(`A refund: subscription ${subscriptionId} is cancelled in Systeme.io…`);
  const cancel = await fetch(`${simUrl}/__sim/cancellations`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ subscriptionId }),
  });
  if (!cancel.ok) throw new Error(`the simulator refused the cancellation: HTTP ${cancel.status}`);
  await until(settled('SALE_CANCELED', 1), 'the cancellation reactions');
  const afterCancel = await snapshot(contactId);

  const deliveries = (await (await fetch(`${simUrl}/__sim/deliveries`)).json()) as Parameters<typeof demoReport>[0]['deliveries'];
  const requests = (await requestLog()).filter((r, index) => !own.has(index) && !r.path.startsWith('/api/webhooks'));
  say(demoReport({
    deliveries,
    handled: handled() as Parameters<typeof demoReport>[0]['handled'],
    requests,
    contact: `${contactId} (${BUYER})`,
    states: [
      { label: 'after the sale:', state: afterSale },
      { label: 'after the refund:', state: afterCancel },
    ],
  }));
  // The demo's Redis keys go with it: show the contact's history now, as the command prints it.
  const historyRedis = createWorkerRedis(redisUrl);
  closers.defer('history reader', () => closeRedis(historyRedis));
  const history = createRedisHistory({ redis: historyRedis, prefix: config.redis.prefix, ...config.history });
  const complete = async () => {
    const result = await lookupHistory(history, BUYER);
    const done = result.kind === 'found' ? result.timeline.deliveries.filter((d) => d.status === 'completed' && d.steps.some((s) => s.kind === 'delivery')) : [];
    return done.length >= 2 ? result : undefined;
  };
  let found: Awaited<ReturnType<typeof complete>>;
  await until(async () => (found = await complete()) !== undefined, 'the history of the sale and the refund');
  if (found?.kind === 'found') say(`\n$ systeme-hooks history ${BUYER}\n${formatTimeline(found.timeline)}`);
  const ok =
    afterSale.tags.includes('Customers') && afterSale.tags.includes('plan-3456') && afterSale.enrolled && afterSale.member &&
    !afterCancel.tags.includes('Customers') && !afterCancel.enrolled && !afterCancel.member &&
    afterCancel.subscriptions[subscriptionId] === 'cancelled';
  say(ok ? '\nDemo OK: the sale granted access and the refund took it back.' : '\nDemo FAILED: the contact did not reach the expected state.');
  return ok ? 0 : 1;
}
