/**
 * The limiter's Redis scripts. A sliding log over Redis time: at most `max` grants in any
 * `window` ms, shared by every process; a pause key set on a 429 (or a spent quota) holds
 * everyone back. ACQUIRE returns 0 when granted, else ms to wait.
 *
 * KEYS: log, pause, learned quota. ARGV: max, window, grant id, learn (1/0), margin %, jitter ms.
 * When learning and a quota was learned (a hash of `limit`, `windowMs`), that quota minus the
 * margin replaces max/window (which are then the conservative start).
 */
export const ACQUIRE = `
local pause = redis.call('PTTL', KEYS[2])
if pause > 0 then return pause end
local max = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
if ARGV[4] == '1' then
  local learned = redis.call('HMGET', KEYS[3], 'limit', 'windowMs')
  if learned[1] and learned[2] then
    max = math.max(1, math.floor(tonumber(learned[1]) * (100 - tonumber(ARGV[5])) / 100))
    window = tonumber(learned[2]) + tonumber(ARGV[6])
  end
end
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
if redis.call('ZCARD', KEYS[1]) < max then
  redis.call('ZADD', KEYS[1], now, ARGV[3])
  redis.call('PEXPIRE', KEYS[1], window)
  return 0
end
local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
return math.max(1, tonumber(oldest[2]) + window - now)
`;

/** Sets the pause unless a longer one is already set. KEYS: pause. ARGV: ms. */
export const PAUSE = `
if redis.call('PTTL', KEYS[1]) < tonumber(ARGV[1]) then
  redis.call('SET', KEYS[1], '1', 'PX', ARGV[1])
end
return 1
`;

/**
 * Records what an answer's headers say about the quota, for every process: the limit as last
 * seen, the longest window seen (a refill read mid-window is shorter than the window). Expires
 * unless seen again, so a changed quota is learned afresh. KEYS: quota. ARGV: limit, window ms,
 * ttl ms. Returns the window now recorded.
 */
export const LEARN = `
local window = tonumber(ARGV[2])
local known = tonumber(redis.call('HGET', KEYS[1], 'windowMs') or '0')
if known > window then window = known end
redis.call('HSET', KEYS[1], 'limit', ARGV[1], 'windowMs', window)
redis.call('PEXPIRE', KEYS[1], ARGV[3])
return window
`;
