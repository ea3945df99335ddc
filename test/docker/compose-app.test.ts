import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertPortsFree, compose, containerState, eventually, recordFigure, root, run, waitHealthy } from './docker.js';

// The `app` profile as an operator runs it, with the simulator standing in for Systeme.io.
const SIM = 'http://127.0.0.1:4010';
const KEY = 'demo-key';
const dir = mkdtempSync(join(tmpdir(), 'systeme-hooks-compose-'));
const rulesDir = join(dir, 'rules');
const files = { envFile: join(dir, '.env'), rulesDir };
const app = (args: string[], allowFail = false) => compose(['--profile', 'app', ...args], files, { allowFail });

async function api(method: string, path: string, body?: unknown): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`${SIM}${path}`, {
    method,
    headers: { 'x-api-key': KEY, accept: 'application/json', ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  return { status: response.status, body: text === '' ? undefined : (JSON.parse(text) as unknown) };
}

async function sale(email: string): Promise<{ contactId: number; messageId: string }> {
  const response = await fetch(`${SIM}/__sim/sales`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, pricePlanId: 3456, courseId: 680647 }),
  });
  expect(response.status).toBe(201);
  return (await response.json()) as { contactId: number; messageId: string };
}

async function tagsOf(contactId: number): Promise<string[]> {
  const contact = (await api('GET', `/api/contacts/${contactId}`)).body as { tags: { name: string }[] };
  return contact.tags.map((tag) => tag.name);
}

const hasTag = (contactId: number, tag: string) => async () => ((await tagsOf(contactId)).includes(tag) ? true : undefined);

async function acknowledged(messageIds: string[]): Promise<number> {
  const deliveries = (await (await fetch(`${SIM}/__sim/deliveries`)).json()) as { messageId: string; status: number | null }[];
  const ok = new Set(deliveries.filter((d) => d.status !== null && d.status >= 200 && d.status < 300).map((d) => d.messageId));
  return messageIds.filter((id) => ok.has(id)).length;
}

describe('docker compose --profile app, with bootstrap, against the simulator', () => {
  beforeAll(async () => {
    await assertPortsFree([6379, 3000, 4010, 9464]);
    writeFileSync(
      files.envFile,
      [
        'SYSTEME_WEBHOOK_SECRET=compose-test-webhook-secret-0123456789',
        `SYSTEME_API_KEY=${KEY}`,
        'SYSTEME_API_URL=http://sim:4010',
        'PUBLIC_URL=http://receiver:3000',
        'LOG_LEVEL=info',
        '',
      ].join('\n'),
    );
    mkdirSync(rulesDir);
    copyFileSync(join(root, 'rules.example.yaml'), join(rulesDir, 'rules.yaml'));
    await app(['down', '-v'], true);
  });

  afterAll(async () => {
    await compose(['--profile', '*', 'down', '-v'], files, { allowFail: true });
    rmSync(dir, { recursive: true, force: true });
  });

  it('starts Redis, the receiver and a worker, healthy, on read-only filesystems under an init', async () => {
    const started = Date.now();
    await app(['up', '-d', '--no-build', 'redis', 'sim', 'receiver', 'worker']);
    await waitHealthy(['redis', 'sim', 'receiver', 'worker']);
    recordFigure('app profile: from `up` to Redis, receiver and worker healthy', Math.round((Date.now() - started) / 100) / 10, 's');
    for (const service of ['receiver', 'worker']) {
      const { id } = await containerState(service);
      const settings = (await run('docker', ['inspect', '-f', '{{.HostConfig.ReadonlyRootfs}} {{.HostConfig.Init}} {{.Config.User}}', id])).stdout.trim();
      expect(settings, service).toBe('true true node');
    }
    // rules.example.yaml sets customer_since, which the example seed lacks.
    expect([201, 422]).toContain((await api('POST', '/api/contact_fields', { fieldName: 'Customer since', slug: 'customer_since' })).status);
  });

  it('registers the webhooks with bootstrap, idempotently', async () => {
    const first = await app(['run', '--rm', '--no-deps', 'bootstrap', 'webhook', 'register', '--allow-http']);
    expect(first.stdout).toMatch(/5 created, 0 updated, 0 unchanged, 0 deleted/);
    const hooks = (await api('GET', '/api/webhooks')).body as { items: { url: string }[] };
    expect(hooks.items.map((hook) => hook.url).sort()).toEqual(
      ['contact-created', 'contact-opt-in', 'contact-tag-added', 'sale-canceled', 'sale-new'].map((e) => `http://receiver:3000/webhooks/systeme/${e}`),
    );
    const again = await app(['run', '--rm', '--no-deps', 'bootstrap', 'webhook', 'register', '--allow-http']);
    expect(again.stdout).toMatch(/0 created, 0 updated, 5 unchanged, 0 deleted/);
  });

  it('carries a sale out: the webhook reaches the receiver and the worker tags and enrolls the buyer', async () => {
    const { contactId } = await sale('first.buyer@example.com');
    await eventually(hasTag(contactId, 'Customers'), 'the Customers tag');
    const courses = await eventually(async () => {
      const enrollments = (await api('GET', `/api/school/enrollments?contact=${contactId}`)).body as { items: { course: { id: number } }[] };
      return enrollments.items.length > 0 ? enrollments.items.map((e) => e.course.id) : undefined;
    }, 'the enrollment');
    expect(courses).toContain(680647);
  });

  it('picks up a rules edit made on the host while the worker runs', async () => {
    const file = join(rulesDir, 'rules.yaml');
    const edited = `${readFileSync(file, 'utf8')}
  - name: edited-on-the-host
    on: SALE_NEW
    do:
      - add_tag: edited-on-the-host
`;
    writeFileSync(file, edited);
    await eventually(async () => ((await app(['logs', 'worker'])).stdout.includes('rules reloaded') ? true : undefined), 'the worker reloading its rules');
    const { contactId } = await sale('after.the.edit@example.com');
    await eventually(hasTag(contactId, 'edited-on-the-host'), 'the tag of the new rule');
  });

  it('drains the worker on docker compose stop (exit 0) and loses no job it was given', async () => {
    const { contactId } = await sale('during.the.stop@example.com');
    const started = Date.now();
    await app(['stop', 'worker']);
    recordFigure('app profile: docker compose stop worker', Math.round((Date.now() - started) / 100) / 10, 's');
    const state = await containerState('worker');
    // Past the 90 s grace period Docker kills the worker (exit 137): 0 means it drained in time.
    expect(state.exitCode).toBe(0);
    await app(['start', 'worker']);
    await eventually(hasTag(contactId, 'Customers'), 'the sale made while the worker stopped');
  });

  it('keeps every acknowledged delivery across a Redis restart (AOF on its volume)', async () => {
    await app(['stop', 'worker']);
    const sales = [];
    for (let i = 0; i < 20; i += 1) sales.push(await sale(`aof.${i}@example.com`));
    const ids = sales.map((s) => s.messageId);
    await eventually(async () => ((await acknowledged(ids)) === ids.length ? true : undefined), 'all 20 sales acknowledged by the receiver');
    await app(['restart', 'redis']);
    await waitHealthy(['redis', 'receiver']);
    await app(['start', 'worker']);
    for (const { contactId } of sales) await eventually(hasTag(contactId, 'Customers'), `contact ${contactId} tagged after the restart`);
    recordFigure('app profile: sales acknowledged before a Redis restart / carried out after it', '20 / 20');
  });
});
