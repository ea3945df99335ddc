import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { secretFingerprint } from '../../src/cli/webhook/fingerprint.js';
import { deriveEventSecret } from '../../src/http/signature.js';
import { runCli } from '../helpers/cli.js';
import { KEY, URL_BASE, webhookTestBed } from '../helpers/webhook-test-bed.js';

const bed = webhookTestBed();
const { env, webhooks, register } = bed;

describe('webhook register (per event, the default)', () => {
  it('creates one webhook per event the rules use, with derived secrets; a second run changes nothing', async () => {
    const first = await register();
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toMatch(/created\s+SALE_NEW/);
    expect(first.stdout).toMatch(/created\s+SALE_CANCELED/);
    const created = await webhooks();
    expect(created.map((w) => [w.url, w.name, w.subscriptions.map((s) => s.event), w.active])).toEqual([
      [`${URL_BASE}/sale-new`, `systeme-hooks sale-new ·${secretFingerprint(deriveEventSecret('master-1-0123456789abcdef', 'SALE_NEW'))}`, ['SALE_NEW'], true],
      [`${URL_BASE}/sale-canceled`, `systeme-hooks sale-canceled ·${secretFingerprint(deriveEventSecret('master-1-0123456789abcdef', 'SALE_CANCELED'))}`, ['SALE_CANCELED'], true],
    ]);

    const second = await register(['--json']);
    expect(second.code, second.stderr).toBe(0);
    const report = JSON.parse(second.stdout) as { mode: string; webhooks: { action: string; id: string }[] };
    expect(report.mode).toBe('per-event');
    expect(report.webhooks.map((w) => [w.action, w.id])).toEqual(created.map((w) => ['unchanged', w.id]));
    expect(await webhooks()).toEqual(created);
  });

  it('registers all six events with --events all, and deletes ours the rules no longer need', async () => {
    expect((await register(['--events', 'all'])).code).toBe(0);
    expect((await webhooks()).length).toBe(6);
    const narrowed = await register();
    expect(narrowed.code, narrowed.stderr).toBe(0);
    expect(narrowed.stdout).toMatch(/deleted\s+CONTACT_CREATED/);
    expect(narrowed.stdout).toContain('2 unchanged, 4 deleted');
    expect((await webhooks()).map((w) => w.url)).toEqual([`${URL_BASE}/sale-new`, `${URL_BASE}/sale-canceled`]);
  });

  it('re-activates a subscription Systeme.io disabled, and says so', async () => {
    await register();
    const [saleNew] = await webhooks();
    await fetch(`${bed.simUrl}/__sim/webhooks/${saleNew!.id}/disable`, { method: 'POST' });

    const again = await register();
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toMatch(/updated\s+SALE_NEW/);
    expect(again.stdout).toContain('re-activated SALE_NEW (Systeme.io had disabled it: BAD_SUCCESS_RATE)');
    expect((await webhooks())[0]!.subscriptions).toEqual([expect.objectContaining({ event: 'SALE_NEW', disabledAt: null })]);
  });

  it('updates every webhook when the secret rotates', async () => {
    await register();
    const before = await webhooks();
    const rotated = await register([], { SYSTEME_WEBHOOK_SECRET: 'master-2-0123456789abcdef,master-1-0123456789abcdef' });
    expect(rotated.code, rotated.stderr).toBe(0);
    expect(rotated.stdout.match(/secret changed \(rotation\)/g)).toHaveLength(2);
    const after = await webhooks();
    expect(after.map((w) => w.id)).toEqual(before.map((w) => w.id));
    expect(after[0]!.name).toBe(`systeme-hooks sale-new ·${secretFingerprint(deriveEventSecret('master-2-0123456789abcdef', 'SALE_NEW'))}`);
    expect((await register([], { SYSTEME_WEBHOOK_SECRET: 'master-2-0123456789abcdef,master-1-0123456789abcdef' })).stdout).toContain('0 updated, 2 unchanged');
  });

  it('never touches a webhook at another URL', async () => {
    const foreign = { name: 'Zapier', url: 'https://zapier.example/hook', secret: 'x', subscriptions: ['SALE_NEW'] };
    await fetch(`${bed.simUrl}/api/webhooks`, { method: 'POST', headers: { 'x-api-key': KEY, 'content-type': 'application/json' }, body: JSON.stringify(foreign) });
    await register(['--events', 'all']);
    await register(['--single'], { ALLOW_SINGLE_SECRET_ROUTE: 'true' });
    expect((await webhooks()).map((w) => w.url)).toEqual(['https://zapier.example/hook', URL_BASE]);
  });

  it('takes the URL from PUBLIC_URL when --url is absent', async () => {
    const result = await runCli(['webhook', 'register', '--allow-http'], env({ PUBLIC_URL: 'http://127.0.0.1:3000' }));
    expect(result.code, result.stderr).toBe(0);
    expect((await webhooks()).map((w) => w.url)).toEqual(['http://127.0.0.1:3000/webhooks/systeme/sale-new', 'http://127.0.0.1:3000/webhooks/systeme/sale-canceled']);
  });
});

