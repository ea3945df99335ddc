import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Redis } from 'ioredis';

export interface RedisHandle {
  url: string;
  /** Where the Redis came from: `env`, `testcontainers` or `binary`. */
  source: 'env' | 'testcontainers' | 'binary';
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no free port');
  return address.port;
}

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

function dockerAnswers(): boolean {
  const result = spawnSync('docker', ['info'], { stdio: 'ignore', timeout: 5000 });
  return result.status === 0;
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
  const url = `redis://127.0.0.1:${port}`;
  await Promise.race([waitForRedis(url), failed]);
  return {
    url,
    port,
    dir,
    child,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await exited;
      }
      if (!options.dir) rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** REDIS_URL if set; else testcontainers when a Docker engine answers; else redis-server from PATH. */
export async function startTestRedis(env: NodeJS.ProcessEnv = process.env): Promise<RedisHandle> {
  if (env.REDIS_URL) {
    await waitForRedis(env.REDIS_URL);
    return { url: env.REDIS_URL, source: 'env', stop: async () => undefined };
  }
  if (dockerAnswers()) {
    const { RedisContainer } = await import('@testcontainers/redis');
    const container = await new RedisContainer('redis:7-alpine').start();
    return { url: container.getConnectionUrl(), source: 'testcontainers', stop: async () => void (await container.stop()) };
  }
  const hasBinary = spawnSync('redis-server', ['--version'], { stdio: 'ignore' }).status === 0;
  if (!hasBinary) {
    throw new Error(
      'Tests need Redis: set REDIS_URL, start a Docker engine, or install redis-server (apt-get install redis-server).',
    );
  }
  const server = await startRedisBinary();
  return { url: server.url, source: 'binary', stop: server.stop };
}
