// JSON from clients is bounded in nesting, so no later walk of it (the store's JSON.stringify,
// config normalisation, filters) runs out of stack: that would be a 500 for the client's mistake.
import { RequestError } from './errors.ts';

/** Objects and arrays inside one another, at most (W&B configs and history rows use a handful). */
export const MAX_JSON_DEPTH = 100;

/** How deeply `value` nests objects and arrays, counted without recursion; stops once past `limit`. */
export function jsonDepth(value: unknown, limit = MAX_JSON_DEPTH): number {
  let deepest = 0;
  const pending: Array<[unknown, number]> = [[value, 1]];
  while (pending.length > 0) {
    const [node, depth] = pending.pop()!;
    if (typeof node !== 'object' || node === null) continue;
    deepest = Math.max(deepest, depth);
    if (deepest > limit) return deepest;
    for (const child of Object.values(node)) if (typeof child === 'object' && child !== null) pending.push([child, depth + 1]);
  }
  return deepest;
}

/** A 400 naming `where` when `value` nests deeper than MAX_JSON_DEPTH. */
export function checkNesting(value: unknown, where: string): void {
  if (jsonDepth(value) > MAX_JSON_DEPTH) throw new RequestError(`${where} nests objects and arrays more than ${MAX_JSON_DEPTH} levels deep`);
}
