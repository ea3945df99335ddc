import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startReceiverProcess, type ReceiverProcess } from '../../src/cli/receiver-process.js';
import { loadConfig } from '../../src/config/load-config.js';
import { createLogger } from '../../src/config/logger.js';
import type { JobData } from '../../src/events/job-data.js';
import { createEventQueue, type EventQueue } from '../../src/queue/event-queue.js';
import { deriveEventSecret, sign } from '../../src/http/signature.js';
import { runCli } from '../helpers/cli.js';
import { recentFixtureBody } from '../helpers/deliveries.js';
import { deletePrefix, redisClient, testRedisUrl, uniquePrefix } from '../helpers/redis.js';

const SECRET = 'trigger-master-0123456789';
const prefix = uniquePrefix('cli-trigger');
// The recorded sale with today's order dates: a SALE_NEW older than DEDUPE_TTL is a replay.
const saleFixture = join(mkdtempSync(join(tmpdir(), 'systeme-hooks-trigger-')), 'sale-new.json');
writeFileSync(saleFixture, Buffer.concat([recentFixtureBody('sale-new.json'), Buffer.from('\n')]));
const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

let receiver: ReceiverProcess;
/** A receiver of the default configuration: the single-secret route is off. */
let standard: ReceiverProcess;
let redis: Redis;
let queue: EventQueue;

const env = (extra: Record<string, string> = {}) => ({ SYSTEME_WEBHOOK_SECRET: SECRET, ...extra });

/** The job the receiver queued for the delivery whose answer is `stdout`. */
async function queuedJob(stdout: string): Promise<JobData> {
  const id = /"id":"([^"]+)"/.exec(stdout)?.[1];
  expect(id, stdout).toBeDefined();
  const job = await queue.getJob(id!);
  return job!.data;
}

beforeAll(async () => {
  const config = loadConfig({
    SYSTEME_WEBHOOK_SECRET: SECRET,
    ALLOW_SINGLE_SECRET_ROUTE: 'true',
    REDIS_URL: testRedisUrl(),
    QUEUE_PREFIX: prefix,
    PORT: '0',
    HOST: '127.0.0.1',
  });
  receiver = await startReceiverProcess({ config, logger: createLogger({ level: 'silent' }) });
  const standardConfig = loadConfig({ SYSTEME_WEBHOOK_SECRET: SECRET, REDIS_URL: testRedisUrl(), QUEUE_PREFIX: prefix, PORT: '0', HOST: '127.0.0.1' });
  standard = await startReceiverProcess({ config: standardConfig, logger: createLogger({ level: 'silent' }) });
  redis = redisClient();
  queue = createEventQueue({ connection: redis, prefix });
});

afterAll(async () => {
  await receiver.close();
  await standard.close();
  await queue.close();
  await deletePrefix(redis, prefix);
  redis.disconnect();
});

