import { createHash, randomBytes } from 'node:crypto';

/**
 * What Redis keeps per delivery for DEDUPE_TTL is mostly key names and values, so ids stored
 * there are short: 128 bits (22 base64url characters) instead of a 36-character UUID or a
 * message id of any length (docs/scaling.md#what-redis-keeps).
 */

/** 128 bits of the id's SHA-256: the same id always gives the same key; collisions are out of reach. */
export const compactId = (id: string): string => createHash('sha256').update(id).digest('base64url').slice(0, 22);

/** A new job id: 128 random bits. */
export const newJobId = (): string => randomBytes(16).toString('base64url');
