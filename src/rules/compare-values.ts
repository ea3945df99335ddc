/**
 * How condition operands meet payload values. Systeme.io sends ids as integers (docs/systeme-io.md#ids),
 * but a numeric string on either side is tolerated: numbers and numeric strings compare as numbers.
 */
const NUMERIC = /^-?\d+(\.\d+)?$/;

export function asNumber(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value === 'string' && NUMERIC.test(value)) return Number(value);
  return undefined;
}

/** Equality for `eq`, `ne`, `in`, `not_in`: numeric when both sides are numbers, strict otherwise. */
export function sameValue(seen: unknown, wanted: unknown): boolean {
  const a = asNumber(seen);
  const b = asNumber(wanted);
  if (a !== undefined && b !== undefined) return a === b;
  return seen === wanted;
}

/** The text string operators look at: strings as they are, numbers in decimal, nothing else. */
export function asText(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  return undefined;
}

/**
 * Sign of `seen - bound` for `gt`/`gte`/`lt`/`lte`: numerically when both are numbers, by code
 * units when both are other strings (so ISO-8601 dates in the same format compare by time),
 * undefined when they are not comparable (the condition is then false).
 */
export function compareValues(seen: unknown, bound: unknown): number | undefined {
  const a = asNumber(seen);
  const b = asNumber(bound);
  if (a !== undefined && b !== undefined) return Math.sign(a - b);
  if (typeof seen === 'string' && typeof bound === 'string' && a === undefined && b === undefined) {
    return seen < bound ? -1 : seen > bound ? 1 : 0;
  }
  return undefined;
}

/** `contains`: text contains the text, or (for a list, expanded element by element) an element equals the value. */
export function containsValue(seen: unknown, wanted: unknown): boolean {
  const text = asText(seen);
  if (typeof wanted === 'string' && text !== undefined) return text.includes(wanted);
  return sameValue(seen, wanted);
}
