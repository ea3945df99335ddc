import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { freePort, waitForRedis } from './start-redis.js';
import { ask, startNode, type RedisNode } from './start-sentinel.js';
import { waitFor } from './wait-for.js';

export interface RedisCluster {
  /** Every node, the primaries first (in the order `redis-cli --cluster create` got them), then the replicas. */
  nodes: RedisNode[];
  /** `127.0.0.1:p1,127.0.0.1:p2,…` of the primaries, for REDIS_CLUSTER_NODES. */
  nodeList: string;
  /** The node that is master of `slot` now, as a running node reports it. */
  masterOf(slot: number): Promise<RedisNode>;
  /** The replicas of the node on `port`, as it reports them. */
  replicasOf(port: number): Promise<RedisNode[]>;
  /** The slot a key hashes to (`CLUSTER KEYSLOT`). */
  slotOf(key: string): Promise<number>;
  /** Waits until every running node says `cluster_state:ok`, `masters` masters hold slots, and every replica is in sync. */
  waitHealthy(masters?: number, timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
}

export interface ClusterOptions {
  primaries?: number;
  /** Replicas per primary. Default 0. */
  replicas?: number;
  /** `cluster-node-timeout`: how long a primary may not answer before its replica takes over. Default 2000 ms. */
  nodeTimeoutMs?: number;
}

const clusterInfo = async (port: number) =>
  Object.fromEntries(
    (await ask(port, (client) => client.cluster('INFO')))
      .split('\r\n')
      .filter((line) => line.includes(':'))
      .map((line) => line.split(':', 2) as [string, string]),
  );

/**
 * A Redis Cluster of real `redis-server` processes on 127.0.0.1 (each with its cluster bus on a
 * port of its own, `cluster-port`), made into a cluster by `redis-cli --cluster create`.
 */
export async function startCluster(options: ClusterOptions = {}): Promise<RedisCluster> {
  const primaries = options.primaries ?? 3;
  const total = primaries * (1 + (options.replicas ?? 0));
  const dir = mkdtempSync(join(tmpdir(), 'systeme-hooks-cluster-'));
  const nodes: RedisNode[] = [];
  for (let i = 0; i < total; i++) {
    const [port, busPort] = [await freePort(), await freePort()];
    const args = [
      '--port', String(port), '--cluster-port', String(busPort), '--bind', '127.0.0.1', '--dir', dir,
      '--cluster-enabled', 'yes', '--cluster-config-file', `nodes-${port}.conf`,
      '--cluster-node-timeout', String(options.nodeTimeoutMs ?? 2000),
      '--appendonly', 'yes', '--appendfilename', `${port}.aof`, '--appenddirname', `${port}-aof`,
      '--save', '', '--maxmemory-policy', 'noeviction', '--logfile', join(dir, `${port}.log`),
    ];
    nodes.push(startNode('redis-server', args, port));
  }
  const byPort = new Map(nodes.map((node) => [node.port, node]));
  const stop = async () => {
    await Promise.all(nodes.map((node) => node.kill('SIGKILL')));
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await Promise.all(nodes.map((node) => waitForRedis(node.url)));
    const created = spawnSync(
      'redis-cli',
      ['--cluster', 'create', ...nodes.map((node) => `127.0.0.1:${node.port}`), '--cluster-replicas', String(options.replicas ?? 0), '--cluster-yes'],
      { encoding: 'utf8', timeout: 60_000 },
    );
    if (created.status !== 0) throw new Error(`redis-cli --cluster create failed: ${created.stdout}${created.stderr}`);
  } catch (error) {
    await stop();
    throw error;
  }

  const running = () => nodes.filter((node) => node.running());
  const cluster: RedisCluster = {
    nodes,
    nodeList: nodes
      .slice(0, primaries)
      .map((node) => `127.0.0.1:${node.port}`)
      .join(','),
    async masterOf(slot) {
      for (const node of running()) {
        try {
          const ranges = (await ask(node.port, (client) => client.cluster('SLOTS'))) as unknown as [number, number, [string, number]][];
          const owner = ranges.find(([from, to]) => slot >= from && slot <= to);
          const found = owner && byPort.get(owner[2][1]);
          if (found) return found;
        } catch {
          // Ask the next node.
        }
      }
      throw new Error(`no running node names the master of slot ${slot}`);
    },
    async replicasOf(port) {
      const id = (await ask(port, (client) => client.call('CLUSTER', 'MYID'))) as string;
      const lines = (await ask(port, (client) => client.call('CLUSTER', 'REPLICAS', id))) as string[];
      return lines.map((line) => byPort.get(Number(/:(\d+)@/.exec(line)?.[1]))!).filter(Boolean);
    },
    async slotOf(key) {
      return ask(running()[0]!.port, (client) => client.cluster('KEYSLOT', key));
    },
    async waitHealthy(masters = primaries, timeoutMs = 120_000) {
      await waitFor(async () => {
        for (const node of running()) {
          const info = await clusterInfo(node.port).catch(() => undefined);
          if (info?.cluster_state !== 'ok' || Number(info.cluster_size) < masters) return sleep(200, undefined);
          // A replica counts once it holds its master's data (a WAIT can then be confirmed).
          const replication = await ask(node.port, (client) => client.info('replication')).catch(() => '');
          if (replication.includes('role:slave') && !replication.includes('master_link_status:up')) return sleep(200, undefined);
        }
        return true;
      }, timeoutMs);
    },
    stop,
  };
  await cluster.waitHealthy();
  return cluster;
}
