/**
 * True when a parsed JSON value nests objects or arrays deeper than `max`. Iterative, so it
 * cannot overflow the stack itself on the inputs it is meant to catch; the nodes still to visit
 * and their depths are kept in two plain arrays (nothing allocated per node).
 */
export function nestedDeeperThan(value: unknown, max: number): boolean {
  const nodes: unknown[] = [value];
  const depths: number[] = [0];
  while (nodes.length > 0) {
    const node = nodes.pop();
    const depth = depths.pop()!;
    if (node === null || typeof node !== 'object') continue;
    if (depth >= max) return true;
    const children = node as Record<string, unknown>;
    for (const key in children) {
      const child = children[key];
      // Only containers nest further.
      if (child !== null && typeof child === 'object' && Object.prototype.hasOwnProperty.call(children, key)) {
        nodes.push(child);
        depths.push(depth + 1);
      }
    }
  }
  return false;
}
