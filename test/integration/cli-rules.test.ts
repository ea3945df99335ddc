import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rulesJsonSchemaText } from '../../src/rules/json-schema.js';
import { createSimulator, type Simulator } from '../../src/sim/index.js';
import { runCli } from '../helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'cli-rules-'));
const file = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};
const good = file(
  'good.yaml',
  `rules:
  - name: buyers
    on: SALE_NEW
    when:
      pricePlan.id: 3456
    do:
      - add_tag: Customers
      - enroll: { course: 680647 }
  - name: french-leads
    on: [CONTACT_CREATED, CONTACT_OPT_IN]
    do:
      - add_tag: { id: 10 }
`,
);
const destructive = file(
  'destructive.yaml',
  `rules:
  - name: refunds-lose-access
    on: SALE_CANCELED
    do:
      - cancel_subscription: now
      - remove_tag: Customers
  - name: buyers
    on: SALE_NEW
    do:
      - add_tag: Customers
`,
);
const bad = file(
  'bad.yaml',
  `rules:
  - name: buyers
    on: SALE_NWE
    do:
      - ad_tag: Customers
  - name: buyers
    on: SALE_NEW
    do: []
`,
);
const saleFixture = fileURLToPath(new URL('../fixtures/deliveries/sale-new.json', import.meta.url));
const otherPlan = file('other-plan.json', JSON.stringify({ customer: { contactId: 777, email: 'x@example.com' }, pricePlan: { id: 999 } }));

