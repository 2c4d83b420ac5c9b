// Which parameters exist in a run: a parameter with `when` exists only while its parent exists and
// takes one of the listed values (docs/sweep-config.md#conditional-parameters). Inactive
// parameters are left out of the run config, so the program keeps its own default.
import type { Json, Param } from '../types.ts';
import { valueKey } from './identity.ts';
import type { Lattice } from './discrete.ts';

/** Per parameter: the index of its parent and the keys of the values that make it active; undefined without `when`. */
export type Conditions = Array<{ parent: number; keys: Set<string> } | undefined>;

/** The conditions of `params`, indexed like them; undefined when no parameter is conditional. */
export function conditionsOf(params: Param[]): Conditions | undefined {
  if (!params.some((p) => p.when)) return undefined;
  return params.map((p) => {
    if (!p.when) return undefined;
    const parent = p.when.parent;
    return {
      parent: params.findIndex((q) => q.path.length === parent.length && q.path.every((k, i) => k === parent[i])),
      keys: new Set(p.when.values.map(valueKey)),
    };
  });
}

/** Whether each parameter is active given everyone's values (an inactive parent's value is ignored). */
export function activity(conditions: Conditions, values: ReadonlyArray<Json | undefined>): boolean[] {
  const active = new Array<boolean | undefined>(conditions.length);
  const resolve = (i: number, depth: number): boolean => {
    if (active[i] !== undefined) return active[i];
    const condition = conditions[i];
    // Validation rejects cycles; the depth bound only keeps a hand-built config from recursing forever.
    const on = !condition || (condition.parent >= 0 && depth < conditions.length && resolve(condition.parent, depth + 1) && condition.keys.has(valueKey(values[condition.parent])));
    active[i] = on;
    return on;
  };
  return conditions.map((_, i) => resolve(i, 0));
}

/** The values with every inactive parameter's replaced by undefined (absent from the run config). */
export function withoutInactive(params: Param[], values: ReadonlyArray<Json | undefined>): Array<Json | undefined> {
  const conditions = conditionsOf(params);
  if (!conditions) return [...values];
  const active = activity(conditions, values);
  return values.map((v, i) => (active[i] ? v : undefined));
}

/**
 * The points of `lattice` (the product of every parameter's values) that are distinct runs: an
 * inactive parameter takes no value, so of the points that differ only in inactive coordinates
 * only the one with those at their first value is kept, and handed out with them left out. Lists
 * the kept indices: the cost is the size of the full product.
 */
export function activeLattice(conditions: Conditions, lattice: Lattice): Lattice {
  const kept: number[] = [];
  for (let index = 0; index < lattice.size; index++) {
    const point = lattice.pointAt(index);
    const active = activity(conditions, point);
    if (point.every((v, d) => active[d] || lattice.axes[d].indexOf(v) === 0)) kept.push(index);
  }
  return {
    axes: lattice.axes,
    size: kept.length,
    pointAt(rank: number): Json[] {
      const point: Array<Json | undefined> = lattice.pointAt(kept[rank]);
      const active = activity(conditions, point);
      return point.map((v, d) => (active[d] ? v : undefined)) as Json[];
    },
    indexOf(point: Array<Json | undefined>): number | undefined {
      const active = activity(conditions, point);
      if (point.some((v, d) => active[d] && v === undefined)) return undefined;
      const index = lattice.indexOf(point.map((v, d) => (active[d] ? v : lattice.axes[d].at(0))));
      if (index === undefined) return undefined;
      const rank = binarySearch(kept, index);
      return rank < 0 ? undefined : rank;
    },
  };
}

function binarySearch(sorted: number[], value: number): number {
  let [lo, hi] = [0, sorted.length - 1];
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid] === value) return mid;
    if (sorted[mid] < value) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}
