// Grid search: the Cartesian product in flattened order, last parameter fastest, skipping every
// combination some run of the sweep already has, whatever its state (spec §2.2).
import type { Json, JsonObject, Param, SweepConfig, SweepRun } from '../types.ts';
import { valueKey } from '../space/identity.ts';
import { valueOf } from '../space/params.ts';

/** The distinct values grid enumerates for one parameter, in order. */
export function gridValues(p: Param): Json[] {
  let values: Json[];
  switch (p.type) {
    case 'constant':
      values = [p.value ?? null];
      break;
    case 'categorical':
      values = p.values ?? [];
      break;
    case 'int_uniform':
      values = Array.from({ length: (p.max ?? 0) - (p.min ?? 0) + 1 }, (_, i) => (p.min ?? 0) + i);
      break;
    case 'q_uniform': {
      // numpy arange(min, max, q): max excluded, each value min + i·q (not accumulated).
      const min = p.min ?? 0;
      const q = p.q ?? 1;
      values = Array.from({ length: Math.max(Math.ceil(((p.max ?? 0) - min) / q), 0) }, (_, i) => min + i * q);
      break;
    }
    default:
      throw new Error(`parameter ${p.name} is a ${p.type}, which grid search cannot enumerate: grid takes categorical values (without probabilities), constants, int_uniform or q_uniform`);
  }
  const seen = new Set<string>();
  return values.filter((v) => {
    const key = valueKey(v);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Number of grid points. */
export function gridSize(config: SweepConfig): number {
  return config.params.reduce((n, p) => n * gridValues(p).length, 1);
}

/** The first grid point no run has, or undefined when the grid is exhausted. */
export function nextGridPoint(config: SweepConfig, runs: SweepRun[]): Json[] | undefined {
  const axes = config.params.map(gridValues);
  const taken = new Set(runs.map((run) => pointKey(config.params, axes, run)));
  const index = new Array<number>(axes.length).fill(0);
  if (axes.some((a) => a.length === 0)) return undefined;
  for (;;) {
    const point = index.map((i, d) => axes[d][i]);
    if (!taken.has(point.map(valueKey).join('\u0001'))) return point;
    let d = axes.length - 1;
    while (d >= 0 && ++index[d] === axes[d].length) index[d--] = 0;
    if (d < 0) return undefined;
  }
}

/** A run's grid point as a key. Keys injected into dict values at run time are ignored. */
function pointKey(params: Param[], axes: Json[][], run: SweepRun): string {
  return params
    .map((p, d) => {
      const value = valueOf(run.config, p);
      return valueKey(isDict(value) ? withGridKeys(value, axes[d]) : value);
    })
    .join('\u0001');
}

const isDict = (v: unknown): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);

function withGridKeys(value: JsonObject, axis: Json[]): JsonObject {
  const known = new Set(axis.filter(isDict).flatMap((v) => Object.keys(v)));
  if (known.size === 0) return value;
  return Object.fromEntries(Object.entries(value).filter(([k]) => known.has(k)));
}

