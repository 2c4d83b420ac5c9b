// Our `seed` key, filled in when a sweep is created without one: every sweep then draws its own
// points, and keeps drawing the same ones wherever its stored config is run again. The seed comes
// from the caller (this library has no entropy of its own).
import { isMap, parseDocument } from 'yaml';
import type { Json } from '../types.ts';
import { valueKey } from '../space/identity.ts';

/** The methods that draw from the seeded rng. */
const DRAWING = ['random', 'bayes'];
/** Seeds the config takes: what the rng folds every seed into (32 bits), kept non-negative. */
export const SEED_RANGE = 2 ** 31;

/**
 * Sweep config text with `seed: <seed>` added as its last top-level key, the rest of the text
 * (comments, layout, JSON or YAML) untouched. Unchanged when the config already has a seed, is
 * not a mapping, or its method draws nothing at random (grid).
 */
export function withSeed(text: string, seed: number): string {
  if (!(Number.isInteger(seed) && seed >= 0 && seed < SEED_RANGE)) throw new RangeError(`a seed is an integer from 0 to ${SEED_RANGE - 1}, not ${seed}`);
  const doc = parseDocument(text, { version: '1.2', merge: true, uniqueKeys: false });
  const map = doc.contents;
  if (doc.errors.length > 0 || !isMap(map) || map.has('seed') || !DRAWING.includes(doc.get('method') as string) || !map.range) return text;
  const expected = valueKey({ ...(doc.toJS() as { [key: string]: Json }), seed });
  const seeded = map.flow ? insertInFlow(text, map.items[map.items.length - 1].value?.range?.[1], seed) : appendToBlock(text, map.range, seed);
  if (seeded !== undefined && valueKey(parseDocument(seeded, { version: '1.2', merge: true }).toJS() as Json) === expected) return seeded;
  // A layout the insertion cannot handle: let the YAML library write the document out.
  doc.set('seed', seed);
  return doc.toString();
}

/** `{"method": "grid", ...}` (JSON, or a YAML flow mapping): the key goes after the last value. */
function insertInFlow(text: string, lastValueEnd: number | undefined, seed: number): string | undefined {
  if (lastValueEnd === undefined) return undefined;
  return `${text.slice(0, lastValueEnd)}, "seed": ${seed}${text.slice(lastValueEnd)}`;
}

/** A block mapping: a new line at the mapping's indentation, after its last entry. */
function appendToBlock(text: string, range: [number, number, number], seed: number): string {
  const [start, end] = range;
  const indent = start - (text.lastIndexOf('\n', start - 1) + 1);
  const before = text.slice(0, end);
  return `${before}${before.endsWith('\n') ? '' : '\n'}${' '.repeat(indent)}seed: ${seed}\n${text.slice(end)}`;
}
