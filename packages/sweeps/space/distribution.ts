// Inverse-transform sampling (ppf) and the prior-quantile map (cdf) of every parameter type (docs/protocol/sweeps.md#distributions).
import type { Json, Param } from '../types.ts';
import { normalCdf, normalQuantile } from './normal.ts';
import { betaCdf, betaQuantile } from './beta.ts';
import { valueKey } from './identity.ts';

/** Keeps u inside (0, 1) so the unbounded families never return ±∞ and discrete ones never min−1; bounded continuous ones take u as it is, so their bounds come out exactly. */
const U_EPS = 1e-12;

/** numpy's rounding: halves go to the even neighbour. */
export function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

function quantize(x: number, q: number): number {
  return roundHalfEven(x / q) * q;
}

function num(p: Param, key: 'min' | 'max' | 'mu' | 'sigma' | 'q' | 'a' | 'b'): number {
  const v = p[key];
  if (typeof v !== 'number') throw new Error(`parameter ${p.name}: ${key} is required for ${p.type}`);
  return v;
}

/** The value of parameter `p` at prior quantile `u` ∈ [0, 1). */
export function ppf(p: Param, u: number): Json {
  const v = Math.min(Math.max(u, U_EPS), 1 - U_EPS);
  const b = clip01(u);
  switch (p.type) {
    case 'constant':
      return p.value ?? null;
    case 'categorical': {
      const values = p.values ?? [];
      return values[Math.min(Math.max(Math.ceil(v * values.length) - 1, 0), values.length - 1)];
    }
    case 'categorical_w_probabilities': {
      const values = p.values ?? [];
      let cum = 0;
      for (let i = 0; i < values.length; i++) {
        cum += p.probabilities?.[i] ?? 0;
        if (cum > v) return values[i];
      }
      return values[0];
    }
    case 'int_uniform': {
      const min = num(p, 'min');
      const n = num(p, 'max') - min + 1;
      return min + Math.min(Math.max(Math.ceil(v * n) - 1, 0), n - 1);
    }
    case 'uniform':
      return num(p, 'min') + b * (num(p, 'max') - num(p, 'min'));
    case 'q_uniform':
      return quantize(num(p, 'min') + b * (num(p, 'max') - num(p, 'min')), num(p, 'q'));
    case 'log_uniform':
      return Math.exp(num(p, 'min') + b * (num(p, 'max') - num(p, 'min')));
    case 'q_log_uniform':
      return quantize(Math.exp(num(p, 'min') + b * (num(p, 'max') - num(p, 'min'))), num(p, 'q'));
    case 'log_uniform_values':
    case 'inv_log_uniform_values':
      return logUniformValue(num(p, 'min'), num(p, 'max'), b);
    case 'q_log_uniform_values':
      return quantize(logUniformValue(num(p, 'min'), num(p, 'max'), b), num(p, 'q'));
    case 'inv_log_uniform':
      return Math.exp(-(num(p, 'min') + (1 - b) * (num(p, 'max') - num(p, 'min'))));
    case 'normal':
      return num(p, 'mu') + num(p, 'sigma') * normalQuantile(v);
    case 'q_normal':
      return quantize(num(p, 'mu') + num(p, 'sigma') * normalQuantile(v), num(p, 'q'));
    case 'log_normal':
      return Math.exp(num(p, 'mu') + num(p, 'sigma') * normalQuantile(v));
    case 'q_log_normal':
      return quantize(Math.exp(num(p, 'mu') + num(p, 'sigma') * normalQuantile(v)), num(p, 'q'));
    case 'beta':
      return betaQuantile(v, num(p, 'a'), num(p, 'b'));
    case 'q_beta':
      return quantize(betaQuantile(v, num(p, 'a'), num(p, 'b')), num(p, 'q'));
  }
}

function logUniformValue(min: number, max: number, u: number): number {
  if (u <= 0 || u >= 1) return u <= 0 ? min : max;
  return Math.exp(Math.log(min) + u * (Math.log(max) - Math.log(min)));
}

const clip01 = (x: number): number => Math.min(Math.max(x, 0), 1);

/**
 * The prior quantile of a value of `p`, in [0, 1]: how bayes places past runs in its search space.
 * Throws for a categorical value that is not among the parameter's values.
 */
export function cdf(p: Param, value: Json): number {
  if (p.type === 'constant') return 0;
  if (p.type === 'categorical' || p.type === 'categorical_w_probabilities') {
    const values = p.values ?? [];
    const key = valueKey(value);
    const index = values.findIndex((v) => valueKey(v) === key);
    if (index < 0) {
      throw new Error(`parameter ${p.name}: value ${JSON.stringify(value)} is not one of its values`);
    }
    if (p.type === 'categorical') return (index + 1) / values.length;
    let cum = 0;
    for (let i = 0; i <= index; i++) cum += p.probabilities?.[i] ?? 0;
    return clip01(cum);
  }
  if (typeof value !== 'number' || Number.isNaN(value)) {
    throw new Error(`parameter ${p.name}: value ${JSON.stringify(value)} is not a number`);
  }
  switch (p.type) {
    case 'int_uniform': {
      const min = num(p, 'min');
      return clip01((value - min + 1) / (num(p, 'max') - min + 1));
    }
    case 'uniform':
    case 'q_uniform':
      return clip01((value - num(p, 'min')) / (num(p, 'max') - num(p, 'min')));
    case 'log_uniform':
    case 'q_log_uniform':
      return clip01((Math.log(value) - num(p, 'min')) / (num(p, 'max') - num(p, 'min')));
    case 'log_uniform_values':
    case 'inv_log_uniform_values':
    case 'q_log_uniform_values': {
      const lo = Math.log(num(p, 'min'));
      return clip01((Math.log(value) - lo) / (Math.log(num(p, 'max')) - lo));
    }
    case 'inv_log_uniform':
      return 1 - clip01((Math.log(1 / value) - num(p, 'min')) / (num(p, 'max') - num(p, 'min')));
    case 'normal':
    case 'q_normal':
      return normalCdf((value - num(p, 'mu')) / num(p, 'sigma'));
    case 'log_normal':
    case 'q_log_normal':
      return value <= 0 ? 0 : normalCdf((Math.log(value) - num(p, 'mu')) / num(p, 'sigma'));
    case 'beta':
    case 'q_beta':
      return betaCdf(value, num(p, 'a'), num(p, 'b'));
  }
}
