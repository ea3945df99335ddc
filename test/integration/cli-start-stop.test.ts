import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, startCli } from '../helpers/cli.js';
import { discardPrefix, testRedisUrl, uniquePrefix } from '../helpers/redis.js';
import { startRedisBinary, type RedisServerProcess } from '../helpers/start-redis.js';

const SECRET = 'start-stop-secret-0123456789';
const dir = mkdtempSync(join(tmpdir(), 'start-stop-'));
const rulesFile = join(dir, 'rules.yaml');
let holder: Server;
let heldPort: number;

beforeAll(async () => {
  writeFileSync(rulesFile, 'rules:\n  - name: tag\n    on: CONTACT_CREATED\n    do:\n      - add_tag: { id: 10 }\n');
  // Another process's port.
  holder = createServer();
  await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', resolve));
  heldPort = (holder.address() as { port: number }).port;
});
afterAll(async () => {
  await new Promise((resolve) => holder.close(resolve));
  rmSync(dir, { recursive: true, force: true });
});

/** The service's settings; no job is queued under the prefix, so nothing calls the API (nothing listens on port 9). */
const serviceEnv = (redisUrl: string, more: Record<string, string>) => ({
  REDIS_URL: redisUrl, HOST: '127.0.0.1', LOG_LEVEL: 'info',
  SYSTEME_WEBHOOK_SECRET: SECRET, SYSTEME_API_KEY: 'start-stop-key', SYSTEME_API_URL: 'http://127.0.0.1:9',
  RULES_FILE: rulesFile, PORT: '0', METRICS_PORT: '0',
  ...more,
});

describe('serve, work and start: starting and stopping', () => {
  const prefix = uniquePrefix('start-stop');
  afterAll(() => discardPrefix(prefix));
  const env = (more: Record<string, string>) => serviceEnv(testRedisUrl(), { QUEUE_PREFIX: prefix, ...more });

  it.each([
    ['serve', 'PORT'],
    ['start', 'PORT'],
    ['work', 'METRICS_PORT'],
  ])('%s exits 1 by itself when %s is taken, saying which setting to change', async (command, setting) => {
    const result = await runCli([command], env({ [setting]: String(heldPort) }));
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`127.0.0.1:${heldPort} is already in use (${setting}=${heldPort})`);
    expect(result.stderr).toContain(`set ${setting} to a free port`);
  });

  it.each(['serve', 'work', 'start'])('%s stopped by SIGTERM while still starting stops once started, and exits 0', async (command) => {
    const running = startCli([command], env({}));
    let code: number | null;
    try {
      // Logged once the signal handlers are in place, before the modules load and Redis is reached.
      await running.waitFor(/"msg":"starting"/);
      code = await running.stop('SIGTERM');
    } finally {
      // A failed step above leaves no process behind.
      if (running.child.exitCode === null && running.child.signalCode === null) running.child.kill('SIGKILL');
    }
    expect(code).toBe(0);
    const out = running.stdout();
    expect(out).toContain('"msg":"shutting down"');
    expect(out).toContain('"msg":"stopped"');
    expect(out).not.toContain('shutdown failed');
  });
});

const WRONG = 'wrong-password-of-the-operator';

// An operator's Redis that asks for a password, given none or the wrong one.
describe('a Redis that refuses the password', () => {
  let server: RedisServerProcess;
  beforeAll(async () => {
    server = await startRedisBinary();
    const admin = new Redis(server.url);
    await admin.config('SET', 'requirepass', 'the-right-password');
    admin.disconnect();
  });
  afterAll(() => server.stop());

  const env = (more: Record<string, string> = {}) => serviceEnv(server.url, { REDIS_PASSWORD: WRONG, ...more });

  it('makes an operator command say which setting holds the password, without showing it', async () => {
    for (const args of [['failed', 'list'], ['history', 'jane@example.com']]) {
      const result = await runCli(args, env(), { timeoutMs: 20_000 });
      expect(result.code, result.stderr).toBe(1);
      expect(result.stderr).toContain('WRONGPASS');
      expect(result.stderr).toContain('refused the login: set REDIS_PASSWORD (or the password in REDIS_URL) to the password Redis requires');
      expect(result.stdout + result.stderr).not.toContain(WRONG);
    }
    const none = await runCli(['failed', 'list'], { ...env(), REDIS_PASSWORD: '' }, { timeoutMs: 20_000 });
    expect(none.code).toBe(1);
    expect(none.stderr).toMatch(/NOAUTH.*refused the login: set REDIS_PASSWORD/);
  });

  // The queue's connection was still failing to log in when the failed start closed it: its
  // failure came after BullMQ had dropped its listeners, ended the process with an uncaught
  // `error` event, and printed the AUTH command with the password.
  it.each([
    ['serve', 'PORT'],
    ['work', 'METRICS_PORT'],
    ['start', 'PORT'],
  ])('%s exits 1 by itself when %s is taken, with no uncaught error and no password shown', async (command, setting) => {
    const result = await runCli([command], env({ [setting]: String(heldPort) }));
    expect(result.code, result.stderr).toBe(1);
    expect(result.stderr).toContain(`is already in use (${setting}=${heldPort})`);
    expect(result.stderr).not.toContain("Emitted 'error' event");
    expect(result.stdout + result.stderr).not.toContain(WRONG);
  });

  it.each(['serve', 'work'])('%s keeps trying, logs what to set, and stops on SIGTERM with exit 0', async (command) => {
    const running = startCli([command], env());
    let code: number | null;
    try {
      await running.waitFor(/"hint":"Redis refused the login: set REDIS_PASSWORD \(or the password in REDIS_URL\) to the password Redis requires"/);
      code = await running.stop('SIGTERM');
    } finally {
      if (running.child.exitCode === null && running.child.signalCode === null) running.child.kill('SIGKILL');
    }
    expect(code, running.stderr()).toBe(0);
    expect(running.stdout() + running.stderr()).not.toContain(WRONG);
  });
});
