import type { RedisEndpoint } from '../../config/redis-endpoint.js';

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

/**
 * The fields of a connection error's log line. The service keeps reconnecting (Redis may be
 * starting); a refused login will not mend by itself, and the line says what to set.
 */
export function redisErrorLog(error: Error, endpoint: RedisEndpoint): { err: { message: string }; hint?: string } {
  return loginRefused(error) ? { err: { message: error.message }, hint: `Redis refused the login: ${passwordAdvice(endpoint)}` } : { err: { message: error.message } };
}
