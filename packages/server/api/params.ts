// Query parameters of the native API, checked with messages that name them.
import { RequestError } from '../errors.ts';

/** The offset a `nextCursor` this API returned stands for. */
export function cursorOffset(cursor: string | undefined): number {
  if (cursor === undefined || cursor === '') return 0;
  if (!/^\d+$/.test(cursor) || !Number.isSafeInteger(Number(cursor))) throw new RequestError('cursor must be a nextCursor this API returned');
  return Number(cursor);
}

/** An integer parameter within [min, max], or `fallback` when absent. */
export function boundedInt(text: string | undefined, name: string, fallback: number, min: number, max: number): number {
  if (text === undefined || text === '') return fallback;
  const n = Number(text);
  if (!Number.isInteger(n) || n < min || n > max) throw new RequestError(`${name} must be an integer from ${min} to ${max}`);
  return n;
}
