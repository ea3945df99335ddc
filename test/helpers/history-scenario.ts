import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { packageRoot } from '../../src/cli/demo/package-root.js';
import { memoryLogger } from '../../src/cli/demo/memory-logger.js';
import { runCli } from '../../src/cli/program.js';
import { startReceiverProcess, type ReceiverProcess } from '../../src/cli/receiver-process.js';
import { startWorkerProcess, type WorkerProcess } from '../../src/cli/worker-process.js';
import { loadConfig, type Config } from '../../src/config/load-config.js';
import { createGateway, type Gateway } from '../../src/gateway/index.js';
import { lookupHistory } from '../../src/history/lookup.js';
import type { ContactTimeline } from '../../src/history/timeline.js';
import { createSimulator, loadSeedFile, type Simulator } from '../../src/sim/index.js';
import { createWorkerRedis } from '../../src/stores/redis-connections.js';
import { createRedisHistory } from '../../src/stores/redis-history.js';

// Shared by the browser test and scripts/history-screenshots.ts: no test runner imports here.

export const BUYER = 'jane.doe@example.com';
export const HOSTILE = 'mallory@example.com';
export const HOSTILE_NAME = '<script>alert(1)</script>';
const API_KEY = 'scenario-api-key-0123456789';

/** rules.example.yaml plus a rule whose field does not exist yet in the account: its job fails for good. */
const EXTRA_RULE = `
  - name: vip-since
    on: CONTACT_TAG_ADDED
    when:
      tag.name: vip
    do:
      - set_field: { slug: vip_since, value: "{{tag.name}}" }
`;

export interface HistoryScenario {
  baseUrl: string;
  adminToken: string;
  config: Config;
  api: Gateway;
  sim: Simulator;
  buyerId: number;
  /** The buyer's timeline as `systeme-hooks history` reads it. */
  timeline(query?: string): Promise<ContactTimeline | undefined>;
  /** Waits until `check` holds for the buyer's timeline. */
  waitForTimeline(check: (timeline: ContactTimeline) => boolean, what: string, query?: string): Promise<ContactTimeline>;
  /** Creates the contact field the `vip-since` rule needs, so a retry can succeed. */
  createMissingField(): Promise<void>;
  close(): Promise<void>;
}

const sink = () => new Writable({ write: (_chunk, _encoding, done) => done() });

/**
 * The demo's loop on a Redis prefix of its own, with the history page on: the buyer's sale and
 * refund, then the buyer tagged "vip" (one rule's job fails for good: its contact field is missing),
 * and a contact whose first name is markup. Resolves once every delivery has settled.
 */
export async function startHistoryScenario(redisUrl: string): Promise<HistoryScenario> {
  const root = packageRoot(import.meta.url);
  const dir = mkdtempSync(join(tmpdir(), 'systeme-hooks-history-'));
  const rulesFile = join(dir, 'rules.yaml');
  writeFileSync(rulesFile, readFileSync(join(root, 'rules.example.yaml'), 'utf8') + EXTRA_RULE);
  const sim = createSimulator({ apiKey: API_KEY, seed: await loadSeedFile(join(root, 'examples/sim-seed.json')), membershipDelayMs: 100, webhookRetryDelayMs: 200 });
  const simUrl = await sim.listen(0, '127.0.0.1');
  const adminToken = randomBytes(16).toString('hex');
  const env = {
    REDIS_URL: redisUrl,
    QUEUE_PREFIX: `history-${randomBytes(4).toString('hex')}`,
    PORT: '0',
    HOST: '127.0.0.1',
    SYSTEME_WEBHOOK_SECRET: randomBytes(24).toString('hex'),
    SYSTEME_API_KEY: API_KEY,
    SYSTEME_API_URL: simUrl,
    SYSTEME_RATE_LIMIT: '1000/1s',
    RULES_FILE: rulesFile,
    METRICS_PORT: '0',
    ADMIN_TOKEN: adminToken,
    LOG_LEVEL: 'info',
  };
  const config = loadConfig(env, ['secret', 'api']);
  const { logger } = memoryLogger();
  const redis = createWorkerRedis(redisUrl);
  const history = createRedisHistory({ redis, prefix: config.redis.prefix, ...config.history });
  let worker: WorkerProcess | undefined;
  let receiver: ReceiverProcess | undefined;
  const close = async () => {
    await receiver?.close();
    await worker?.close();
    await sim.close();
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${config.redis.prefix}:*`, 'COUNT', 500);
      cursor = next;
      if (keys.length > 0) await redis.del(...keys);
    } while (cursor !== '0');
    await redis.quit();
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    worker = await startWorkerProcess({ config, logger, membershipSettleMs: 3_000 });
    receiver = await startReceiverProcess({ config, logger });
    const baseUrl = receiver.address;
    const register = await runCli(['webhook', 'register', '--url', `${baseUrl}/webhooks/systeme`, '--allow-http'], { env, stdout: sink(), stderr: sink() });
    if (register !== 0) throw new Error('webhook register failed');
    const api = createGateway({ baseUrl: simUrl, auth: { mode: 'direct', apiKey: API_KEY } });

    const timeline = async (query = BUYER) => {
      const result = await lookupHistory(history, query);
      return result.kind === 'found' ? result.timeline : undefined;
    };
    const waitForTimeline = async (check: (t: ContactTimeline) => boolean, what: string, query = BUYER) => {
      const deadline = Date.now() + 60_000;
      for (;;) {
        const current = await timeline(query);
        if (current && check(current)) return current;
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; history: ${JSON.stringify(current)}`);
        await sleep(100);
      }
    };
    const settled = (event: string, status: string) => (t: ContactTimeline) =>
      t.deliveries.some((d) => d.event === event && d.status === status && d.steps.some((s) => s.kind === 'delivery'));

    const post = async (path: string, body: unknown) => {
      const response = await fetch(`${simUrl}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      if (!response.ok) throw new Error(`the simulator refused ${path}: HTTP ${response.status}`);
      return response.json() as Promise<{ subscriptionId: number; contactId: number }>;
    };
    const { subscriptionId, contactId } = await post('/__sim/sales', { email: BUYER, pricePlanId: 3456, courseId: 680647 });
    await waitForTimeline(settled('SALE_NEW', 'completed'), 'the sale');
    await post('/__sim/cancellations', { subscriptionId });
    await waitForTimeline(settled('SALE_CANCELED', 'completed'), 'the refund');
    const vip = await api.tags.create('vip');
    await api.contacts.addTag(contactId, vip.id);
    await waitForTimeline(settled('CONTACT_TAG_ADDED', 'failed'), 'the vip tag to fail for good');
    await api.contacts.create({ email: HOSTILE, fields: [{ slug: 'first_name', value: HOSTILE_NAME }] });
    await waitForTimeline(settled('CONTACT_CREATED', 'completed'), 'the hostile contact', HOSTILE);

    return {
      baseUrl,
      adminToken,
      config,
      api,
      sim,
      buyerId: contactId,
      timeline,
      waitForTimeline,
      async createMissingField() {
        await api.contactFields.create({ fieldName: 'VIP since', slug: 'vip_since' });
      },
      close,
    };
  } catch (error) {
    await close().catch(() => undefined);
    throw error;
  }
}
