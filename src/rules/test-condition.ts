import type { Condition } from './condition-schema.js';
import { asText, compareValues, containsValue, sameValue } from './compare-values.js';
import { readPath } from './read-path.js';

export interface ConditionOutcome {
  condition: Condition;
  passed: boolean;
  /** The values found at the condition's path (empty when missing; several through a list). */
  seen: unknown[];
}

export function testCondition(condition: Condition, data: unknown): ConditionOutcome {
  const seen = readPath(data, condition.segments);
  return { condition, passed: holds(condition, seen), seen };
}

/**
 * A positive operator holds when any value found satisfies it. `ne` and `not_in` are the
 * negations of `eq` and `in`: they hold when no value equals, so a missing value is "not equal".
 */
function holds(condition: Condition, seen: unknown[]): boolean {
  const any = (test: (value: unknown) => boolean) => seen.some(test);
  const text = (test: (value: string) => boolean) => any((value) => {
    const string = asText(value);
    return string !== undefined && test(string);
  });
  const order = (test: (sign: number) => boolean) => any((value) => {
    const sign = compareValues(value, condition.value);
    return sign !== undefined && test(sign);
  });
  switch (condition.op) {
    case 'eq': return any((value) => sameValue(value, condition.value));
    case 'ne': return !any((value) => sameValue(value, condition.value));
    case 'in': return any((value) => condition.value.some((wanted) => sameValue(value, wanted)));
    case 'not_in': return !any((value) => condition.value.some((wanted) => sameValue(value, wanted)));
    case 'contains': return any((value) => containsValue(value, condition.value));
    case 'starts_with': return text((value) => value.startsWith(condition.value));
    case 'ends_with': return text((value) => value.endsWith(condition.value));
    // The whole value: the pattern refuses over-long input itself (pattern.ts); a cut-off
    // prefix would change the answer (`$` would match at the cut).
    case 'matches': return text((value) => condition.value.regex.test(value));
    case 'gt': return order((sign) => sign > 0);
    case 'gte': return order((sign) => sign >= 0);
    case 'lt': return order((sign) => sign < 0);
    case 'lte': return order((sign) => sign <= 0);
    case 'exists': return (seen.length > 0) === condition.value;
  }
}
