// Grid search: the Cartesian product in flattened order, last parameter fastest, skipping every
// combination some run of the sweep already has, whatever its state (docs/protocol/sweeps.md#grid). The grid is never
// listed: runs are mapped to point indices and the first free index is turned back into a point.
// With conditional parameters (`when`), only the combinations of the parameters that exist count.
import type { Json, JsonObject, Param, RunConfig, SweepConfig, SweepRun } from '../types.ts';
import type { Search } from './method.ts';
import { axisOf, freeIndex, latticeOf, takenIndices, type Lattice } from '../space/discrete.ts';
import { toRunConfig, valueOf } from '../space/params.ts';
import { activeLattice, conditionsOf } from '../space/conditions.ts';

/** The distinct values grid enumerates for one parameter, in order. Lists them: for small axes only. */
export function gridValues(p: Param): Json[] {
  const axis = axisOf(p);
  return Array.from({ length: axis.length }, (_, i) => axis.at(i));
}

/** Number of grid points: the product of each parameter's count of distinct values. */
export function gridSize(config: SweepConfig): number {
  return gridOf(config).size;
}

/** The grid point at `index` in enumeration order (0 is the first point grid hands out). */
export function gridPoint(config: SweepConfig, index: number): RunConfig {
  const grid = gridOf(config);
  if (!(Number.isInteger(index) && index >= 0 && index < grid.size)) throw new RangeError(`grid point ${index} does not exist: the grid has ${grid.size} points`);
  return toRunConfig(config.params, grid.pointAt(index));
}

/** How many grid points no run of the sweep has yet. */
export function gridLeft(config: SweepConfig, runs: SweepRun[]): number {
  const grid = gridOf(config);
  return grid.size - takenIndices(grid, runs.map(runPoint(config.params))).length;
}

/** Hands out the first grid point no run has; nothing once every point has a run. */
export const gridSearch: Search = {
  suggest(config, runs) {
    const grid = gridOf(config);
    const index = freeIndex(0, takenIndices(grid, runs.map(runPoint(config.params))));
    return index < grid.size ? { config: toRunConfig(config.params, grid.pointAt(index)) } : undefined;
  },
  plannedRuns: gridSize,
};

function gridOf(config: SweepConfig): Lattice {
  const lattice = latticeOf(config.params.map(axisOf));
  const conditions = conditionsOf(config.params);
  return conditions ? activeLattice(conditions, lattice) : lattice;
}

/** A run's grid coordinates. Keys injected into dict values at run time are ignored. */
function runPoint(params: Param[]): (run: SweepRun) => Array<Json | undefined> {
  const known = params.map(dictKeys);
  return (run) => params.map((p, d) => {
    const value = valueOf(run.config, p);
    return isDict(value) && known[d].size > 0 ? Object.fromEntries(Object.entries(value).filter(([k]) => known[d].has(k))) : value;
  });
}

/** The keys of the parameter's dict values (only listed values can be dicts). */
function dictKeys(p: Param): Set<string> {
  const listed = p.type === 'categorical' ? (p.values ?? []) : p.type === 'constant' ? [p.value ?? null] : [];
  return new Set(listed.filter(isDict).flatMap((v) => Object.keys(v)));
}

const isDict = (v: unknown): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);
