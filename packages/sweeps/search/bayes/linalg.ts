// Dense symmetric linear algebra on row-major Float64Array n×n matrices, enough for a GP.

/**
 * Lower Cholesky factor of A + jitter·I, raising the jitter tenfold until A is numerically
 * positive definite. Returns the factor and the jitter used.
 */
export function cholesky(a: Float64Array, n: number, jitter = 1e-10, out: Float64Array = new Float64Array(n * n)): { l: Float64Array; jitter: number } {
  for (let j = jitter; j < 1; j *= 10) {
    if (tryCholesky(a, n, j, out)) return { l: out, jitter: j };
  }
  throw new Error('covariance matrix is not positive definite');
}

/** Writes the factor into `l` (every entry on and below the diagonal); false when A is not positive definite. */
function tryCholesky(a: Float64Array, n: number, jitter: number, l: Float64Array): boolean {
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let sum = a[i * n + j] + (i === j ? jitter : 0);
      for (let k = 0; k < j; k++) sum -= l[i * n + k] * l[j * n + k];
      if (i === j) {
        if (!(sum > 0)) return false;
        l[i * n + i] = Math.sqrt(sum);
      } else {
        l[i * n + j] = sum / l[j * n + j];
      }
    }
  }
  return true;
}

/** Solves L x = b (forward substitution). */
export function solveLower(l: Float64Array, n: number, b: Float64Array): Float64Array {
  const x = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let sum = b[i];
    for (let k = 0; k < i; k++) sum -= l[i * n + k] * x[k];
    x[i] = sum / l[i * n + i];
  }
  return x;
}

/** Solves Lᵀ x = b (back substitution). */
export function solveUpper(l: Float64Array, n: number, b: Float64Array): Float64Array {
  const x = new Float64Array(n);
  for (let i = n - 1; i >= 0; i--) {
    let sum = b[i];
    for (let k = i + 1; k < n; k++) sum -= l[k * n + i] * x[k];
    x[i] = sum / l[i * n + i];
  }
  return x;
}

/** A⁻¹ from A's Cholesky factor; `lit` (scratch) and `inv` may be passed in to be reused. */
export function inverseFromCholesky(l: Float64Array, n: number, lit: Float64Array = new Float64Array(n * n), inv: Float64Array = new Float64Array(n * n)): Float64Array {
  // Invert L (lower triangular), then A⁻¹ = L⁻ᵀ L⁻¹. L⁻¹ is stored transposed (row j of `lit` is
  // column j of L⁻¹, entries j..n−1), so that both products run along rows.
  for (let j = 0; j < n; j++) {
    const row = j * n;
    lit[row + j] = 1 / l[j * n + j];
    for (let i = j + 1; i < n; i++) {
      let sum = 0;
      for (let k = j; k < i; k++) sum -= l[i * n + k] * lit[row + k];
      lit[row + i] = sum / l[i * n + i];
    }
  }
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let sum = 0;
      for (let k = i; k < n; k++) sum += lit[i * n + k] * lit[j * n + k];
      inv[i * n + j] = sum;
      inv[j * n + i] = sum;
    }
  }
  return inv;
}
