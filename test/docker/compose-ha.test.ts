import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSimulator, type Simulator } from '../../src/sim/index.js';
import { contactCreatedDelivery, createSender, type Delivery } from '../helpers/resilience-load.js';
import { assertPortsFree, baseImages, eventually, npmCaFile, recordFigure, run } from './docker.js';

// docker-compose.ha.yml as an operator runs it (on the host's network here), with the simulator
// in this process standing in for Systeme.io.
const PROJECT = 'systeme-hooks-ha-test';
const SECRET = 'compose-ha-webhook-secret-0123456789';
const KEY = 'compose-ha-api-key';
const RECEIVER = 'http://127.0.0.1:3000';
const SERVICES = ['redis-primary', 'redis-replica', 'sentinel-1', 'sentinel-2', 'sentinel-3', 'receiver', 'worker'];
const dir = mkdtempSync(join(tmpdir(), 'systeme-hooks-compose-ha-'));

function ha(args: string[], allowFail = false) {
  const images = baseImages();
  const ca = npmCaFile();
  return run(
    'docker',
    ['compose', '--ansi', 'never', '-p', PROJECT, '-f', 'docker-compose.ha.yml', '-f', 'deploy/docker/compose.ha.host-network.yml', ...args],
    {
      env: { NODE_IMAGE: images.node, REDIS_IMAGE: images.redis, ENV_FILE: join(dir, '.env'), RULES_DIR: join(dir, 'rules'), ...(ca ? { NPM_CA_FILE: ca } : {}) },
      allowFail,
    },
  );
}

async function waitAllHealthy(timeoutMs = 240_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const lines = (await ha(['ps', '-a', '--format', '{{.Service}} {{.State}} {{.Health}}'])).stdout.trim().split('\n');
    const healthy = new Set(lines.map((line) => line.split(' ')).filter(([, state, health]) => state === 'running' && health === 'healthy').map(([s]) => s));
    if (SERVICES.every((service) => healthy.has(service))) return;
    if (Date.now() > deadline) throw new Error(`not healthy within ${timeoutMs / 1000} s:\n${lines.join('\n')}\n${(await ha(['logs', '--tail', '30'], true)).stdout}`);
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
}

describe('docker-compose.ha.yml: Redis Sentinel, a primary and a replica', () => {
  let sim: Simulator;
  const sender = createSender(4);
  const tagged = (contactId: number) => async () => {
    const contact = (await (await fetch(`${simUrl}/api/contacts/${contactId}`, { headers: { 'x-api-key': KEY } })).json()) as { tags: { id: number }[] };
    return contact.tags.some((tag) => tag.id === 11) ? true : undefined;
  };
  let simUrl = '';
  /**
   * Posts until the receiver answers 2xx, as Systeme.io retries; resolves with when and how. A
   * 503 may already have queued the job: the retry that gets through is then a 200 duplicate.
   */
  const deliver = async (delivery: Delivery): Promise<{ at: number; status: number }> => {
    let last = 'none';
    try {
      return await eventually(
        async () => {
          const { status, error } = await sender.post(RECEIVER, delivery, 30_000);
          last = String(status ?? error);
          return status !== null && status >= 200 && status < 300 ? { at: Date.now(), status } : undefined;
        },
        'a 2xx from the receiver',
        180_000,
      );
    } catch (error) {
      throw new Error(`${error instanceof Error ? error.message : String(error)}; last answer: ${last}`);
    }
  };

  beforeAll(async () => {
    await assertPortsFree([6379, 6380, 26379, 26380, 26381, 3000, 9464]);
    sim = createSimulator({
      apiKey: KEY,
      seed: { tags: [{ id: 11, name: 'Customers' }], contacts: [1, 2].map((i) => ({ id: 100_000 + i, email: `ha${i}@example.com` })) },
    });
    simUrl = await sim.listen(0, '127.0.0.1');
    mkdirSync(join(dir, 'rules'));
    writeFileSync(join(dir, 'rules', 'rules.yaml'), 'rules:\n  - name: tag-new-contacts\n    on: CONTACT_CREATED\n    do:\n      - add_tag: { id: 11 }\n');
    writeFileSync(
      join(dir, '.env'),
      [`SYSTEME_WEBHOOK_SECRET=${SECRET}`, `SYSTEME_API_KEY=${KEY}`, `SYSTEME_API_URL=${simUrl}`, 'ALLOW_SINGLE_SECRET_ROUTE=true', 'LOG_LEVEL=info', ''].join('\n'),
    );
    await ha(['down', '-v'], true);
  });

  afterAll(async () => {
    sender.close();
    await ha(['down', '-v', '--remove-orphans'], true);
    await sim?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('starts the primary, the replica, three sentinels, the receiver and a worker, and processes a delivery', async () => {
    const started = Date.now();
    await ha(['up', '-d', '--no-build']);
    await waitAllHealthy();
    recordFigure('ha compose: from `up` to every service healthy', Math.round((Date.now() - started) / 100) / 10, 's');
    // Healthy is not always reachable from the host at once: retried, as Systeme.io would.
    const first = await deliver(contactCreatedDelivery(100_001, SECRET));
    expect([200, 202]).toContain(first.status);
    await eventually(tagged(100_001), 'the tag written by the worker');
  });

  it('follows a crash of the primary: the replica takes over, the old primary returns as its replica, deliveries go on', async () => {
    const killed = Date.now();
    await ha(['kill', '-s', 'SIGKILL', 'redis-primary']);
    const masterPort = async () =>
      (await ha(['exec', '-T', 'sentinel-1', 'redis-cli', '-p', '26379', 'sentinel', 'get-master-addr-by-name', 'hooks'])).stdout.trim().split('\n')[1];
    await eventually(async () => ((await masterPort()) === '6380' ? true : undefined), 'the sentinels promoting the replica', 180_000);
    recordFigure('ha compose: primary killed, until the sentinels promote the replica', Math.round((Date.now() - killed) / 100) / 10, 's');
    // REDIS_ACK_REPLICAS=1: the new primary needs a replica before anything is acknowledged again.
    await ha(['start', 'redis-primary']);
    const { at: answered } = await deliver(contactCreatedDelivery(100_002, SECRET));
    recordFigure('ha compose: primary killed, until the receiver answers 2xx again (old primary restarted as replica)', Math.round((answered - killed) / 100) / 10, 's');
    await eventually(tagged(100_002), 'the tag written after the failover', 180_000);
  });
});
