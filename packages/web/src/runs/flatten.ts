// Nested config (`{"opt": {"lr": 0.1}}`) as the flat keys the table and the filter use (`opt.lr`).
// Media values and lists stay whole.
import type { Json } from '../api.ts';

export function flatten(values: Record<string, Json>, prefix = ''): Record<string, Json> {
  const out: Record<string, Json> = {};
  for (const [key, value] of Object.entries(values)) {
    const path = prefix + key;
    if (typeof value === 'object' && value !== null && !Array.isArray(value) && !('_type' in value) && Object.keys(value).length > 0) Object.assign(out, flatten(value, `${path}.`));
    else out[path] = value;
  }
  return out;
}
