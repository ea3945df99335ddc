import * as crypto from 'node:crypto';

/**
 * SHA-256 of `data` as text: one call (`crypto.hash`, Node ≥ 20.12), else through a Hash object.
 * The receiver hashes several short values per delivery; the one-shot form costs less.
 */
export const sha256: (data: string | Buffer, encoding: 'hex' | 'base64url') => string =
  typeof crypto.hash === 'function'
    ? (data, encoding) => crypto.hash('sha256', data, encoding)
    : (data, encoding) => crypto.createHash('sha256').update(data).digest(encoding);
