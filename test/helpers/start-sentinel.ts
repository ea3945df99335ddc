import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Redis } from 'ioredis';
import { freePort, waitForRedis } from './start-redis.js';
import { waitFor } from './wait-for.js';

/** One `redis-server` or `redis-sentinel` on a loopback port, a child of this process. */
export interface RedisNode {
  port: number;
  url: string;
  child: ChildProcess;
  running(): boolean;
  /** Sends `signal` and waits for the exit (SIGKILL: a crash, nothing flushed). */
  kill(signal?: NodeJS.Signals): Promise<void>;
  /** SIGSTOP / SIGCONT: a node that stops answering, without closing its sockets. */
  pause(): void;
  resume(): void;
}

export interface SentinelGroup {
  /** The master's name the sentinels monitor. */
  name: string;
  /** The first primary, then its replicas. */
  nodes: RedisNode[];
  sentinels: RedisNode[];
  /** `127.0.0.1:p1,127.0.0.1:p2,…` for REDIS_SENTINELS. */
  sentinelList: string;
  /** The port of the master as a sentinel that answers reports it. */
  masterPort(): Promise<number>;
  /**
   * Waits until every running sentinel sees the master and `replicas` replicas with no flag
   * beyond their role (no s_down, no disconnected): what a failover needs to pick a replica.
   */
  waitHealthy(replicas: number, timeoutMs?: number): Promise<void>;
  /** Stops every process (SIGKILL) and removes their directory. */
  stop(): Promise<void>;
}

const all = new Set<RedisNode>();
process.once('exit', () => {
  for (const node of all) if (node.running()) node.child.kill('SIGKILL');
});

export function startNode(binary: string, args: string[], port: number): RedisNode {
  const child = spawn(binary, args, { stdio: 'ignore' });
  child.on('error', () => undefined);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const running = () => child.exitCode === null && child.signalCode === null;
  const node: RedisNode = {
    port,
    url: `redis://127.0.0.1:${port}`,
    child,
    running,
    async kill(signal = 'SIGKILL') {
      if (running()) {
        // A stopped process only acts on SIGKILL or after SIGCONT.
        child.kill('SIGCONT');
        child.kill(signal);
      }
      await exited;
      all.delete(node);
    },
    pause: () => void child.kill('SIGSTOP'),
    resume: () => void child.kill('SIGCONT'),
  };
  all.add(node);
  return node;
}

export async function ask<T>(port: number, fn: (client: Redis) => Promise<T>, password?: string): Promise<T> {
  const client = new Redis(port, '127.0.0.1', {
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    connectTimeout: 2000,
    ...(password === undefined ? {} : { password }),
  });
  client.on('error', () => undefined);
  try {
    await client.connect();
    return await fn(client);
  } finally {
    client.disconnect();
  }
}

/** `INFO replication` of a node, as fields. */
export async function replicationInfo(port: number, password?: string): Promise<Record<string, string>> {
  const text = await ask(port, (client) => client.info('replication'), password);
  return Object.fromEntries(text.split('\r\n').filter((line) => line.includes(':')).map((line) => line.split(':', 2) as [string, string]));
}

/**
 * A primary, `replicas` replicas and `sentinels` sentinels (quorum: a majority), all on
 * 127.0.0.1, resolved once every replica is in sync and every sentinel knows all the others.
 */
export interface SentinelGroupOptions {
  replicas?: number;
  sentinels?: number;
  downAfterMs?: number;
  name?: string;
  /** requirepass (and masterauth) of every server. */
  password?: string;
  /** requirepass of every sentinel. */
  sentinelPassword?: string;
}

