import { spawnSync } from 'node:child_process';
import { startRedisBinary, waitForRedis } from '../../src/cli/demo/local-redis.js';

export { startRedisBinary, waitForRedis, type RedisServerProcess } from '../../src/cli/demo/local-redis.js';
export { freePort } from '../../src/cli/support/free-port.js';

/** Where the test Redis comes from: `env` (REDIS_URL), `binary` (redis-server) or `testcontainers`. */
export type RedisSource = 'env' | 'testcontainers' | 'binary';

export interface RedisHandle {
  url: string;
  source: RedisSource;
  stop(): Promise<void>;
}

function hasRedisBinary(): boolean {
  return spawnSync('redis-server', ['--version'], { stdio: 'ignore' }).status === 0;
}

/**
 * The source is chosen explicitly, never from whether a Docker engine happens to answer: an
 * engine that cannot pull images (an offline or air-gapped machine) would otherwise break the
 * whole suite as soon as it runs. `TEST_REDIS=binary|testcontainers` forces one; by default
 * REDIS_URL wins, then `redis-server` from PATH, then testcontainers.
 */
export function chooseRedisSource(env: NodeJS.ProcessEnv, binaryOnPath: () => boolean = hasRedisBinary): RedisSource {
  const forced = env.TEST_REDIS;
  if (forced !== undefined && forced !== '') {
    if (forced === 'binary' || forced === 'testcontainers') return forced;
    throw new Error(`TEST_REDIS=${forced} is not a Redis source: use "binary" or "testcontainers" (or set REDIS_URL).`);
  }
  if (env.REDIS_URL) return 'env';
  return binaryOnPath() ? 'binary' : 'testcontainers';
}

export async function startTestRedis(env: NodeJS.ProcessEnv = process.env): Promise<RedisHandle> {
  const source = chooseRedisSource(env);
  if (source === 'env') {
    const url = env.REDIS_URL as string;
    await waitForRedis(url);
    return { url, source, stop: async () => undefined };
  }
  if (source === 'testcontainers') {
    const { RedisContainer } = await import('@testcontainers/redis');
    const container = await new RedisContainer('redis:7-alpine').start().catch((error: unknown) => {
      const why = error instanceof Error ? error.message : String(error);
      throw new Error(
        `Tests need Redis and testcontainers could not start one (${why}). Install redis-server (apt-get install redis-server) or set REDIS_URL.`,
      );
    });
    return { url: container.getConnectionUrl(), source, stop: async () => void (await container.stop()) };
  }
  if (!hasRedisBinary()) {
    throw new Error('TEST_REDIS=binary but redis-server is not on PATH: install it (apt-get install redis-server).');
  }
  const server = await startRedisBinary();
  return { url: server.url, source, stop: server.stop };
}
