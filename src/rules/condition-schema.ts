import { z } from 'zod';
import { ALL_ROOTS, parsePath } from './paths.js';
import { compilePattern } from './pattern.js';
import { oneOf, strictMapping } from './zod-helpers.js';

export const OPERATORS = [
  'eq', 'ne', 'in', 'not_in', 'contains', 'starts_with', 'ends_with', 'matches', 'gt', 'gte', 'lt', 'lte', 'exists',
] as const;

export type Operator = (typeof OPERATORS)[number];

const scalar = z.union([z.string(), z.number(), z.boolean()], { error: 'expected a string, a number or true/false' });
const scalarList = z.array(scalar, { error: 'expected a list of values' }).min(1, { error: 'expected at least one value' });
const text = z.string({ error: 'expected a string' }).min(1, { error: 'must not be empty' });
const bound = z.union([z.number(), z.string()], { error: 'expected a number (or a string, compared as text)' });

const pattern = z.string({ error: 'expected a regular expression as a string' }).transform((source, ctx) => {
  const compiled = compilePattern(source);
  if (!compiled.ok) {
    ctx.addIssue({ code: 'custom', message: compiled.error });
    return z.NEVER;
  }
  return { source, regex: compiled.regex };
});

const operatorsSchema = strictMapping(
  {
    eq: scalar.optional().meta({ description: 'equal (numbers and numeric strings compare as numbers)' }),
    ne: scalar.optional().meta({ description: 'not equal; a missing value is not equal' }),
    in: scalarList.optional().meta({ description: 'equal to one of the values' }),
    not_in: scalarList.optional().meta({ description: 'equal to none of the values; a missing value is in none' }),
    contains: scalar.optional().meta({ description: 'a string contains this text, or a list contains this value' }),
    starts_with: text.optional(),
    ends_with: text.optional(),
    matches: pattern.optional().meta({ description: 'JavaScript regular expression, case-sensitive, no flags' }),
    gt: bound.optional(),
    gte: bound.optional(),
    lt: bound.optional(),
    lte: bound.optional(),
    exists: z.boolean({ error: 'expected true or false' }).optional().meta({ description: 'the path has a value (null counts as missing)' }),
  },
  'operator',
).refine((operators) => Object.values(operators).some((value) => value !== undefined), {
  error: `expected at least one operator: ${oneOf(OPERATORS)}`,
});

type Operands = z.output<typeof operatorsSchema>;

const conditionSpec = z.union([scalar.transform((value): Operands => ({ eq: value })), operatorsSchema], {
  error: (issue) =>
    `expected a value or a mapping of operators such as { ends_with: "@example.com" }${
      issue.input === null ? '; to test for a missing value write { exists: false }' : ''
    }`,
});

const pathKey = z
  .string()
  .superRefine((path, ctx) => {
    const parsed = parsePath(path);
    if (!parsed.ok) ctx.addIssue({ code: 'custom', message: parsed.error });
  })
  // For editors only; parsePath gives the precise message.
  .meta({ pattern: `^(${ALL_ROOTS.join('|')})(\\.[A-Za-z0-9_-]+)*$` });

/** One test on one path. A `when` entry with several operators gives several conditions, all required. */
export type Condition = {
  [Op in Operator]: { path: string; segments: string[]; op: Op; value: NonNullable<Operands[Op]> };
}[Operator];

/** `when:` — dotted path → bare value (equality) or operator mapping; normalised to a flat list. */
export const whenSchema = z
  .record(pathKey, conditionSpec, { error: 'expected a mapping of conditions (path: value); remove `when:` to match every event' })
  .transform((when): Condition[] =>
    Object.entries(when).flatMap(([path, operands]) =>
      OPERATORS.filter((op) => operands[op] !== undefined).map(
        (op) => ({ path, segments: path.split('.'), op, value: operands[op] }) as Condition,
      ),
    ),
  );
