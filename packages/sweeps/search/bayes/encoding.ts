// Where a run sits in the model's input space. Numeric parameters take one coordinate each: the
// prior quantile (cdf) of their value, so log distributions are searched in log space and normal
// ones in Φ space. Categorical parameters take one coordinate per category (one-hot), so the model
// does not pretend categories are ordered. Constants are left out.
// A conditional parameter (`when`) that is inactive in a run is not "present at some value": its
// coordinates are fixed (numeric: INACTIVE, categorical: all zeros, no category), so runs that lack
// it do not differ in it at all, and are told apart from runs that have it by their parent's
// coordinates. Decoding sets it from its parent, never by search.
import type { Json, Param, RunConfig } from '../../types.ts';
import { cdf, ppf } from '../../space/distribution.ts';
import { valueKey } from '../../space/identity.ts';
import { valueOf } from '../../space/params.ts';
import { activity, conditionsOf, type Conditions } from '../../space/conditions.ts';

/**
 * The coordinate of an inactive numeric parameter. The box's lower edge: in bench/conditional it
 * beat a sentinel outside the box (-0.5), which makes the model explain the jump to it.
 */
export const INACTIVE = 0;

export interface Dimension {
  param: Param;
  /** First model coordinate of this parameter, and how many it takes (categories, or 1). */
  offset: number;
  width: number;
  categorical: boolean;
}

export interface Space {
  dims: Dimension[];
  /** Model coordinates. */
  width: number;
  /** The dims' `when` conditions (parents are categorical, hence dims too); undefined when none is conditional. */
  conditions?: Conditions;
}

export function searchSpace(params: Param[]): Space {
  const dims: Dimension[] = [];
  let width = 0;
  for (const param of params) {
    if (param.type === 'constant') continue;
    const categorical = param.type === 'categorical' || param.type === 'categorical_w_probabilities';
    const w = categorical ? (param.values ?? []).length : 1;
    dims.push({ param, offset: width, width: w, categorical });
    width += w;
  }
  const conditions = conditionsOf(dims.map((dim) => dim.param));
  return conditions ? { dims, width, conditions } : { dims, width };
}


function encodeInactive(dim: Dimension, out: Float64Array, at = 0): void {
  out.fill(dim.categorical ? 0 : INACTIVE, at + dim.offset, at + dim.offset + dim.width);
}

/** Model coordinates of a value; undefined when the value is missing or not one the parameter can take. */
function encodeValue(dim: Dimension, value: Json | undefined, out: Float64Array, at = 0): boolean {
  if (value === undefined) return false;
  if (dim.categorical) {
    const key = valueKey(value);
    const index = (dim.param.values ?? []).findIndex((v) => valueKey(v) === key);
    if (index < 0) return false;
    for (let k = 0; k < dim.width; k++) out[at + dim.offset + k] = k === index ? 1 : 0;
    return true;
  }
  if (typeof value !== 'number' || !Number.isFinite(value)) return false;
  if (dim.param.type === 'int_uniform') {
    // The middle of the quantile interval that maps to this integer.
    const min = dim.param.min ?? 0;
    out[at + dim.offset] = Math.min(Math.max((value - min + 0.5) / ((dim.param.max ?? 0) - min + 1), 0), 1);
    return true;
  }
  try {
    out[at + dim.offset] = cdf(dim.param, value);
  } catch {
    return false;
  }
  return Number.isFinite(out[at + dim.offset]);
}

/** A run config's model coordinates, or undefined when one of its searchable values is unusable. */
export function encodeRun(space: Space, config: RunConfig): Float64Array | undefined {
  const out = new Float64Array(space.width);
  const values = space.dims.map((dim) => valueOf(config, dim.param));
  const active = space.conditions && activity(space.conditions, values);
  for (const [i, dim] of space.dims.entries()) {
    if (active && !active[i]) encodeInactive(dim, out);
    else if (!encodeValue(dim, values[i], out)) return undefined;
  }
  return out;
}

/**
 * Maps one quantile per parameter (u ∈ [0,1)^dims) to the values a run would get, and to the model
 * coordinates of those values: integers and quantized values are rounded first, so the model always
 * sees exactly what would be run. An inactive parameter's quantile is ignored: its value is null,
 * as for a run that lacks it (the run config leaves it out), and its coordinates are the sentinel.
 */
export function decode(space: Space, u: Float64Array): { values: Json[]; x: Float64Array } {
  const x = new Float64Array(space.width);
  return { values: decodeInto(space, u, x, 0), x };
}

/** decode's values; the model coordinates go to out[at …], so that many candidates share one array. */
export function decodeInto(space: Space, u: Float64Array, out: Float64Array, at: number): Json[] {
  const values: Json[] = new Array(space.dims.length);
  for (let i = 0; i < space.dims.length; i++) {
    const dim = space.dims[i];
    values[i] = dim.categorical ? (dim.param.values ?? [])[Math.min(Math.floor(u[i] * dim.width), dim.width - 1)] : ppf(dim.param, u[i]);
  }
  const active = space.conditions && activity(space.conditions, values);
  for (let i = 0; i < space.dims.length; i++) {
    if (active && !active[i]) {
      values[i] = null;
      encodeInactive(space.dims[i], out, at);
    } else {
      encodeValue(space.dims[i], values[i], out, at);
    }
  }
  return values;
}
