import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { URL_BASE, webhookTestBed, type ApiWebhook } from '../helpers/webhook-test-bed.js';

const bed = webhookTestBed();
const { env, webhooks, register } = bed;

describe('webhook status', () => {
  const status = (extra: Record<string, string> = {}, args: string[] = []) => runCli(['webhook', 'status', '--url', URL_BASE, ...args], env(extra));

  it('exits 1 when our webhooks are missing', async () => {
    const result = await status();
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(`PROBLEM: no webhook of ours at ${URL_BASE}`);
  });

  it('exits 0 when healthy, printing the state', async () => {
    await register();
    const result = await status({}, ['--json']);
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ healthy: true, covered: ['SALE_NEW', 'SALE_CANCELED'], problems: [] });
    expect((await status()).stdout).toContain('OK: 2 of 2 wanted event(s) have an active webhook of ours\n');
  });

  it('exits 1 when a subscription is disabled or an event the rules use is not delivered', async () => {
    await register();
    const [saleNew] = await webhooks();
    await fetch(`${bed.simUrl}/__sim/webhooks/${saleNew!.id}/disable`, { method: 'POST' });
    const disabled = await status();
    expect(disabled.code).toBe(1);
    expect(disabled.stdout).toContain('subscription SALE_NEW: disabled (BAD_SUCCESS_RATE');
    expect(disabled.stdout).toContain('SALE_NEW is wanted but no active webhook of ours delivers it');

    await fetch(`${bed.simUrl}/__sim/reset`, { method: 'POST' });
    await register([], { RULES_FILE: bed.rulesFile });
    const allWanted = await status({}, ['--events', 'all']);
    expect(allWanted.code).toBe(1);
    expect(allWanted.stdout).toContain('CONTACT_CREATED is wanted');
  });

  it('exits 1 when the webhooks carry a secret SYSTEME_WEBHOOK_SECRET no longer has', async () => {
    await register();
    const result = await status({ SYSTEME_WEBHOOK_SECRET: 'master-9-0123456789abcdef' });
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('deliveries are refused (401)');
    // Every event still has its webhook; the headline says the problem is elsewhere.
    expect(result.stdout).toMatch(/^UNHEALTHY: 2 of 2 wanted event\(s\) have an active webhook of ours; [1-9]\d* problem\(s\), below$/m);
  });
});

describe('webhook list and delete', () => {
  it('lists every webhook with its subscriptions, and deletes by id or by URL', async () => {
    await register(['--events', 'all']);
    const listed = await runCli(['webhook', 'list', '--json'], env());
    expect(listed.code).toBe(0);
    const all = JSON.parse(listed.stdout) as ApiWebhook[];
    expect(all).toHaveLength(6);
    const table = await runCli(['webhook', 'list'], env());
    expect(table.stdout).toMatch(/ID\s+STATE\s+NAME\s+URL\s+SUBSCRIPTIONS/);
    expect(table.stdout).toContain('SALE_NEW: enabled');

    const one = await runCli(['webhook', 'delete', all[0]!.id], env());
    expect(one.code, one.stderr).toBe(0);
    expect(await webhooks()).toHaveLength(5);
    const rest = await runCli(['webhook', 'delete', '--url', URL_BASE], env());
    expect(rest.code, rest.stderr).toBe(0);
    expect(rest.stdout.match(/^deleted/gm)).toHaveLength(5);
    expect(await webhooks()).toEqual([]);
  });

  it('fails on an unknown id and refuses ambiguous arguments', async () => {
    const unknown = await runCli(['webhook', 'delete', '0190f5c2-0000-7000-8000-000000000000'], env());
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('No webhook 0190f5c2-0000-7000-8000-000000000000');
    const neither = await runCli(['webhook', 'delete'], env());
    expect(neither.code).toBe(2);
    expect(neither.stderr).toContain('give the id of the webhook to delete (see webhook list), or --url to delete ours at that URL');
    const both = await runCli(['webhook', 'delete', 'x', '--url', URL_BASE], env());
    expect(both.code).toBe(2);
    expect(both.stderr).toContain('give either a webhook id or --url, not both');
  });
});
