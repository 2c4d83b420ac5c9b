// The compare view's diff: one row per key of the compared runs' config or summary, with each run's
// value and whether they differ (a run lacking the key differs from one having it).
import type { Json } from '../api.ts';

export interface DiffRow {
  key: string;
  values: Array<Json | undefined>;
  differs: boolean;
}

export function diffRows(objects: Array<Record<string, Json>>): DiffRow[] {
  const keys = new Set<string>();
  for (const o of objects) for (const k of Object.keys(o)) keys.add(k);
  return [...keys].sort((a, b) => a.localeCompare(b, undefined, { numeric: true })).map((key) => {
    const values = objects.map((o) => (Object.hasOwn(o, key) ? o[key] : undefined));
    return { key, values, differs: new Set(values.map((v) => (v === undefined ? 'undefined' : JSON.stringify(v)))).size > 1 };
  });
}
