// The Matérn-5/2 kernel with one length scale per input dimension (ARD) and an output scale.

export interface Hyper {
  /** Length scale per dimension, in the unit-cube encoding. */
  lengthscales: Float64Array;
  /** Output (signal) variance, on standardized y. */
  signal: number;
  /** Observation noise variance, on standardized y. */
  noise: number;
}

const SQRT5 = Math.sqrt(5);

/** Scaled distance r between rows i and j of x (n×d, row-major). */
export function scaledDistance(x: Float64Array, i: number, xb: Float64Array, j: number, inv: Float64Array): number {
  const d = inv.length;
  let r2 = 0;
  for (let k = 0; k < d; k++) {
    const diff = (x[i * d + k] - xb[j * d + k]) * inv[k];
    r2 += diff * diff;
  }
  return Math.sqrt(r2);
}

/** k(r) = σ² (1 + √5 r + 5r²/3) exp(−√5 r). */
export function matern52(r: number, signal: number): number {
  const s = SQRT5 * r;
  return signal * (1 + s + (s * s) / 3) * Math.exp(-s);
}

/** Cross-covariance between the rows of a (na×d) and b (nb×d), na×nb row-major. */
export function crossCovariance(a: Float64Array, na: number, b: Float64Array, nb: number, hyper: Hyper): Float64Array {
  const inv = hyper.lengthscales.map((l) => 1 / l);
  const k = new Float64Array(na * nb);
  for (let i = 0; i < na; i++) {
    for (let j = 0; j < nb; j++) k[i * nb + j] = matern52(scaledDistance(a, i, b, j, inv), hyper.signal);
  }
  return k;
}

/** K(X, X) + noise·I. */
export function covariance(x: Float64Array, n: number, hyper: Hyper): Float64Array {
  const k = crossCovariance(x, n, x, n, hyper);
  for (let i = 0; i < n; i++) k[i * n + i] += hyper.noise;
  return k;
}
