// Discrete parameters as indexed value lists, and their Cartesian product as one index range with
// the last parameter fastest (docs/protocol/sweeps.md#grid). Points are counted and addressed arithmetically, so a
// grid over `int_uniform 0..1e9` costs no more than one over three values.
import type { Json, Param } from '../types.ts';
import { valueKey } from './identity.ts';

/**
 * The most points a grid may have (checked at validation). A grid past it would take years of runs,
 * and indices stay exact integers far beyond it.
 */
export const MAX_GRID_POINTS = 10_000_000;

/** One parameter's distinct values in order: duplicates (by value identity) collapse to the first. */
export interface Axis {
  readonly length: number;
  at(index: number): Json;
  /** The index of a value identical to `value`, or undefined when the axis lacks it. */
  indexOf(value: Json | undefined): number | undefined;
}

/** The axis of a categorical, constant, int_uniform or q_uniform parameter; throws for any other. */
export function axisOf(p: Param): Axis {
  switch (p.type) {
    case 'constant':
      return listAxis([p.value ?? null]);
    case 'categorical':
      return listAxis(p.values ?? []);
    case 'int_uniform':
      return rangeAxis(p.min ?? 0, 1, (p.max ?? 0) - (p.min ?? 0) + 1);
    case 'q_uniform': {
      // numpy arange(min, max, q): max excluded, each value min + i·q (not accumulated).
      const min = p.min ?? 0;
      const q = p.q ?? 1;
      return rangeAxis(min, q, Math.max(Math.ceil(((p.max ?? 0) - min) / q), 0));
    }
    default:
      throw new Error(`parameter ${p.name} is a ${p.type}, which grid search cannot enumerate: grid takes categorical values (without probabilities), constants, int_uniform or q_uniform`);
  }
}

/** The product of the axes: how many points, the point at an index, the index of a point. */
export interface Lattice {
  readonly axes: Axis[];
  readonly size: number;
  pointAt(index: number): Json[];
  /** The index of a point whose every coordinate lies on its axis, else undefined. */
  indexOf(point: Array<Json | undefined>): number | undefined;
}

export function latticeOf(axes: Axis[]): Lattice {
  return {
    axes,
    size: axes.reduce((n, axis) => n * axis.length, 1),
    pointAt(index: number): Json[] {
      const point = new Array<Json>(axes.length);
      let rest = index;
      for (let d = axes.length - 1; d >= 0; d--) {
        point[d] = axes[d].at(rest % axes[d].length);
        rest = Math.floor(rest / axes[d].length);
      }
      return point;
    },
    indexOf(point: Array<Json | undefined>): number | undefined {
      let index = 0;
      for (let d = 0; d < axes.length; d++) {
        const i = axes[d].indexOf(point[d]);
        if (i === undefined) return undefined;
        index = index * axes[d].length + i;
      }
      return index;
    },
  };
}

/** The `rank`-th index (from 0) that is not in `taken` (sorted ascending, distinct). */
export function freeIndex(rank: number, taken: number[]): number {
  let index = rank;
  for (const t of taken) {
    if (t > index) break;
    index++;
  }
  return index;
}

/** Distinct indices of the points in `points` that lie on the lattice, sorted ascending. */
export function takenIndices(lattice: Lattice, points: Array<Array<Json | undefined>>): number[] {
  const taken = new Set<number>();
  for (const point of points) {
    const index = lattice.indexOf(point);
    if (index !== undefined) taken.add(index);
  }
  return [...taken].sort((a, b) => a - b);
}

function listAxis(values: Json[]): Axis {
  const first = new Map<string, number>();
  const distinct: Json[] = [];
  for (const value of values) {
    const key = valueKey(value);
    if (first.has(key)) continue;
    first.set(key, distinct.length);
    distinct.push(value);
  }
  return {
    length: distinct.length,
    at: (index) => distinct[index],
    indexOf: (value) => first.get(valueKey(value)),
  };
}

/** `start + i·step` for i < count, as doubles. */
function rangeAxis(start: number, step: number, count: number): Axis {
  const at = (i: number): number => start + i * step;
  // Where step is within a few rounding errors of the magnitudes, neighbouring values can round to
  // the same double (integers past 2^53, a tiny q): list those axes to collapse the duplicates. One
  // too long to list (its raw length then exceeds MAX_GRID_POINTS) keeps its raw length, which only
  // ever overstates a grid validation refuses anyway.
  const distinct = step > 2 ** -50 * (Math.abs(start) + count * step);
  if (!distinct && count <= MAX_GRID_POINTS) return listAxis(Array.from({ length: count }, (_, i) => at(i)));
  return {
    length: count,
    at,
    indexOf(value) {
      if (typeof value !== 'number') return undefined;
      const guess = Math.round((value - start) / step);
      for (const i of [guess, guess - 1, guess + 1]) if (i >= 0 && i < count && at(i) === value) return i;
      return undefined;
    },
  };
}
