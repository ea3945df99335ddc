import { phpJsonEncode } from '../../events/php-json.js';

const FLOAT_MARK = '\u0000php-float:';

/**
 * A number PHP would write as a float (`0.0`, not `0`; a real sale has `"vat":0.0`, docs/systeme-io.md#php-escaped-json).
 * JSON.stringify cannot write `0.0`, so the value travels as a marked string that
 * `encodeEventBody` turns back into a bare number.
 */
export function phpFloat(value: number): string {
  return `${FLOAT_MARK}${Number.isInteger(value) ? value.toFixed(1) : String(value)}`;
}

/** The exact delivery bytes: PHP-style JSON (`\/`, `\uXXXX`, floats with a decimal point). */
export function encodeEventBody(payload: unknown): string {
  return phpJsonEncode(payload).replace(/"\\u0000php-float:([-0-9.eE+]+)"/g, '$1');
}
