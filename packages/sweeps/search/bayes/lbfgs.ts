// Limited-memory BFGS with a backtracking (Armijo) line search and box bounds by projection. The
// gradient is asked for only at the points the line search accepts.

/** An objective's value at a point, and its gradient there when asked (before the next evaluation). */
export interface Evaluation { value: number; gradient: () => Float64Array }

export interface Minimized {
  x: Float64Array;
  value: number;
}

export function minimizeLbfgs(
  f: (x: Float64Array) => Evaluation,
  start: Float64Array,
  lower: Float64Array,
  upper: Float64Array,
  maxIter = 60,
  memory = 6,
): Minimized {
  const d = start.length;
  const clamp = (x: Float64Array): Float64Array => x.map((v, i) => Math.min(Math.max(v, lower[i]), upper[i]));
  let x = clamp(start);
  const first = f(x);
  let value = first.value;
  let grad = first.gradient();
  const ss: Float64Array[] = [];
  const ys: Float64Array[] = [];
  for (let iter = 0; iter < maxIter; iter++) {
    // Two-loop recursion: direction = −H·grad.
    const q = Float64Array.from(grad);
    const alphas: number[] = [];
    for (let k = ss.length - 1; k >= 0; k--) {
      const rho = 1 / dot(ys[k], ss[k]);
      const a = rho * dot(ss[k], q);
      alphas[k] = a;
      for (let i = 0; i < d; i++) q[i] -= a * ys[k][i];
    }
    if (ss.length > 0) {
      const last = ss.length - 1;
      const gamma = dot(ss[last], ys[last]) / dot(ys[last], ys[last]);
      for (let i = 0; i < d; i++) q[i] *= gamma;
    }
    for (let k = 0; k < ss.length; k++) {
      const rho = 1 / dot(ys[k], ss[k]);
      const b = rho * dot(ys[k], q);
      for (let i = 0; i < d; i++) q[i] += ss[k][i] * (alphas[k] - b);
    }
    let direction = q.map((v) => -v);
    if (dot(direction, grad) >= 0) direction = grad.map((v) => -v);
    let step = ss.length === 0 ? Math.min(1, 1 / Math.max(Math.sqrt(dot(grad, grad)), 1e-12)) : 1;
    let accepted = false;
    for (let tries = 0; tries < 20; tries++) {
      const next = clamp(x.map((v, i) => v + step * direction[i]));
      const moved = next.map((v, i) => v - x[i]);
      const trial = f(next);
      if (Number.isFinite(trial.value) && trial.value <= value + 1e-4 * dot(grad, moved)) {
        const trialGrad = trial.gradient();
        const yk = trialGrad.map((g, i) => g - grad[i]);
        if (dot(yk, moved) > 1e-12) {
          ss.push(moved);
          ys.push(yk);
          if (ss.length > memory) {
            ss.shift();
            ys.shift();
          }
        }
        const improvement = value - trial.value;
        x = next;
        value = trial.value;
        grad = trialGrad;
        accepted = true;
        if (improvement < 1e-9 * Math.max(1, Math.abs(value))) return { x, value };
        break;
      }
      step /= 2;
    }
    if (!accepted) break;
  }
  return { x, value };
}

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}
