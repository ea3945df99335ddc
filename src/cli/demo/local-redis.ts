import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Redis } from 'ioredis';
import { freePort } from '../support/free-port.js';

export async function waitForRedis(url: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const client = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    client.on('error', () => undefined);
    try {
      await client.connect();
      await client.ping();
      client.disconnect();
      return;
    } catch (error) {
      client.disconnect();
      if (Date.now() > deadline) throw error;
      await sleep(50);
    }
  }
}

export interface RedisServerProcess {
  url: string;
  port: number;
  dir: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

/** Starts `redis-server` from PATH on a free loopback port with its own directory (AOF on). */
export async function startRedisBinary(options: { port?: number; dir?: string } = {}): Promise<RedisServerProcess> {
  const port = options.port ?? (await freePort());
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), 'systeme-hooks-redis-'));
  const child = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '', '--appendonly', 'yes',
      '--appendfsync', 'everysec', '--maxmemory-policy', 'noeviction'],
    { stdio: 'ignore' },
  );
  const failed = new Promise<never>((_, reject) => {
    child.once('error', (error) =>
      reject(new Error(`could not start redis-server (${error.message}); install it (apt-get install redis-server) or set REDIS_URL`)),
    );
  });
  // Whatever ends this process (process.exit on a signal, an uncaught error), redis-server must not outlive it.
  const killOnExit = () => {
    child.kill('SIGKILL');
    if (!options.dir) rmSync(dir, { recursive: true, force: true });
  };
  process.once('exit', killOnExit);
  const url = `redis://127.0.0.1:${port}`;
  try {
    await Promise.race([waitForRedis(url), failed]);
  } catch (error) {
    process.off('exit', killOnExit);
    killOnExit();
    throw error;
  }
  return {
    url,
    port,
    dir,
    child,
    async stop() {
      process.off('exit', killOnExit);
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        // redis-server rewrites nothing on SIGTERM here (no RDB save), so it stops at once; never wait forever.
        const stuck = setTimeout(() => child.kill('SIGKILL'), 10_000);
        await exited;
        clearTimeout(stuck);
      }
      if (!options.dir) rmSync(dir, { recursive: true, force: true });
    },
  };
}
