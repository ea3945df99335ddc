import { describeRedisEndpoint, type RedisEndpoint } from '../../config/redis-endpoint.js';

/** Redis answered, and refused the connection's login: no password given, or a wrong one. */
export function loginRefused(error: Error): boolean {
  return /^(NOAUTH|WRONGPASS)\b/.test(error.message);
}

/** Which setting holds the password Redis refused. */
export function passwordAdvice(endpoint: RedisEndpoint): string {
  if (endpoint.kind === 'sentinel') return 'check REDIS_PASSWORD (the Redis servers\' password) and REDIS_SENTINEL_PASSWORD (the sentinels\')';
  const where = endpoint.kind === 'url' ? 'REDIS_PASSWORD (or the password in REDIS_URL)' : 'REDIS_PASSWORD';
  return `set ${where} to the password Redis requires`;
}

/** Nothing answers at the address: Redis is not running there, or the address is wrong. */
export function unreachable(error: Error): boolean {
  return /\b(ECONNREFUSED|ENOTFOUND|EAI_AGAIN|EHOSTUNREACH|ENETUNREACH|ETIMEDOUT)\b/.test(error.message);
}

/** The setting that says where Redis is. */
export function addressSetting(endpoint: RedisEndpoint): string {
  return endpoint.kind === 'url' ? 'REDIS_URL' : endpoint.kind === 'cluster' ? 'REDIS_CLUSTER_NODES' : 'REDIS_SENTINELS';
}

function addressAdvice(endpoint: RedisEndpoint): string {
  return `nothing answers at ${describeRedisEndpoint(endpoint)}: start Redis there, or set ${addressSetting(endpoint)} to where it runs`;
}

/**
 * The fields of a connection error's log line. The service keeps reconnecting (Redis may be
 * starting); the line says what to check should it not mend by itself.
 */
export function redisErrorLog(error: Error, endpoint: RedisEndpoint): { err: { message: string }; hint?: string } {
  const err = { message: error.message };
  if (loginRefused(error)) return { err, hint: `Redis refused the login: ${passwordAdvice(endpoint)}` };
  if (unreachable(error)) return { err, hint: addressAdvice(endpoint) };
  return { err };
}
