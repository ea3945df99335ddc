/**
 * JSON as PHP's json_encode writes it by default, which is how Systeme.io's bodies look
 * (docs/systeme-io.md#php-escaped-json): `/` escaped as `\/` and every non-ASCII character as a `\uXXXX` escape.
 * Used to build realistic deliveries (simulator, `trigger`, tests).
 */
export function phpJsonEncode(value: unknown): string {
  return JSON.stringify(value)
    .replaceAll('/', '\\/')
    .replace(/[\u007f-\uffff]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
