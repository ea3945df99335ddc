import { z } from 'zod';
import { CODES, httpError, unprocessable, type Violation } from './errors.js';

function propertyPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((text, key) => {
    if (typeof key === 'number') return `${text}[${key}]`;
    return text === '' ? String(key) : `${text}.${String(key)}`;
  }, '');
}

/** Words the way Symfony's constraints word them, so simulated 422 bodies read like real ones. */
function toViolation(issue: z.core.$ZodIssue): Violation {
  const path = propertyPath(issue.path);
  switch (issue.code) {
    case 'invalid_type':
      if (issue.input === undefined || issue.input === null) return { propertyPath: path, message: 'This value should not be blank.', code: CODES.notBlank };
      return { propertyPath: path, message: `This value should be of type ${issue.expected === 'number' ? 'int' : issue.expected}.`, code: CODES.type };
    case 'too_big':
      if (issue.origin === 'string') return { propertyPath: path, message: `This value is too long. It should have ${issue.maximum} characters or less.`, code: CODES.tooLong };
      return { propertyPath: path, message: `This value should be ${issue.maximum} or less.`, code: CODES.range };
    case 'too_small':
      if (issue.origin === 'string' || issue.origin === 'array') return { propertyPath: path, message: 'This value should not be blank.', code: CODES.notBlank };
      return { propertyPath: path, message: `This value should be ${issue.minimum} or more.`, code: CODES.range };
    case 'invalid_value':
      return { propertyPath: path, message: 'The value you selected is not a valid choice.', code: CODES.choice };
    case 'invalid_format':
      if (issue.format === 'email') return { propertyPath: path, message: 'This value is not a valid email address.', code: CODES.email };
      if (issue.format === 'url') return { propertyPath: path, message: 'This value is not a valid URL.', code: CODES.url };
      return { propertyPath: path, message: 'This value is not valid.', code: CODES.regex };
    default:
      return { propertyPath: path, message: issue.message, code: CODES.invalid };
  }
}

/**
 * Validates a JSON body: anything but an object is a 400 (what a deserialisation failure
 * gives), schema failures are a 422 with one violation per issue. A missing body counts as `{}`
 * so required properties are reported by name.
 */
export function parseBody<T extends z.ZodType>(schema: T, body: unknown): z.output<T> {
  const value = body === undefined ? {} : body;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw httpError(400, 'The request body must be a JSON object.');
  }
  const result = schema.safeParse(value, { reportInput: true });
  if (!result.success) throw unprocessable(result.error.issues.map(toViolation));
  return result.data;
}

/** Parses a query parameter holding an integer id; empty means absent (`allowEmptyValue` in the OpenAPI). */
export function queryInt(query: URLSearchParams, name: string): number | undefined {
  const raw = query.get(name);
  if (raw === null || raw === '') return undefined;
  if (!/^\d{1,15}$/.test(raw)) throw unprocessable([{ propertyPath: name, message: 'This value should be of type int.', code: CODES.type }]);
  return Number(raw);
}

/** `true`/`false`/`1`/`0` query booleans; empty means absent. */
export function queryBool(query: URLSearchParams, name: string): boolean | undefined {
  const raw = query.get(name);
  if (raw === null || raw === '') return undefined;
  if (raw === 'true' || raw === '1') return true;
  if (raw === 'false' || raw === '0') return false;
  throw unprocessable([{ propertyPath: name, message: 'This value should be of type bool.', code: CODES.type }]);
}

/** A path id that is not a positive integer names no resource: 404, like an unknown id. */
export function pathId(raw: string | undefined): number | undefined {
  return raw !== undefined && /^[1-9]\d{0,15}$/.test(raw) ? Number(raw) : undefined;
}
