import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, startCli } from '../helpers/cli.js';
import { discardPrefix, testRedisUrl, uniquePrefix } from '../helpers/redis.js';

const SECRET = 'start-stop-secret-0123456789';

describe('serve, work and start: starting and stopping', () => {
  const prefix = uniquePrefix('start-stop');
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
    await discardPrefix(prefix);
  });

  // No job is queued under this prefix, so nothing calls the API (nothing listens on port 9).
  const env = (more: Record<string, string>) => ({
    REDIS_URL: testRedisUrl(), QUEUE_PREFIX: prefix, HOST: '127.0.0.1', LOG_LEVEL: 'info',
    SYSTEME_WEBHOOK_SECRET: SECRET, SYSTEME_API_KEY: 'start-stop-key', SYSTEME_API_URL: 'http://127.0.0.1:9',
    RULES_FILE: rulesFile, PORT: '0', METRICS_PORT: '0',
    ...more,
  });

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
