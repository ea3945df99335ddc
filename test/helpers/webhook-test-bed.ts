import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { createSimulator, type Simulator } from '../../src/sim/index.js';
import { runCli } from './cli.js';

export const KEY = 'cli-webhook-key';
export const URL_BASE = 'https://hooks.example/webhooks/systeme';

export interface ApiWebhook {
  id: string;
  name: string;
  url: string;
  active: boolean;
  subscriptions: { event: string; disabledAt: string | null; disabledReason: string | null }[];
}

/**
 * A simulator (reset before each test) and a rules file using SALE_NEW and SALE_CANCELED, for the
 * `webhook` command tests. Call at the top of a test file.
 */
export function webhookTestBed() {
  let sim: Simulator;
  const bed = {
    simUrl: '',
    dir: mkdtempSync(join(tmpdir(), 'cli-webhook-')),
    rulesFile: '',
    env(extra: Record<string, string> = {}) {
      return {
        SYSTEME_API_URL: bed.simUrl,
        SYSTEME_API_KEY: KEY,
        SYSTEME_WEBHOOK_SECRET: 'master-1-0123456789abcdef',
        RULES_FILE: bed.rulesFile,
        API_RETRIES: '0',
        ...extra,
      };
    },
    async webhooks(): Promise<ApiWebhook[]> {
      const response = await fetch(`${bed.simUrl}/api/webhooks`, { headers: { 'x-api-key': KEY } });
      return ((await response.json()) as { items: ApiWebhook[] }).items;
    },
    register(args: string[] = [], extra: Record<string, string> = {}) {
      return runCli(['webhook', 'register', '--url', URL_BASE, ...args], bed.env(extra));
    },
  };
  bed.rulesFile = join(bed.dir, 'rules.yaml');
  writeFileSync(
    bed.rulesFile,
    `rules:
  - name: buyers
    on: SALE_NEW
    do:
      - add_tag: Customers
  - name: refunds
    on: SALE_CANCELED
    do:
      - remove_tag: Customers
`,
  );
  beforeAll(async () => {
    sim = createSimulator({ apiKey: KEY });
    bed.simUrl = await sim.listen();
  });
  afterAll(() => sim.close());
  beforeEach(async () => {
    await fetch(`${bed.simUrl}/__sim/reset`, { method: 'POST' });
  });
  return bed;
}
