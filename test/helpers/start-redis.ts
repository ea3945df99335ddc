import { spawnSync } from 'node:child_process';
import { startRedisBinary, waitForRedis } from '../../src/cli/demo/local-redis.js';

export { freePort, startRedisBinary, waitForRedis, type RedisServerProcess } from '../../src/cli/demo/local-redis.js';

export interface RedisHandle {
  url: string;
  /** Where the Redis came from: `env`, `testcontainers` or `binary`. */
  source: 'env' | 'testcontainers' | 'binary';
  stop(): Promise<void>;
}

function dockerAnswers(): boolean {
  const result = spawnSync('docker', ['info'], { stdio: 'ignore', timeout: 5000 });
  return result.status === 0;
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
