import { z } from 'zod';

/** `a | b | c`, the form every "expected one of" message uses. */
export function oneOf(values: readonly string[]): string {
  return values.join(' | ');
}

/**
 * A strict mapping whose unknown keys are reported one by one as `unknown <what>` with the
 * keys that are allowed, so a typo points at itself (`rules[0].do[1].ad_tag: unknown action; …`).
 */
export function strictMapping<Shape extends z.ZodRawShape>(shape: Shape, what: string, expected?: string) {
  const keys = oneOf(Object.keys(shape));
  return z.strictObject(shape, {
    error: (issue) => {
      if (issue.code === 'unrecognized_keys') return `unknown ${what}; expected ${keys}`;
      if (issue.code === 'invalid_type') return expected ? `expected ${expected}` : undefined;
      return undefined;
    },
  });
}

/** A Systeme.io id as the rules file writes it: a positive integer (ids are integers: docs/systeme-io.md#ids). */
export const idSchema = z
  .number({ error: (issue) => (issue.input === undefined ? 'required; expected a positive integer id' : 'expected a positive integer id') })
  .int({ error: 'expected a positive integer id' })
  .positive({ error: 'expected a positive integer id' })
  .max(Number.MAX_SAFE_INTEGER, { error: 'expected a positive integer id' });
