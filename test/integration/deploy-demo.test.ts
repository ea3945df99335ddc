import { spawn } from 'node:child_process';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/program.js';
import { startReceiverProcess, type ReceiverProcess } from '../../src/cli/receiver-process.js';
import { startWorkerProcess, type WorkerProcess } from '../../src/cli/worker-process.js';
import { loadConfig } from '../../src/config/load-config.js';
import { createSimulator, loadSeedFile, type Simulator } from '../../src/sim/index.js';
import { captureLogger } from '../helpers/log-capture.js';
import { discardPrefix, testRedisUrl, uniquePrefix } from '../helpers/redis.js';

const file = (path: string) => fileURLToPath(new URL(`../../${path}`, import.meta.url));

function run(command: string, args: string[], env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env: { PATH: process.env.PATH ?? '', ...env } });
    let output = '';
    child.stdout.on('data', (chunk) => (output += String(chunk)));
    child.stderr.on('data', (chunk) => (output += String(chunk)));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
  });
}

/**
 * `docker compose --profile demo up` without Docker: the same seed, rules, commands and
 * environment as the demo services of docker-compose.yml, each on a free port.
 */
describe('the compose demo (sim, receiver, worker, demo-register, demo-sale)', () => {
  const prefix = uniquePrefix('demo');
  let sim: Simulator;
  let receiver: ReceiverProcess;
  let worker: WorkerProcess;
  let env: Record<string, string>;

  beforeAll(async () => {
    sim = createSimulator({ apiKey: 'demo-key', seed: await loadSeedFile(file('examples/sim-seed.json')) });
    const simUrl = await sim.listen(0, '127.0.0.1');
    env = {
      REDIS_URL: testRedisUrl(),
      QUEUE_PREFIX: prefix,
      SYSTEME_WEBHOOK_SECRET: 'demo-webhook-secret',
      SYSTEME_API_URL: simUrl,
      SYSTEME_API_KEY: 'demo-key',
      RULES_FILE: file('rules.example.yaml'),
      HOST: '127.0.0.1',
      PORT: '0',
      METRICS_PORT: '0',
    };
    const { logger } = captureLogger('warn');
    const config = loadConfig(env, ['secret', 'api']);
    receiver = await startReceiverProcess({ config, logger });
    worker = await startWorkerProcess({ config, logger, membershipSettleMs: 5_000 });
  });

  afterAll(async () => {
    await receiver?.close();
    await worker?.close();
    await sim?.close();
    await discardPrefix(prefix);
  });

  it('registers the webhooks with the simulator, then turns a sale into tags, an enrollment, a membership and a field, and the refund takes them back', async () => {
    let out = '';
    const sink = new Writable({ write: (chunk, _encoding, done) => ((out += String(chunk)), done()) });
    const code = await runCli(['webhook', 'register', '--url', `${receiver.address}/webhooks/systeme`, '--allow-http'], {
      env,
      stdout: sink,
      stderr: sink,
    });
    expect(code, out).toBe(0);
    expect(out).toContain('created');

    const sale = await run(process.execPath, [file('deploy/demo/demo-sale.mjs')], {
      SYSTEME_API_URL: env.SYSTEME_API_URL!,
      SYSTEME_API_KEY: 'demo-key',
      DEMO_TIMEOUT_MS: '20000',
    });
    expect(sale.code, sale.output).toBe(0);
    expect(sale.output).toMatch(/after the sale: .*"Customers".*"plan-3456".*"enrolled":true,"member":true,"customerSince":"20/);
    expect(sale.output).toMatch(/after the refund: \{"tags":\["Lead","plan-3456"\],"enrolled":false,"member":false/);
  });
});
