import { FORBIDDEN_SEGMENTS } from './paths.js';

/** Bounds on one lookup, so a hostile payload (huge or deeply nested lists) cannot make a condition slow. */
const MAX_VALUES = 1_000;
const MAX_STEPS = 100_000;
const MAX_LIST_NESTING = 8;

/**
 * Every value found at `segments` in `data`. Lists met on the way (or at the end) are expanded,
 * so `orderItem.resources.course.id` yields the id of every resource. `null` counts as missing.
 * Only own properties of plain objects are read: no prototype, getter or class instance is ever
 * reached, and the segments `__proto__`, `prototype` and `constructor` never match.
 */
export function readPath(data: unknown, segments: readonly string[]): unknown[] {
  const found: unknown[] = [];
  let steps = 0;
  const visit = (value: unknown, index: number, nesting: number): void => {
    if (found.length >= MAX_VALUES || ++steps > MAX_STEPS) return;
    if (value === null || value === undefined) return;
    if (Array.isArray(value)) {
      if (nesting >= MAX_LIST_NESTING) return;
      for (let i = 0; i < value.length; i += 1) visit(value[i], index, nesting + 1);
      return;
    }
    if (index === segments.length) {
      found.push(value);
      return;
    }
    const segment = segments[index] as string;
    if (FORBIDDEN_SEGMENTS.has(segment) || !isPlainObject(value) || !Object.hasOwn(value, segment)) return;
    visit(value[segment], index + 1, 0);
  };
  visit(data, 0, 0);
  return found;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}
