import { createHmac } from 'node:crypto';

/**
 * The API never returns a webhook's secret (docs/systeme-io.md#webhook-resource), so `webhook register` cannot compare
 * secrets directly. Instead it writes a short fingerprint of the secret into the webhook's
 * name: the first 8 hex characters of HMAC-SHA256(key = secret, "systeme-hooks:fingerprint").
 * A changed secret (rotation) changes the name, and the webhook is updated; the same secret
 * gives the same name, and the webhook is left unchanged.
 *
 * The fingerprint is 32 bits of a keyed hash: it does not reveal the secret. Like any
 * signature of a captured delivery, it only lets someone test guesses offline, which matters
 * only for a guessable secret; use a long random one (`openssl rand -hex 32`).
 */
export function secretFingerprint(secret: string): string {
  return createHmac('sha256', secret).update('systeme-hooks:fingerprint').digest('hex').slice(0, 8);
}
