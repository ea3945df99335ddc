import type { Condition } from './condition-schema.js';
import { asText, compareValues, containsValue, sameValue } from './compare-values.js';
import { readPath } from './read-path.js';

export interface ConditionOutcome {
  condition: CompiledCondition;
  passed: boolean;
  /** The values found at the condition's path (empty when missing; several through a list). */
  seen: unknown[];
}

/** A condition compiled at load: its operator is chosen once, testing an event only reads it. */
export type CompiledCondition = Condition & {
  test(data: unknown): ConditionOutcome;
};

type Holds = (seen: readonly unknown[]) => boolean;

export function compileCondition(condition: Condition): CompiledCondition {
  const holds = predicate(condition);
  const compiled: CompiledCondition = {
    ...condition,
    test(data) {
      const seen = readPath(data, condition.segments);
      return { condition: compiled, passed: holds(seen), seen };
    },
  };
  return compiled;
}

/**
 * A positive operator holds when any value found satisfies it. `ne` and `not_in` are the
 * negations of `eq` and `in`: they hold when no value equals, so a missing value is "not equal".
 */
function predicate(condition: Condition): Holds {
  const any = (test: (value: unknown) => boolean): Holds => (seen) => seen.some(test);
  const text = (test: (value: string) => boolean): Holds =>
    any((value) => {
      const string = asText(value);
      return string !== undefined && test(string);
    });
  const order = (bound: unknown, test: (sign: number) => boolean): Holds =>
    any((value) => {
      const sign = compareValues(value, bound);
      return sign !== undefined && test(sign);
    });
  const not = (holds: Holds): Holds => (seen) => !holds(seen);
  switch (condition.op) {
    case 'eq': { const wanted = condition.value; return any((value) => sameValue(value, wanted)); }
    case 'ne': { const wanted = condition.value; return not(any((value) => sameValue(value, wanted))); }
    case 'in': { const wanted = condition.value; return any((value) => wanted.some((one) => sameValue(value, one))); }
    case 'not_in': { const wanted = condition.value; return not(any((value) => wanted.some((one) => sameValue(value, one)))); }
    case 'contains': { const wanted = condition.value; return any((value) => containsValue(value, wanted)); }
    case 'starts_with': { const prefix = condition.value; return text((value) => value.startsWith(prefix)); }
    case 'ends_with': { const suffix = condition.value; return text((value) => value.endsWith(suffix)); }
    // The whole value: the pattern refuses over-long input itself (pattern.ts); a cut-off
    // prefix would change the answer (`$` would match at the cut).
    case 'matches': { const regex = condition.value.regex; return text((value) => regex.test(value)); }
    case 'gt': return order(condition.value, (sign) => sign > 0);
    case 'gte': return order(condition.value, (sign) => sign >= 0);
    case 'lt': return order(condition.value, (sign) => sign < 0);
    case 'lte': return order(condition.value, (sign) => sign <= 0);
    case 'exists': { const wanted = condition.value; return (seen) => (seen.length > 0) === wanted; }
  }
}
