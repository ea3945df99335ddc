import type { z } from 'zod';

/** One mistake in a rules file: where (a path into the document) and what to fix. */
export interface Problem {
  path: readonly PropertyKey[];
  message: string;
}

type Issue = z.core.$ZodIssue;

/** `['rules', 2, 'do', 0, 'enroll', 'access']` → `rules[2].do[0].enroll.access`; dotted keys are quoted. */
export function formatLocation(path: readonly PropertyKey[]): string {
  let location = '';
  for (const key of path) {
    if (typeof key === 'number') location += `[${key}]`;
    else if (/^[A-Za-z_$][\w$]*$/.test(String(key))) location += location === '' ? String(key) : `.${String(key)}`;
    else location += `[${JSON.stringify(String(key))}]`;
  }
  return location;
}

export function formatProblem(problem: Problem): string {
  const location = formatLocation(problem.path);
  return location === '' ? problem.message : `${location}: ${problem.message}`;
}

/** Zod issues → problems, one per mistake, each at the key it concerns. */
export function zodProblems(issues: readonly Issue[], base: readonly PropertyKey[] = []): Problem[] {
  return issues.flatMap((issue) => issueProblems(issue, base));
}

function issueProblems(issue: Issue, base: readonly PropertyKey[]): Problem[] {
  const path = [...base, ...issue.path];
  switch (issue.code) {
    case 'invalid_union': {
      // The branches the input was not even the right kind for say nothing useful: keep the one it was meant for.
      const meant = issue.errors.filter((branch) => !branch.every(isKindMismatch));
      return meant.length === 1 ? zodProblems(meant[0] as Issue[], path) : [{ path, message: issue.message }];
    }
    case 'invalid_key':
      return zodProblems(issue.issues, path);
    case 'unrecognized_keys':
      return issue.keys.map((key) => ({ path: [...path, key], message: issue.message }));
    default:
      return [{ path, message: issue.message }];
  }
}

/** The input was not the kind of thing the branch takes: wrong type, or a mapping/list given to an enum. */
function isKindMismatch(issue: Issue): boolean {
  if (issue.path.length > 0) return false;
  if (issue.code === 'invalid_type') return true;
  // Needs the issue's input: parse with `reportInput: true`.
  if (issue.code === 'invalid_value') return typeof issue.input === 'object' && issue.input !== null;
  return issue.code === 'invalid_union' && issue.errors.every((branch) => branch.every(isKindMismatch));
}

/** Plain-language defaults for the issues a schema does not word itself. */
export const defaultMessages: z.core.$ZodErrorMap = (issue) => {
  if (issue.code === 'invalid_type') {
    const expected = KINDS[issue.expected] ?? issue.expected;
    return issue.input === undefined ? `required; expected ${expected}` : `expected ${expected}, got ${kindOf(issue.input)}`;
  }
  if (issue.code === 'too_small' && issue.origin === 'string') return 'must not be empty';
  if (issue.code === 'too_big' && issue.origin === 'string') return `at most ${String(issue.maximum)} characters`;
  return undefined;
};

const KINDS: Record<string, string> = {
  string: 'a string',
  number: 'a number',
  boolean: 'true or false',
  object: 'a mapping',
  array: 'a list',
};

function kindOf(value: unknown): string {
  if (value === null) return 'nothing (null)';
  if (Array.isArray(value)) return 'a list';
  return KINDS[typeof value] ?? typeof value;
}
