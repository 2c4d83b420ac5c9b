// Where a run sits in the model's input space. Numeric parameters take one coordinate each: the
// prior quantile (cdf) of their value, so log distributions are searched in log space and normal
// ones in Φ space. Categorical parameters take one coordinate per category (one-hot), so the model
// does not pretend categories are ordered. Constants are left out.
import type { Json, Param, RunConfig } from '../../types.ts';
import { cdf, ppf } from '../../space/distribution.ts';
import { valueKey } from '../../space/identity.ts';
import { valueOf } from '../../space/params.ts';

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
  return { dims, width };
}

/** Model coordinates of a value; undefined when the value is missing or not one the parameter can take. */
function encodeValue(dim: Dimension, value: Json | undefined, out: Float64Array): boolean {
  if (value === undefined) return false;
  if (dim.categorical) {
    const key = valueKey(value);
    const index = (dim.param.values ?? []).findIndex((v) => valueKey(v) === key);
    if (index < 0) return false;
    for (let k = 0; k < dim.width; k++) out[dim.offset + k] = k === index ? 1 : 0;
    return true;
  }
  if (typeof value !== 'number' || !Number.isFinite(value)) return false;
  if (dim.param.type === 'int_uniform') {
    // The middle of the quantile interval that maps to this integer.
    const min = dim.param.min ?? 0;
    out[dim.offset] = Math.min(Math.max((value - min + 0.5) / ((dim.param.max ?? 0) - min + 1), 0), 1);
    return true;
  }
  try {
    out[dim.offset] = cdf(dim.param, value);
  } catch {
    return false;
  }
  return Number.isFinite(out[dim.offset]);
}

/** A run config's model coordinates, or undefined when one of its searchable values is unusable. */
export function encodeRun(space: Space, config: RunConfig): Float64Array | undefined {
  const out = new Float64Array(space.width);
  for (const dim of space.dims) if (!encodeValue(dim, valueOf(config, dim.param), out)) return undefined;
  return out;
}

/**
 * Maps one quantile per parameter (u ∈ [0,1)^dims) to the values a run would get, and to the model
 * coordinates of those values: integers and quantized values are rounded first, so the model always
 * sees exactly what would be run.
 */
export function decode(space: Space, u: Float64Array): { values: Json[]; x: Float64Array } {
  const x = new Float64Array(space.width);
  const values = space.dims.map((dim, i) => {
    const value = dim.categorical
      ? (dim.param.values ?? [])[Math.min(Math.floor(u[i] * dim.width), dim.width - 1)]
      : ppf(dim.param, u[i]);
    encodeValue(dim, value, x);
    return value;
  });
  return { values, x };
}
