import { RE2JS } from 're2js';

/** `matches` tests values up to this many characters; a longer value does not match. */
export const MATCH_INPUT_LIMIT = 100_000;

const PATTERN_LIMIT = 500;

/** A compiled `matches` pattern. */
export interface Pattern {
  readonly source: string;
  test(input: string): boolean;
}

export type PatternResult = { ok: true; regex: Pattern } | { ok: false; error: string };

/**
 * Compiles a `matches` pattern at load time with RE2's linear-time engine (re2js): no pattern can
 * backtrack catastrophically, so no payload can hang a worker, whatever the rules say. RE2 has
 * no backreferences or lookaround; such patterns are refused with the reason.
 */
export function compilePattern(pattern: string): PatternResult {
  if (pattern.length > PATTERN_LIMIT) {
    return { ok: false, error: `regular expression is longer than ${PATTERN_LIMIT} characters` };
  }
  let compiled: RE2JS;
  try {
    compiled = RE2JS.compile(pattern);
  } catch (error) {
    const reason = error instanceof Error ? error.message.replace(/^error parsing regexp: /, '') : String(error);
    return {
      ok: false,
      error: `invalid regular expression: ${reason} (RE2 syntax: no backreferences or lookaround)`,
    };
  }
  return {
    ok: true,
    // Linear time already; the length bound keeps many rules over a huge field cheap. Testing a
    // cut-off prefix instead would change the answer (`$` would match at the cut).
    regex: { source: pattern, test: (input) => input.length <= MATCH_INPUT_LIMIT && compiled.matcher(input).find() },
  };
}
