import { spawn, type ChildProcess } from 'node:child_process';
import { randomInt } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Redis } from 'ioredis';

/** Whether nothing listens on this loopback port now. */
async function canBind(port: number): Promise<boolean> {
  const server = createServer();
  const bound = await new Promise<boolean>((resolve) => {
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => resolve(true));
  });
  if (bound) await new Promise<void>((resolve) => server.close(() => resolve()));
  return bound;
}

/**
 * The lowest port the system hands out by itself, for `listen(0)` and for outgoing connections
 * (Linux's ip_local_port_range; 32768 where it cannot be read, which is also below the range
 * other systems use).
 */
function ephemeralLow(): number {
  try {
    const low = Number(readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/)[0]);
    return Number.isInteger(low) && low > 0 ? low : 32_768;
  } catch {
    return 32_768;
  }
}

const LOWEST = 10_000;

/**
 * Ports this process has handed out. A port is handed out some time before its server binds it
 * (a redis-server or a sentinel starting, a Redis restarted on its old port): it must not be
 * handed out again meanwhile.
 */
const handedOut = new Set<number>();

/**
 * A free loopback port, never one this process has handed out before. It is drawn at random
 * below the system's ephemeral range: no `listen(0)` and no outgoing connection of any process
 * can take it before its server binds it, as one did when the ports came from the system.
 */
export async function freePort(): Promise<number> {
  const highest = Math.min(ephemeralLow() - 1, 32_767);
  if (highest - LOWEST < 1000) throw new Error(`no port range below the system's ephemeral ports (from ${highest + 1}) to pick test ports from`);
  for (let attempt = 0; attempt < 1000; attempt += 1) {
    const port = randomInt(LOWEST, highest + 1);
    if (handedOut.has(port)) continue;
    if (await canBind(port)) {
      handedOut.add(port);
      return port;
    }
  }
  throw new Error(`no free loopback port between ${LOWEST} and ${highest} in 1000 tries`);
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
