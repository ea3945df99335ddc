import { randomBytes } from 'node:crypto';
import { sha256 } from '../common/sha256.js';

/**
 * What Redis keeps per delivery for DEDUPE_TTL is mostly key names and values, so ids stored
 * there are short: 128 bits (22 base64url characters) instead of a 36-character UUID or a
 * message id of any length (docs/scaling.md#what-redis-keeps).
 */

/** 128 bits of the id's SHA-256: the same id always gives the same key; collisions are out of reach. */
export const compactId = (id: string): string => sha256(id, 'base64url').slice(0, 22);

const ID_BYTES = 16;
/** Random bytes for 256 ids at a time: one call into the system's generator per 256 deliveries instead of one each. */
const POOL_BYTES = ID_BYTES * 256;
let pool = Buffer.alloc(0);
let offset = POOL_BYTES;

/**
 * Ids an operator types (`failed show <id>`) never begin with '-', which a command line reads as
 * an option: a leading '-' becomes '0' (docs/operations.md#job-ids).
 */
export const optionSafe = (id: string): string => (id.charCodeAt(0) === 45 ? `0${id.slice(1)}` : id);

/** A new job id: 128 random bits, never beginning with '-'. */
export const newJobId = (): string => {
  if (offset + ID_BYTES > pool.length) {
    pool = randomBytes(POOL_BYTES);
    offset = 0;
  }
  const id = pool.toString('base64url', offset, offset + ID_BYTES);
  offset += ID_BYTES;
  return optionSafe(id);
};
