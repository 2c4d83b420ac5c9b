// The HMAC signatures on upload and download URLs, compared in constant time.
import { timingSafeEqual } from 'node:crypto';

/** Whether `given` (from a URL, anything at all) is the hex signature `expected`. */
export function sameSignature(given: unknown, expected: string): boolean {
  return typeof given === 'string' && /^[0-9a-f]{64}$/.test(given) && timingSafeEqual(Buffer.from(given), Buffer.from(expected));
}
