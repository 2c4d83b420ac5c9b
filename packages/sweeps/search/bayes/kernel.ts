// The Matérn-5/2 kernel with one length scale per input dimension (ARD) and an output scale.

export interface Hyper {
  /** Length scale per dimension, in the unit-cube encoding. */
  lengthscales: Float64Array;
  /** Output (signal) variance, on standardized y. */
  signal: number;
  /** Observation noise variance, on standardized y. */
  noise: number;
}

export const SQRT5 = Math.sqrt(5);

/** k(r) = σ² (1 + √5 r + 5r²/3) exp(−√5 r), from r². */
function matern52(r2: number, signal: number): number {
  const s = SQRT5 * Math.sqrt(r2);
  return signal * (1 + s + (s * s) / 3) * Math.exp(-s);
}

/** Rows of x (n×d) divided by the length scales, so that distances need no further scaling. */
function scaled(x: Float64Array, n: number, lengthscales: Float64Array): Float64Array {
  const d = lengthscales.length;
  const out = new Float64Array(n * d);
  for (let i = 0; i < n; i++) for (let k = 0; k < d; k++) out[i * d + k] = x[i * d + k] / lengthscales[k];
  return out;
}

/**
 * Rows of b (nb×d) divided by the length scales, stored by columns (d×nb), so that a row's squared
 * distances to them accumulate one coordinate at a time along b: the same sums, in the same order,
 * as row by row, and most of scoring candidates is this loop. A posterior keeps its runs' columns.
 */
export function scaledColumns(b: Float64Array, nb: number, lengthscales: Float64Array): Float64Array {
  const d = lengthscales.length;
  const bt = new Float64Array(d * nb);
  for (let j = 0; j < nb; j++) for (let m = 0; m < d; m++) bt[m * nb + j] = b[j * d + m] / lengthscales[m];
  return bt;
}

/**
 * Cross-covariance between the rows of a (na×d) and b (nb×d), na×nb row-major. A row of a that
 * differs from a's first row in at most d/4 coordinates (as the pattern search's moves do) gets its
 * squared distances from the first row's, updated in those coordinates only. `bt`: b's
 * scaledColumns, when the caller keeps them.
 */
export function crossCovariance(a: Float64Array, na: number, b: Float64Array, nb: number, hyper: Hyper, bt = scaledColumns(b, nb, hyper.lengthscales)): Float64Array {
  const d = hyper.lengthscales.length;
  const as = scaled(a, na, hyper.lengthscales);
  const k = new Float64Array(na * nb);
  const first = new Float64Array(nb);
  const r2 = new Float64Array(nb);
  const changed = new Int32Array(d);
  const signal = hyper.signal;
  for (let i = 0; i < na; i++) {
    let count = i === 0 ? d + 1 : 0;
    for (let m = 0; m < d && count <= d; m++) {
      if (as[i * d + m] === as[m]) continue;
      if (4 * (count + 1) > d) count = d + 1;
      else changed[count++] = m;
    }
    if (count <= d) {
      for (let j = 0; j < nb; j++) {
        let sum = first[j];
        for (let c = 0; c < count; c++) {
          const m = changed[c];
          const now = as[i * d + m] - bt[m * nb + j];
          const was = as[m] - bt[m * nb + j];
          sum += now * now - was * was;
        }
        r2[j] = Math.max(sum, 0);
      }
    } else {
      r2.fill(0);
      for (let m = 0; m < d; m++) {
        const am = as[i * d + m];
        const column = m * nb;
        for (let j = 0; j < nb; j++) {
          const diff = am - bt[column + j];
          r2[j] += diff * diff;
        }
      }
      if (i === 0) first.set(r2);
    }
    const row = i * nb;
    for (let j = 0; j < nb; j++) {
      const s = SQRT5 * Math.sqrt(r2[j]);
      k[row + j] = signal * (1 + s + (s * s) / 3) * Math.exp(-s);
    }
  }
  return k;
}

/** K(X, X) + noise·I, each pair computed once. */
export function covariance(x: Float64Array, n: number, hyper: Hyper): Float64Array {
  const d = hyper.lengthscales.length;
  const xs = scaled(x, n, hyper.lengthscales);
  const k = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < i; j++) {
      let r2 = 0;
      for (let m = 0; m < d; m++) {
        const diff = xs[i * d + m] - xs[j * d + m];
        r2 += diff * diff;
      }
      k[i * n + j] = k[j * n + i] = matern52(r2, hyper.signal);
    }
    k[i * n + i] = hyper.signal + hyper.noise;
  }
  return k;
}
