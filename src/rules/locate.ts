import { isMap, isScalar, isSeq, type Document, type LineCounter } from 'yaml';

/** A place in the YAML text: 1-based line and column. */
export interface YamlPosition {
  line: number;
  col: number;
}

/**
 * Where a path into the parsed data sits in the YAML text: the key of its last mapping entry
 * (or its list item); for a key that is missing, the deepest part of the path that exists.
 */
export function locate(doc: Document, lineCounter: LineCounter, path: readonly PropertyKey[]): YamlPosition | undefined {
  let node: unknown = doc.contents;
  let at: { range?: [number, number, number] | null } | undefined = node as typeof at;
  for (const segment of path) {
    if (isMap(node)) {
      const pair = node.items.find((item) => isScalar(item.key) && String(item.key.value) === String(segment));
      if (!pair) break;
      at = (pair.key as typeof at) ?? at;
      node = pair.value;
    } else if (isSeq(node) && typeof segment === 'number' && node.items[segment] !== undefined) {
      node = node.items[segment];
      at = node as typeof at;
    } else {
      break;
    }
  }
  const offset = at?.range?.[0];
  if (offset === undefined) return undefined;
  const { line, col } = lineCounter.linePos(offset);
  return { line, col };
}