describe('webhook register --single', () => {
  const on = { ALLOW_SINGLE_SECRET_ROUTE: 'true' };

  it('keeps one webhook with every wanted event; a second run changes nothing; per-event replaces it', async () => {
    const first = await register(['--single', '--events', 'all'], on);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toContain('note: the receiver must run with ALLOW_SINGLE_SECRET_ROUTE=true');
    const [single, ...others] = await webhooks();
    expect(others).toEqual([]);
    expect(single).toMatchObject({ url: URL_BASE, name: `systeme-hooks ·${secretFingerprint('master-1-0123456789abcdef')}` });
    expect(single!.subscriptions.map((s) => s.event).sort()).toEqual(
      ['CONTACT_CREATED', 'CONTACT_OPT_IN', 'CONTACT_TAG_ADDED', 'CONTACT_TAG_REMOVED', 'SALE_CANCELED', 'SALE_NEW'],
    );
    const second = await register(['--single', '--events', 'all'], on);
    expect(second.stdout).toMatch(/unchanged\s+single route/);
    expect(await webhooks()).toEqual([single]);

    const perEvent = await register();
    expect(perEvent.stdout).toMatch(/deleted\s+single route/);
    expect((await webhooks()).map((w) => w.url)).toEqual([`${URL_BASE}/sale-new`, `${URL_BASE}/sale-canceled`]);
  });
});

describe('webhook register refusals', () => {
  it('refuses a plain http URL without --allow-http (usage error, exit 2) and creates nothing', async () => {
    const refused = await runCli(['webhook', 'register', '--url', 'http://hooks.example/webhooks/systeme'], env());
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('refusing the non-HTTPS URL http://hooks.example/webhooks/systeme');
    expect(await webhooks()).toEqual([]);
    expect((await runCli(['webhook', 'register', '--url', 'http://hooks.example/webhooks/systeme', '--allow-http'], env())).code).toBe(0);
  });

  it('refuses an event route as --url, and --single unless the single-secret route is turned on, saying what to set', async () => {
    const eventRoute = await runCli(['webhook', 'register', '--url', `${URL_BASE}/sale-new`], env());
    expect(eventRoute.code).toBe(2);
    expect(eventRoute.stderr).toContain('give the base route');
    for (const extra of [{}, { ALLOW_SINGLE_SECRET_ROUTE: 'false' }] as Record<string, string>[]) {
      const single = await register(['--single'], extra);
      expect(single.code).toBe(2);
      expect(single.stderr).toContain('set ALLOW_SINGLE_SECRET_ROUTE=true here and in the environment of serve/start');
      expect(single.stderr).toContain('Leave out --single');
    }
    expect(await webhooks()).toEqual([]);
  });

  it('refuses a URL carrying credentials, without printing them', async () => {
    for (const [args, extra] of [
      [['--url', 'https://ops:hunter2-password@hooks.example/webhooks/systeme'], {}],
      [['--url', 'https://token-in-user-name@hooks.example/webhooks/systeme'], {}],
      [[], { PUBLIC_URL: 'https://ops:hunter2-password@127.0.0.1:3000' }],
    ] as const) {
      const result = await runCli(['webhook', 'register', ...args], env(extra));
      expect(result.code).toBe(2);
      expect(result.stderr).toContain('the URL carries a user name or password');
      expect(result.stdout + result.stderr).not.toMatch(/hunter2|token-in-user-name/);
    }
    expect(await webhooks()).toEqual([]);
  });

  it('needs a URL and a secret', async () => {
    const noUrl = await runCli(['webhook', 'register'], env());
    expect(noUrl.code).toBe(2);
    expect(noUrl.stderr).toContain('--url is required (or set PUBLIC_URL)');
    const noSecret = await register([], { SYSTEME_WEBHOOK_SECRET: '' });
    expect(noSecret.code).toBe(1);
    expect(noSecret.stderr).toContain('SYSTEME_WEBHOOK_SECRET: required');
    expect(noSecret.stderr).toContain('generate one (openssl rand -hex 32)');
  });

  it('fails on an invalid rules file, pointing at --events all', async () => {
    const result = await register([], { RULES_FILE: join(bed.dir, 'missing.yaml') });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('file not found');
    expect(result.stderr).toContain('--events all');
  });
});
