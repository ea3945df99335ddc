import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createSimulator, type Simulator } from '../../src/sim/index.js';
import { startCli, type RunningCli } from '../helpers/cli.js';
import { fixtureBody, signedHeaders } from '../helpers/deliveries.js';
import { SEED } from '../helpers/pipeline.js';
import { discardPrefix, redisClient, testRedisUrl, uniquePrefix } from '../helpers/redis.js';
import { waitFor } from '../helpers/wait-for.js';
import { freePort } from '../helpers/start-redis.js';

const SECRET = 'signals-secret-0123456789';
const API_KEY = 'signals-api-key';

describe('signals reach the processes', () => {
  const cleanups: (() => Promise<unknown>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  it('serve: SIGTERM finishes in-flight work, closes Redis and exits 0', async () => {
    const prefix = uniquePrefix('sigterm-serve');
    const port = await freePort();
    const serve: RunningCli = startCli(['serve'], {
      REDIS_URL: testRedisUrl(), QUEUE_PREFIX: prefix, PORT: String(port), HOST: '127.0.0.1',
      SYSTEME_WEBHOOK_SECRET: SECRET, ALLOW_SINGLE_SECRET_ROUTE: 'true', LOG_LEVEL: 'info',
    });
    cleanups.push(async () => {
      await serve.stop('SIGKILL');
      await discardPrefix(prefix);
    });
    await serve.waitFor(/receiver listening/);
    const body = fixtureBody('contact-created.json');
    const answer = await fetch(`http://127.0.0.1:${port}/webhooks/systeme`, { method: 'POST', body, headers: signedHeaders(body, SECRET, 'CONTACT_CREATED') });
    expect(answer.status).toBe(202);
    expect(await serve.stop('SIGTERM')).toBe(0);
    expect(serve.stdout()).toContain('"msg":"shutting down"');
    expect(serve.stdout()).toContain('"msg":"stopped"');
  });

  it('work: SIGHUP reloads the rules; SIGTERM lets the active job finish before exiting 0', async () => {
    const prefix = uniquePrefix('sigterm-work');
    const sim: Simulator = createSimulator({ apiKey: API_KEY, seed: SEED, latencyMs: 400 });
    const simUrl = await sim.listen(0, '127.0.0.1');
    const dir = mkdtempSync(join(tmpdir(), 'signals-'));
    const rulesFile = join(dir, 'rules.yaml');
    writeFileSync(rulesFile, 'rules:\n  - name: tag\n    on: CONTACT_CREATED\n    do:\n      - add_tag: { id: 10 }\n');
    const work = startCli(['work'], {
      REDIS_URL: testRedisUrl(), QUEUE_PREFIX: prefix, SYSTEME_API_KEY: API_KEY, SYSTEME_API_URL: simUrl,
      RULES_FILE: rulesFile, METRICS_PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info', SYSTEME_RATE_LIMIT: '100/1s',
    });
    cleanups.push(async () => {
      await work.stop('SIGKILL');
      await sim.close();
      rmSync(dir, { recursive: true, force: true });
      await discardPrefix(prefix);
    });
    await work.waitFor(/worker started/);

    // Contact 501 already has tag 10; only the reloaded rule (tag 11) makes a write.
    writeFileSync(rulesFile, 'rules:\n  - name: customers\n    on: CONTACT_CREATED\n    do:\n      - add_tag: { id: 11 }\n');
    work.child.kill('SIGHUP');
    await work.waitFor(/"msg":"rules reloaded"/);

    const { createEventQueue } = await import('../../src/queue/event-queue.js');
    const redis = redisClient();
    const queue = createEventQueue({ connection: redis, prefix });
    const now = new Date().toISOString();
    const job = await queue.add('CONTACT_CREATED', {
      event: 'CONTACT_CREATED', messageId: 'sig-1', eventTimestamp: now, receivedAt: now, schemaVersion: '1', route: 'single',
      payload: { contact: { id: 501 } },
    });
    // Wait until the worker is in the middle of it (the simulator answers after 400 ms).
    await waitFor(async () => ((await queue.getJobState(job.id!)) === 'active' ? true : undefined), 30_000);
    expect(await work.stop('SIGTERM')).toBe(0);
    expect(await queue.getJobState(job.id!)).toBe('completed');
    const requests = (await (await fetch(`${simUrl}/__sim/requests`)).json()) as { method: string; path: string }[];
    expect(requests.filter((r) => r.method === 'POST')).toMatchObject([{ path: '/api/contacts/501/tags' }]);
    await queue.close();
    redis.disconnect();
  });

  it('start: one process receives, reacts, and serves both sets of metrics', async () => {
    const prefix = uniquePrefix('start');
    const sim: Simulator = createSimulator({ apiKey: API_KEY, seed: SEED });
    const simUrl = await sim.listen(0, '127.0.0.1');
    const dir = mkdtempSync(join(tmpdir(), 'start-'));
    const rulesFile = join(dir, 'rules.yaml');
    writeFileSync(rulesFile, 'rules:\n  - name: customers\n    on: CONTACT_CREATED\n    do:\n      - add_tag: { id: 11 }\n');
    const port = await freePort();
    const start = startCli(['start'], {
      REDIS_URL: testRedisUrl(), QUEUE_PREFIX: prefix, PORT: String(port), HOST: '127.0.0.1', SYSTEME_WEBHOOK_SECRET: SECRET,
      ALLOW_SINGLE_SECRET_ROUTE: 'true', SYSTEME_API_KEY: API_KEY, SYSTEME_API_URL: simUrl, RULES_FILE: rulesFile, LOG_LEVEL: 'info',
    });
    cleanups.push(async () => {
      await start.stop('SIGKILL');
      await sim.close();
      rmSync(dir, { recursive: true, force: true });
      await discardPrefix(prefix);
    });
    await start.waitFor(/receiver listening/);
    const body = Buffer.from('{"contact":{"id":501,"email":"ann@example.com"}}');
    const answer = await fetch(`http://127.0.0.1:${port}/webhooks/systeme`, { method: 'POST', body, headers: signedHeaders(body, SECRET, 'CONTACT_CREATED') });
    expect(answer.status).toBe(202);
    await start.waitFor(/"msg":"event handled"/);
    const contact = (await (await fetch(`${simUrl}/api/contacts/501`, { headers: { 'x-api-key': API_KEY } })).json()) as { tags: { id: number }[] };
    expect(contact.tags.map((tag) => tag.id)).toContain(11);
    const metrics = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
    expect(metrics).toMatch(/systeme_hooks_webhook_deliveries_total\{event="CONTACT_CREATED",outcome="queued"\} 1/);
    expect(metrics).toMatch(/systeme_hooks_jobs_total\{event="CONTACT_CREATED",outcome="completed"\} 1/);
    expect(await start.stop('SIGTERM')).toBe(0);
  });
});
