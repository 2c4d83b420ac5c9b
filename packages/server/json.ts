// JSON from clients is bounded in nesting, so no later walk of it (the store's JSON.stringify,
// config normalisation, filters) runs out of stack: that would be a 500 for the client's mistake.
import { errorCodes } from 'fastify';
import { RequestError } from './errors.ts';

/** Objects and arrays inside one another, at most (W&B configs and history rows use a handful). */
export const MAX_JSON_DEPTH = 100;

/** How deeply `value` nests objects and arrays; stops counting once past `limit`, so its recursion is bounded. */
export function jsonDepth(value: unknown, limit = MAX_JSON_DEPTH): number {
  if (typeof value !== 'object' || value === null) return 0;
  if (limit < 1) return 1;
  let below = 0;
  const deeper = (child: unknown): boolean => typeof child === 'object' && child !== null && (below = Math.max(below, jsonDepth(child, limit - 1))) >= limit;
  // for-in, not Object.values: no array made per object (every history line is walked).
  if (Array.isArray(value)) {
    for (const child of value) if (deeper(child)) break;
  } else {
    for (const key in value) if (deeper((value as Record<string, unknown>)[key])) break;
  }
  return 1 + below;
}

/** False when JSON text is too short to nest deeper than MAX_JSON_DEPTH (each level takes two brackets). */
export function mayNestTooDeeply(text: string): boolean {
  return text.length > 2 * MAX_JSON_DEPTH;
}

/** A 400 naming `where` when `value` nests deeper than MAX_JSON_DEPTH. */
export function checkNesting(value: unknown, where: string): void {
  if (jsonDepth(value) > MAX_JSON_DEPTH) throw new RequestError(`${where} nests objects and arrays more than ${MAX_JSON_DEPTH} levels deep`);
}

/**
 * Whether an object in `value` has its own `__proto__` key: JSON.parse makes one from the text, and
 * copied into another object it would set that object's prototype. Recursive: for values that
 * passed checkNesting.
 */
export function hasProtoKey(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return false;
  if (Array.isArray(value)) return value.some(hasProtoKey);
  for (const key in value) if (key === '__proto__' || hasProtoKey((value as Record<string, unknown>)[key])) return true;
  return false;
}

/**
 * A JSON request body's text parsed, refused with fastify's own errors when empty or not JSON, or a
 * RequestError when it nests too deeply. Fastify's own parser scans the whole text for a "__proto__"
 * key; here the parsed objects are looked at instead (a file_stream body has a handful).
 */
export function parseJsonBody(body: string): unknown {
  const text = body.charCodeAt(0) === 0xfeff ? body.slice(1) : body;
  if (text.length === 0) throw new errorCodes.FST_ERR_CTP_EMPTY_JSON_BODY();
  let value: unknown;
  try {
    value = JSON.parse(text);
    checkNesting(value, 'the JSON body');
  } catch (error) {
    throw error instanceof RequestError ? error : new errorCodes.FST_ERR_CTP_INVALID_JSON_BODY();
  }
  if (hasProtoKey(value)) throw new errorCodes.FST_ERR_CTP_INVALID_JSON_BODY();
  return value;
}
