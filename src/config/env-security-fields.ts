import { z } from 'zod';

// The variables that hold credentials or say where they go: each refuses a value that would
// leave the service open. Messages give a length and a rule, never the value.

/** Shortest webhook secret accepted: a guessable secret makes every signature forgeable. */
export const MIN_SECRET_LENGTH = 16;
/** Shortest ADMIN_TOKEN accepted: the token guards job payloads (emails) and retries. */
export const MIN_ADMIN_TOKEN_LENGTH = 24;

/** Comma-separated secrets, current first; each at least MIN_SECRET_LENGTH characters. */
export const secretListField = z
  .string()
  .optional()
  .transform((value, ctx) => {
    const secrets = (value ?? '')
      .split(',')
      .map((secret) => secret.trim())
      .filter((secret) => secret.length > 0);
    for (const [index, secret] of secrets.entries()) {
      if (secret.length < MIN_SECRET_LENGTH) {
        const which = secrets.length > 1 ? `secret ${index + 1} of ${secrets.length}` : 'the secret';
        ctx.addIssue({
          code: 'custom',
          message: `${which} has ${secret.length} character${secret.length === 1 ? '' : 's'}, fewer than ${MIN_SECRET_LENGTH}; make one with \`openssl rand -hex 32\``,
        });
      }
    }
    return secrets;
  });

/** Unset or blank: no admin pages. */
export const adminTokenField = z
  .string()
  .optional()
  .transform((value) => (value === undefined || value.trim() === '' ? undefined : value.trim()))
  .refine((token) => token === undefined || token.length >= MIN_ADMIN_TOKEN_LENGTH, {
    message: `needs at least ${MIN_ADMIN_TOKEN_LENGTH} characters (it opens the queue dashboard); make one with \`openssl rand -hex 32\``,
  });

/**
 * `redis://…`, `rediss://…` (TLS) or the absolute path of a unix socket (`/run/redis.sock`,
 * optionally `?db=2`): what ioredis connects to. Anything else (an `http://` URL, a bare host)
 * would be guessed at and retried forever.
 */
export const redisUrlField = (fallback: string) =>
  z
    .string()
    .default(fallback)
    .refine(
      (text) => (text.startsWith('/') && !text.startsWith('//')) || (/^rediss?:\/\/[^/?#\s]/i.test(text) && URL.canParse(text)),
      { message: 'expected redis://host:port, rediss://host:port (TLS) or the absolute path of a unix socket' },
    );