describe('trigger', () => {
  it('sends a signed, realistic delivery the receiver accepts (202)', async () => {
    const result = await runCli(['trigger', 'SALE_NEW', '--url', `${receiver.address}/webhooks/systeme`, '--contact', '501', '--price-plan', '42'], env());
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('HTTP 202 Accepted');
    expect(result.stdout).toContain('"status":"queued"');
    const job = await queuedJob(result.stdout);
    expect(job).toMatchObject({ event: 'SALE_NEW', route: 'single', schemaVersion: '2' });
    expect(job.messageId).toMatch(UUID_V7);
    expect(job.payload).toMatchObject({ customer: { contactId: 501 }, pricePlan: { id: 42 }, order: { vat: 0 } });
  });

  it('signs with the derived secret on a per-event URL (202)', async () => {
    const result = await runCli(['trigger', 'contact-tag-added', '--url', `${receiver.address}/webhooks/systeme/contact-tag-added`, '--tag', 'vip'], env());
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('HTTP 202');
    expect(result.stdout).toContain("signed with the CONTACT_TAG_ADDED route's secret");
    const job = await queuedJob(result.stdout);
    expect(job).toMatchObject({ event: 'CONTACT_TAG_ADDED', route: 'event', schemaVersion: '1', payload: { tag: { name: 'vip' } } });
  });

  it('sends a payload file byte for byte', async () => {
    const result = await runCli(['trigger', 'SALE_NEW', '--url', `${receiver.address}/webhooks/systeme`, '--payload', saleFixture], env());
    expect(result.code, result.stderr).toBe(0);
    const job = await queuedJob(result.stdout);
    expect(job.payload).toEqual(JSON.parse(readFileSync(saleFixture, 'utf8')));
  });

  it('exits 1 and prints the answer when the receiver refuses the signature (401)', async () => {
    const result = await runCli(['trigger', 'SALE_NEW', '--url', `${receiver.address}/webhooks/systeme`], env({ SYSTEME_WEBHOOK_SECRET: 'wrong-secret-0123456789' }));
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('HTTP 401 Unauthorized');
    expect(result.stdout).toContain('Invalid or missing webhook signature');
    expect(result.stderr).toContain('does SYSTEME_WEBHOOK_SECRET match');
  });

  it("posts to the event's own route on 127.0.0.1:$PORT by default, which a receiver of the default configuration takes", async () => {
    const port = new URL(standard.address).port;
    const result = await runCli(['trigger', 'CONTACT_CREATED'], env({ PORT: port }));
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain(`POST http://127.0.0.1:${port}/webhooks/systeme/contact-created  CONTACT_CREATED`);
    expect(result.stdout).toContain('HTTP 202');
  });

  it('says what a 404 of the single-secret route and a 401 of another event\'s route mean', async () => {
    const single = await runCli(['trigger', 'SALE_NEW', '--url', `${standard.address}/webhooks/systeme`], env());
    expect(single.code).toBe(1);
    expect(single.stderr).toContain(
      `The receiver answered 404: the single-secret route is off unless the receiver sets ALLOW_SINGLE_SECRET_ROUTE=true; post to the event's own route, --url ${standard.address}/webhooks/systeme/sale-new`,
    );
    const other = await runCli(['trigger', 'SALE_NEW', '--url', `${standard.address}/webhooks/systeme/sale-canceled`], env());
    expect(other.code).toBe(1);
    expect(other.stderr).toContain(
      `The receiver answered 401: /webhooks/systeme/sale-canceled is the route of SALE_CANCELED, and this delivery is SALE_NEW; each event has its own route (--url ${standard.address}/webhooks/systeme/sale-new)`,
    );
  });

  it('sends the full Systeme.io header set and a PHP-escaped body', async () => {
    let seen: { headers: IncomingHttpHeaders; body: string } | undefined;
    const server = createServer((request, response) => {
      let body = '';
      request.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
      request.on('end', () => {
        seen = { headers: request.headers, body };
        response.writeHead(500, { 'content-type': 'text/plain' }).end('stand-in says no');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhooks/systeme/sale-canceled`;
    try {
      const result = await runCli(['trigger', 'SALE_CANCELED', '--url', url, '--email', 'zoé@example.com'], env());
      expect(result.code).toBe(1);
      expect(result.stdout).toContain('HTTP 500');
      expect(result.stdout).toContain('stand-in says no');
    } finally {
      server.close();
    }
    const { headers, body } = seen!;
    expect(headers).toMatchObject({
      'content-type': 'application/json',
      'user-agent': 'SystemeIO-Webhook',
      'x-webhook-event': 'SALE_CANCELED',
      'x-webhook-schema-version': '2',
      'x-webhook-signature': sign(deriveEventSecret(SECRET, 'SALE_CANCELED'), body),
    });
    expect(headers['x-webhook-message-id']).toMatch(UUID_V7);
    expect(headers['x-webhook-delivery-attempt-id']).toMatch(UUID_V7);
    expect(headers['x-webhook-event-timestamp']).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00$/);
    expect(headers['x-webhook-delivery-attempt-timestamp']).toBeDefined();
    expect(headers['x-webhook-subscription-id']).toBeDefined();
    expect(body).toContain('"sourceUrl":"https:\\/\\/');
    expect(body).toContain('"email":"zo\\u00e9@example.com"');
    expect(body).toContain('"vat":0.0');
  });

  it('fails clearly when nothing listens, and on usage errors', async () => {
    const down = await runCli(['trigger', 'SALE_NEW', '--url', 'http://127.0.0.1:1/webhooks/systeme'], env());
    expect(down.code).toBe(1);
    expect(down.stderr).toContain('Cannot reach http://127.0.0.1:1/webhooks/systeme');
    expect((await runCli(['trigger', 'SALE_LOST'], env())).code).toBe(2);
    expect((await runCli(['trigger', 'SALE_NEW', '--payload', saleFixture, '--contact', '5'], env())).code).toBe(2);
    const noSecret = await runCli(['trigger', 'SALE_NEW']);
    expect(noSecret.code).toBe(1);
    expect(noSecret.stderr).toContain('SYSTEME_WEBHOOK_SECRET: required');
  });
});
