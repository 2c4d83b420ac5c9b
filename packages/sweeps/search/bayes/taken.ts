// The points that already have a run, which bayes never suggests again. With a thousand runs the
// keys of every run's values were a noticeable part of a suggestion, while only a few candidates
// are ever checked: runs are indexed by one value, and their full keys made when a candidate needs them.
import type { Json, SweepRun } from '../../types.ts';
import { valueKey } from '../../space/identity.ts';
import { valueOf } from '../../space/params.ts';
import type { Space } from './encoding.ts';

export function takenPoints(space: Space, runs: SweepRun[]): (values: Json[]) => boolean {
  // A numeric parameter tells runs apart best; categories index them only when nothing else can.
  const pivot = Math.max(space.dims.findIndex((dim) => !dim.categorical), 0);
  const keyOf = (run: SweepRun): string => valueKey(space.dims.map((dim) => valueOf(run.config, dim.param) ?? null));
  const byPivot = new Map<string, Array<{ run: SweepRun; key?: string }>>();
  for (const run of runs) {
    const pivotKey = valueKey(valueOf(run.config, space.dims[pivot].param) ?? null);
    const same = byPivot.get(pivotKey);
    if (same) same.push({ run });
    else byPivot.set(pivotKey, [{ run }]);
  }
  return (values) => {
    const same = byPivot.get(valueKey(values[pivot]));
    if (!same) return false;
    const key = valueKey(values);
    return same.some((entry) => (entry.key ??= keyOf(entry.run)) === key);
  };
}