export async function startSentinelGroup(options: SentinelGroupOptions = {}): Promise<SentinelGroup> {
  const dir = mkdtempSync(join(tmpdir(), 'systeme-hooks-sentinel-'));
  const before = new Set(all);
  try {
    return await startGroupIn(dir, options);
  } catch (error) {
    // A setup that fails leaves none of its servers or sentinels running: no test holds the group to stop it.
    await Promise.all([...all].filter((node) => !before.has(node)).map((node) => node.kill('SIGKILL')));
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}

async function startGroupIn(dir: string, options: SentinelGroupOptions): Promise<SentinelGroup> {
  const { password, sentinelPassword } = options;
  const withPassword = (url: string, secret: string | undefined) => (secret === undefined ? url : url.replace('redis://', `redis://:${secret}@`));
  const name = options.name ?? 'hooks';
  const sentinelCount = options.sentinels ?? 3;
  const serverArgs = (port: number, label: string) => [
    '--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--dbfilename', `${label}.rdb`,
    '--appendonly', 'yes', '--appendfilename', `${label}.aof`, '--appenddirname', `${label}-aof`, '--appendfsync', 'everysec',
    '--save', '', '--maxmemory-policy', 'noeviction', '--logfile', join(dir, `${label}.log`),
    ...(password === undefined ? [] : ['--requirepass', password, '--masterauth', password]),
  ];
  const primaryPort = await freePort();
  const nodes = [startNode('redis-server', serverArgs(primaryPort, 'primary'), primaryPort)];
  await waitForRedis(withPassword(nodes[0]!.url, password));
  for (let i = 1; i <= (options.replicas ?? 2); i++) {
    const port = await freePort();
    nodes.push(startNode('redis-server', [...serverArgs(port, `replica${i}`), '--replicaof', '127.0.0.1', String(primaryPort)], port));
  }
  await Promise.all(nodes.map((node) => waitForRedis(withPassword(node.url, password))));
  await waitFor(async () => {
    for (const node of nodes.slice(1)) {
      if ((await replicationInfo(node.port, password)).master_link_status !== 'up') return sleep(200, undefined);
    }
    return true;
  }, 60_000);

  const sentinels: RedisNode[] = [];
  for (let i = 1; i <= sentinelCount; i++) {
    const port = await freePort();
    const file = join(dir, `sentinel${i}.conf`);
    writeFileSync(
      file,
      [
        `port ${port}`,
        'bind 127.0.0.1',
        `dir ${dir}`,
        `logfile ${join(dir, `sentinel${i}.log`)}`,
        `sentinel monitor ${name} 127.0.0.1 ${primaryPort} ${Math.floor(sentinelCount / 2) + 1}`,
        `sentinel down-after-milliseconds ${name} ${options.downAfterMs ?? 2000}`,
        `sentinel failover-timeout ${name} 10000`,
        `sentinel parallel-syncs ${name} 1`,
        ...(password === undefined ? [] : [`sentinel auth-pass ${name} ${password}`]),
        ...(sentinelPassword === undefined ? [] : [`requirepass ${sentinelPassword}`]),
        '',
      ].join('\n'),
    );
    sentinels.push(startNode('redis-sentinel', [file], port));
  }
  await Promise.all(sentinels.map((node) => waitForRedis(withPassword(node.url, sentinelPassword))));
  // Sentinels find each other through hello messages every 2 s, and the replicas through INFO.
  await waitFor(async () => {
    for (const sentinel of sentinels) {
      const [known, replicas] = await ask(sentinel.port, async (client) => [
        (await client.call('SENTINEL', 'SENTINELS', name)) as unknown[],
        (await client.call('SENTINEL', 'REPLICAS', name)) as unknown[],
      ], sentinelPassword);
      if (known.length < sentinelCount - 1 || replicas.length < nodes.length - 1) return sleep(200, undefined);
    }
    return true;
  }, 90_000);

  return {
    name,
    nodes,
    sentinels,
    sentinelList: sentinels.map((s) => `127.0.0.1:${s.port}`).join(','),
    async masterPort() {
      for (const sentinel of sentinels.filter((s) => s.running())) {
        try {
          const [, port] = (await ask(sentinel.port, (client) => client.call('SENTINEL', 'GET-MASTER-ADDR-BY-NAME', name), sentinelPassword)) as [string, string];
          return Number(port);
        } catch {
          // Try the next sentinel.
        }
      }
      throw new Error('no sentinel answered');
    },
    async waitHealthy(replicas, timeoutMs = 120_000) {
      const flagsOf = (entry: unknown) => {
        const fields = entry as string[];
        return fields[fields.indexOf('flags') + 1];
      };
      await waitFor(async () => {
        for (const sentinel of sentinels.filter((s) => s.running())) {
          const [master, seen] = await ask(sentinel.port, async (client) => [
            (await client.call('SENTINEL', 'MASTER', name)) as unknown,
            (await client.call('SENTINEL', 'REPLICAS', name)) as unknown[],
          ], sentinelPassword);
          const healthy = seen.filter((entry) => flagsOf(entry) === 'slave');
          if (flagsOf(master) !== 'master' || healthy.length < replicas) return sleep(200, undefined);
        }
        return true;
      }, timeoutMs);
    },
    async stop() {
      await Promise.all([...sentinels, ...nodes].map((node) => node.kill('SIGKILL')));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