describe('rules check', () => {
  it('prints the rules, the events they listen to and their actions (exit 0)', async () => {
    const result = await runCli(['rules', 'check', '--file', good], { ALLOW_SINGLE_SECRET_ROUTE: 'false' });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain(`${good}: valid, 2 rule(s)`);
    expect(result.stdout).toContain('Events listened to: CONTACT_CREATED, CONTACT_OPT_IN, SALE_NEW');
    expect(result.stdout).toContain('  when pricePlan.id eq 3456');
    expect(result.stdout).toContain('  → add_tag "Customers"');
    expect(result.stdout).toContain('  → enroll course 680647 (full_access)');
    expect(result.stderr).toBe('');
  });

  it('reads RULES_FILE by default, and prints JSON with --json', async () => {
    const result = await runCli(['rules', 'check', '--json'], { RULES_FILE: good });
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({
      file: good,
      valid: true,
      events: ['CONTACT_CREATED', 'CONTACT_OPT_IN', 'SALE_NEW'],
      rules: [{ name: 'buyers', on: ['SALE_NEW'], do: ['add_tag "Customers"', 'enroll course 680647 (full_access)'] }, { name: 'french-leads' }],
    });
  });

  it('lists every mistake with its location and exits 1', async () => {
    const result = await runCli(['rules', 'check', '--file', bad]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`Invalid rules file ${bad}`);
    expect(result.stderr).toContain('rules[0].on: unknown event "SALE_NWE"');
    expect(result.stderr).toContain('rules[0].do[0].ad_tag: unknown action');
    expect(result.stderr).toContain('rules[1].name: duplicate rule name "buyers"');
    const json = await runCli(['rules', 'check', '--file', bad, '--json']);
    expect(json.code).toBe(1);
    expect((JSON.parse(json.stdout) as { valid: boolean; problems: string[] }).problems.length).toBeGreaterThanOrEqual(3);
  });

  it('fails on a missing file, saying what to do', async () => {
    const result = await runCli(['rules', 'check', '--file', join(dir, 'nope.yaml')]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('file not found');
  });

  it('warns, naming the rule, about destructive actions while the single-secret route is on; exit stays 0', async () => {
    const warned = await runCli(['rules', 'check', '--file', destructive], { ALLOW_SINGLE_SECRET_ROUTE: 'true' });
    expect(warned.code).toBe(0);
    expect(warned.stderr).toContain('warning: rule "refunds-lose-access" runs cancel_subscription, remove_tag while ALLOW_SINGLE_SECRET_ROUTE is true');
    expect(warned.stderr).toContain('set ALLOW_SINGLE_SECRET_ROUTE=false');
    expect(warned.stderr).not.toContain('"buyers"');
    for (const off of [{}, { ALLOW_SINGLE_SECRET_ROUTE: 'false' }] as Record<string, string>[]) {
      const quiet = await runCli(['rules', 'check', '--file', destructive], off);
      expect(quiet.code).toBe(0);
      expect(quiet.stderr).toBe('');
    }
  });
});

describe('rules explain', () => {
  it('shows the matching rule and the API calls it would make, reads then writes', async () => {
    const result = await runCli(['rules', 'explain', '--event', 'SALE_NEW', '--payload', saleFixture, '--file', good]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('buyers: matches');
    expect(result.stdout).toContain('  pass pricePlan.id eq 3456 (saw 3456)');
    expect(result.stdout).toContain('french-leads: does not listen to SALE_NEW');
    const calls = result.stdout.split('API calls')[1]!;
    expect(calls.indexOf('GET /api/contacts/12345')).toBeLessThan(calls.indexOf('POST /api/contacts/12345/tags {"tagId":<id of "Customers">}'));
    expect(calls).toContain('POST /api/school/courses/680647/enrollments {"contactId":12345,"accessType":"full_access"}');
    expect(result.stdout).toContain('No API call was made');
  });

  it('shows the failed conditions with the values seen, and no calls, for a payload no rule matches', async () => {
    const result = await runCli(['rules', 'explain', '--event', 'sale-new', '--payload', otherPlan, '--file', good, '--json']);
    expect(result.code, result.stderr).toBe(0);
    const explained = JSON.parse(result.stdout) as { contact: number; rules: { name: string; matched: boolean; conditions: unknown[] }[]; calls: unknown[] };
    expect(explained.contact).toBe(777);
    expect(explained.rules[0]).toEqual({
      name: 'buyers',
      listens: true,
      matched: false,
      conditions: [{ condition: 'pricePlan.id eq 3456', passed: false, seen: [999] }],
    });
    expect(explained.calls).toEqual([]);
    const text = await runCli(['rules', 'explain', '--event', 'SALE_NEW', '--payload', otherPlan, '--file', good]);
    expect(text.stdout).toContain('  FAIL pricePlan.id eq 3456 (saw 999)');
    expect(text.stdout).toContain('No rule matches: no API call would be made.');
  });

  it('rejects a payload that is not the event it claims to be', async () => {
    const result = await runCli(['rules', 'explain', '--event', 'CONTACT_TAG_ADDED', '--payload', otherPlan, '--file', good]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('is not a valid CONTACT_TAG_ADDED body');
  });

  it('usage errors exit 2', async () => {
    expect((await runCli(['rules', 'explain', '--payload', saleFixture, '--file', good])).code).toBe(2);
    const badEvent = await runCli(['rules', 'explain', '--event', 'SALE_OLD', '--payload', saleFixture]);
    expect(badEvent.code).toBe(2);
    expect(badEvent.stderr).toContain('expected one of CONTACT_CREATED');
  });

  describe('--resolve', () => {
    let sim: Simulator;
    let simUrl: string;
    beforeAll(async () => {
      sim = createSimulator({ apiKey: 'k', seed: { tags: [{ id: 11, name: 'Customers' }] } });
      simUrl = await sim.listen();
    });
    afterAll(() => sim.close());

    it('turns tag names into ids with reads only', async () => {
      const result = await runCli(['rules', 'explain', '--event', 'SALE_NEW', '--payload', saleFixture, '--file', destructive, '--resolve'], {
        SYSTEME_API_URL: simUrl,
        SYSTEME_API_KEY: 'k',
      });
      expect(result.code, result.stderr).toBe(0);
      expect(result.stdout).toContain('POST /api/contacts/12345/tags {"tagId":11}');
      const cancelled = await runCli(['rules', 'explain', '--event', 'SALE_CANCELED', '--payload', saleFixture, '--file', destructive, '--resolve'], {
        SYSTEME_API_URL: simUrl,
        SYSTEME_API_KEY: 'k',
      });
      expect(cancelled.stdout).toContain('DELETE /api/contacts/12345/tags/11');
      expect(cancelled.stdout).toContain('POST /api/payment/subscriptions/<id of the active subscription on price plan 3456>/cancel {"cancel":"Now"}');
      const requests = (await (await fetch(`${simUrl}/__sim/requests`)).json()) as { method: string; path: string }[];
      expect(requests.length).toBeGreaterThan(0);
      expect(requests.every((request) => request.method === 'GET')).toBe(true);
    });

    it('exits 1, saying so, when Systeme.io refuses the key: the ids shown are not the account\'s', async () => {
      const result = await runCli(['rules', 'explain', '--event', 'SALE_NEW', '--payload', saleFixture, '--file', destructive, '--resolve'], {
        SYSTEME_API_URL: simUrl,
        SYSTEME_API_KEY: 'not-the-key-of-this-account',
      });
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/^--resolve could not read from Systeme\.io \(.*401.*\): the calls above are not the account's; fix that, or leave out --resolve/m);
      expect(result.stdout + result.stderr).not.toContain('not-the-key-of-this-account');
    });
  });
});

describe('rules schema', () => {
  it('prints the JSON Schema of the rules format', async () => {
    const result = await runCli(['rules', 'schema']);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(rulesJsonSchemaText());
  });
});
