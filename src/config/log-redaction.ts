/**
 * Redaction of log objects by path (`secret`, `*.apiKey`, `req.headers["x-api-key"]`), with the
 * paths compiled once into a tree. pino's own `redact` option parses every path again for every
 * key of every line (tens of kilobytes of garbage per line with wildcard paths); this walks only
 * the keys a line has, and copies an object only where it replaces a value in it.
 */

const CENSORED = Symbol('censored');

/** A key's subtree, or CENSORED when the value at that key is replaced. */
type PathTree = Map<string, PathTree | typeof CENSORED>;

/** `a.b["c-d"].*` → ['a', 'b', 'c-d', '*']. */
function segmentsOf(path: string): string[] {
  const segments: string[] = [];
  const pattern = /([^.[\]]+)|\[(?:"([^"]*)"|'([^']*)')\]/g;
  let end = 0;
  for (const match of path.matchAll(pattern)) {
    // Between two segments: nothing before a bracket, one dot before a name.
    const gap = path.slice(end, match.index);
    if (gap !== (end === 0 || match[1] === undefined ? '' : '.')) throw new Error(`invalid redaction path: ${path}`);
    segments.push(match[1] ?? match[2] ?? match[3] ?? '');
    end = match.index + match[0].length;
  }
  if (segments.length === 0 || end !== path.length || segments.includes('')) throw new Error(`invalid redaction path: ${path}`);
  return segments;
}

function compile(paths: readonly string[]): PathTree {
  const root: PathTree = new Map();
  for (const path of paths) {
    const segments = segmentsOf(path);
    let node = root;
    for (const [index, segment] of segments.entries()) {
      const existing = node.get(segment);
      if (existing === CENSORED) break;
      if (index === segments.length - 1) {
        node.set(segment, CENSORED);
        break;
      }
      const next = existing ?? new Map();
      node.set(segment, next);
      node = next;
    }
  }
  mergeWildcards(root);
  return root;
}

/** `*.secret` also applies under a key that has paths of its own (`headers.secret` beside `headers["x-api-key"]`). */
function mergeWildcards(node: PathTree): void {
  const wildcard = node.get('*');
  for (const [key, rule] of node) {
    if (rule === CENSORED) continue;
    if (key !== '*' && wildcard instanceof Map) mergeInto(rule, wildcard);
    mergeWildcards(rule);
  }
}

const cloneTree = (tree: PathTree): PathTree => new Map([...tree].map(([key, rule]) => [key, rule === CENSORED ? CENSORED : cloneTree(rule)]));

function mergeInto(target: PathTree, source: PathTree): void {
  for (const [key, rule] of source) {
    const existing = target.get(key);
    if (existing === CENSORED) continue;
    if (rule === CENSORED || existing === undefined) target.set(key, rule === CENSORED ? CENSORED : cloneTree(rule));
    else mergeInto(existing, rule);
  }
}

/** A copy with the same prototype and every own property (an Error keeps its message and stack). */
function copyOf(value: object): Record<string, unknown> {
  return Object.create(Object.getPrototypeOf(value) as object | null, Object.getOwnPropertyDescriptors(value)) as Record<string, unknown>;
}

function redactIn(value: unknown, tree: PathTree, censor: string): unknown {
  if (value === null || typeof value !== 'object' || ArrayBuffer.isView(value)) return value;
  const source = value as Record<string, unknown>;
  const wildcard = tree.get('*');
  let copy: Record<string, unknown> | undefined;
  for (const key of Object.keys(source)) {
    const rule = tree.get(key) ?? wildcard;
    if (rule === undefined) continue;
    const current = source[key];
    const next = rule === CENSORED ? (current === undefined ? undefined : censor) : redactIn(current, rule, censor);
    if (next === current) continue;
    copy ??= copyOf(source);
    copy[key] = next;
  }
  return copy ?? value;
}

/**
 * A function that returns `value` itself when no path matches it, else a copy with the values at
 * the paths replaced by `censor` (only the objects on the way to them are copied).
 */
export function createRedactor(paths: readonly string[], censor: string): <T>(value: T) => T {
  const tree = compile(paths);
  return <T>(value: T) => redactIn(value, tree, censor) as T;
}
