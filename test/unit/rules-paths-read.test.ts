import { describe, expect, it } from 'vitest';
import { parsePath, rootProblem } from '../../src/rules/paths.js';
import { readPath } from '../../src/rules/read-path.js';

describe('parsePath', () => {
  it('splits a dotted path', () => {
    expect(parsePath('orderItem.resources.course.id')).toEqual({ ok: true, segments: ['orderItem', 'resources', 'course', 'id'] });
    expect(parsePath('contact')).toEqual({ ok: true, segments: ['contact'] });
  });

  it.each([[''], ['contact.'], ['.contact'], ['contact..email']])('refuses %j: not a dotted path', (path) => {
    expect(parsePath(path)).toEqual({ ok: false, error: `"${path}" is not a dotted path; write paths such as contact.email or pricePlan.id` });
  });

  it('takes 16 segments and refuses 17', () => {
    const sixteen = ['contact', ...Array.from({ length: 15 }, (_, i) => `s${i}`)].join('.');
    expect(parsePath(sixteen)).toMatchObject({ ok: true });
    expect(parsePath(`${sixteen}.x`)).toEqual({ ok: false, error: `"${sixteen}.x" is deeper than 16 segments` });
  });

  it('names the root events lack', () => {
    expect(rootProblem(['tag', 'id'], ['CONTACT_TAG_ADDED'])).toBeUndefined();
    expect(rootProblem(['tag', 'id'], ['SALE_NEW', 'CONTACT_TAG_ADDED'])).toBe(
      '"tag" exists only in CONTACT_TAG_ADDED and CONTACT_TAG_REMOVED events, and this rule listens to SALE_NEW',
    );
  });
});

describe('readPath', () => {
  it('treats a key holding undefined or null as missing', () => {
    expect(readPath({ a: undefined }, ['a'])).toEqual([]);
    expect(readPath({ a: null }, ['a'])).toEqual([]);
    expect(readPath({ a: [undefined, 1, null] }, ['a'])).toEqual([1]);
  });

  it('reads no property of a string, number or class instance', () => {
    expect(readPath({ a: 'abc' }, ['a', 'length'])).toEqual([]);
    expect(readPath({ a: 5 }, ['a', 'toFixed'])).toEqual([]);
    class Box {
      own = 1;
    }
    expect(readPath({ a: new Box() }, ['a', 'own'])).toEqual([]);
    expect(readPath({ a: new Date(0) }, ['a', 'getTime'])).toEqual([]);
  });

  it('reads objects without a prototype, as secure JSON parsing may make them', () => {
    const bare = Object.assign(Object.create(null) as Record<string, unknown>, { id: 3 });
    expect(readPath({ a: bare }, ['a', 'id'])).toEqual([3]);
  });

  it('expands lists nested up to 8 deep, and no deeper', () => {
    const nest = (depth: number): unknown => (depth === 0 ? 'x' : [nest(depth - 1)]);
    expect(readPath({ a: nest(8) }, ['a'])).toEqual(['x']);
    expect(readPath({ a: nest(9) }, ['a'])).toEqual([]);
  });

  it('stops after 100,000 steps, however large the payload', () => {
    // The list is step 1, element i is step i + 2, and its value one step more.
    const list = (length: number) => Array.from({ length }, (_, i) => (i === length - 1 ? { a: 'last' } : {}));
    expect(readPath(list(99_998), ['a'])).toEqual(['last']);
    expect(readPath(list(99_999), ['a'])).toEqual([]);
  });

  it('stops at 1,000 values', () => {
    expect(readPath(Array.from({ length: 1_500 }, (_, i) => ({ a: i })), ['a'])).toHaveLength(1_000);
  });
});
