// Canonical identity of parameter values, so that grid and de-duplication compare values the way
// W&B's YAML hashing does: 3000000.0 ≡ 3000000 (JSON numbers have no int/float distinction),
// true ≠ 1, "1" ≠ 1, NaN ≡ NaN, -0 ≡ 0, and dict key order does not matter.
import type { Json } from '../types.ts';

export function valueKey(value: Json | undefined): string {
  if (value === undefined) return 'undefined';
  if (value === null) return 'null';
  switch (typeof value) {
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      return Number.isNaN(value) ? 'NaN' : Object.is(value, -0) ? '0' : String(value);
    case 'string':
      return JSON.stringify(value);
  }
  if (Array.isArray(value)) return `[${value.map(valueKey).join(',')}]`;
  const keys = Object.keys(value).sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${valueKey(value[k])}`).join(',')}}`;
}
