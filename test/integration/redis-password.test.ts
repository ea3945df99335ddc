import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, startCli } from '../helpers/cli.js';
import { startRedisBinary, type RedisServerProcess } from '../helpers/start-redis.js';

const WRONG = 'wrong-password-of-the-operator';

// An operator's Redis that asks for a password, given none or the wrong one.
describe('a Redis that refuses the password', () => {
  let server: RedisServerProcess;
  let holder: Server;
  let heldPort: number;
  const dir = mkdtempSync(join(tmpdir(), 'redis-password-'));
  const rulesFile = join(dir, 'rules.yaml');

  beforeAll(async () => {
    server = await startRedisBinary();
    const admin = new Redis(server.url);
    await admin.config('SET', 'requirepass', 'the-right-password');
    admin.disconnect();
    writeFileSync(rulesFile, 'rules:\n  - name: tag\n    on: CONTACT_CREATED\n    do:\n      - add_tag: { id: 10 }\n');
    holder = createServer();
    await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', resolve));
    heldPort = (holder.address() as { port: number }).port;
  });
  afterAll(async () => {
    await new Promise((resolve) => holder.close(resolve));
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const env = (more: Record<string, string> = {}) => ({
    REDIS_URL: server.url, REDIS_PASSWORD: WRONG, HOST: '127.0.0.1', LOG_LEVEL: 'info',
    SYSTEME_WEBHOOK_SECRET: 'redis-password-secret-0123456789', SYSTEME_API_KEY: 'redis-password-key', SYSTEME_API_URL: 'http://127.0.0.1:9',
    RULES_FILE: rulesFile, PORT: '0', METRICS_PORT: '0',
    ...more,
  });

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
