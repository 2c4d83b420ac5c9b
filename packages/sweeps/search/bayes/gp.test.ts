import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CholeskyDecomposition, Matrix } from 'ml-matrix';
import { createRng } from '../../rng.ts';
import { cholesky, inverseFromCholesky } from './linalg.ts';
import { covariance, crossCovariance, type Hyper } from './kernel.ts';
import { condition, predict } from './gp.ts';
import { objective, fitHyper, pairDifferences, refitHyper } from './fit.ts';
import { bestByLogEI, logEIWithGradient, logExpectedImprovement, logExpectedImprovementBound, logH } from './acquisition.ts';
import { randomShift, sobolPoints } from './sobol.ts';
import { normalCdf } from '../../space/normal.ts';

const rng = createRng(3);
const n = 12;
const d = 3;
const x = Float64Array.from({ length: n * d }, () => rng.uniform());
const y = Float64Array.from({ length: n }, (_, i) => Math.sin(5 * x[i * d]) + x[i * d + 1] ** 2 - x[i * d + 2]);
const hyper: Hyper = { lengthscales: Float64Array.from([0.3, 0.5, 0.8]), signal: 1.3, noise: 1e-3 };
const rows = (a: Float64Array, r: number, c: number): number[][] => Array.from({ length: r }, (_, i) => Array.from(a.slice(i * c, i * c + c)));

test('Cholesky factor and inverse agree with ml-matrix', () => {
  const k = covariance(x, n, hyper);
  const { l } = cholesky(k, n);
  const oracle = new CholeskyDecomposition(new Matrix(rows(k, n, n))).lowerTriangularMatrix;
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) assert.ok(Math.abs(l[i * n + j] - oracle.get(i, j)) < 1e-8, `L[${i}][${j}]`);
  const inv = inverseFromCholesky(l, n);
  const product = new Matrix(rows(k, n, n)).mmul(new Matrix(rows(inv, n, n)));
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) assert.ok(Math.abs(product.get(i, j) - (i === j ? 1 : 0)) < 1e-6);
});

test('posterior mean and variance agree with the textbook formulas computed by ml-matrix', () => {
  const m = 5;
  const xs = Float64Array.from({ length: m * d }, () => rng.uniform());
  const post = condition(x, n, d, y, hyper);
  const { mean, variance } = predict(post, xs, m);
  const K = new Matrix(rows(covariance(x, n, hyper), n, n));
  const Ks = new Matrix(rows(crossCovariance(xs, m, x, n, hyper), m, n));
  const Kinv = new CholeskyDecomposition(K).solve(Matrix.eye(n));
  const mu = Ks.mmul(Kinv).mmul(Matrix.columnVector(Array.from(y)));
  const cov = new Matrix(rows(crossCovariance(xs, m, xs, m, hyper), m, m)).sub(Ks.mmul(Kinv).mmul(Ks.transpose()));
  for (let j = 0; j < m; j++) {
    assert.ok(Math.abs(mean[j] - mu.get(j, 0)) < 1e-8, `mean ${j}`);
    assert.ok(Math.abs(variance[j] - cov.get(j, j)) < 1e-8, `variance ${j}`);
  }
});

test('the posterior interpolates noise-free data', () => {
  const post = condition(x, n, d, y, { ...hyper, noise: 1e-8 });
  const { mean, variance } = predict(post, x, n);
  for (let i = 0; i < n; i++) {
    assert.ok(Math.abs(mean[i] - y[i]) < 1e-4);
    assert.ok(variance[i] < 1e-4);
  }
});

test('the hyperparameter objective gradient matches finite differences', () => {
  const theta = Float64Array.from([Math.log(0.4), Math.log(0.7), Math.log(1.1), Math.log(0.9), Math.log(1e-3)]);
  const diffs = pairDifferences(x, n, d);
  const grad = objective(diffs, n, d, y, theta).gradient();
  for (let k = 0; k < theta.length; k++) {
    const h = 1e-5;
    const up = Float64Array.from(theta);
    const down = Float64Array.from(theta);
    up[k] += h;
    down[k] -= h;
    const numeric = (objective(diffs, n, d, y, up).value - objective(diffs, n, d, y, down).value) / (2 * h);
    assert.ok(Math.abs(numeric - grad[k]) < 1e-4 * Math.max(1, Math.abs(numeric)), `θ${k}: ${grad[k]} vs ${numeric}`);
  }
});

test('fitting finds the relevant dimension: an irrelevant input gets a long length scale', () => {
  const m = 30;
  const xs = Float64Array.from({ length: m * 2 }, () => rng.uniform());
  const ys = Float64Array.from({ length: m }, (_, i) => Math.sin(6 * xs[i * 2]));
  const mean = ys.reduce((a, b) => a + b, 0) / m;
  const sd = Math.sqrt(ys.reduce((a, b) => a + (b - mean) ** 2, 0) / m);
  const fitted = fitHyper(xs, m, 2, ys.map((v) => (v - mean) / sd), createRng(1));
  assert.ok(fitted.lengthscales[1] > 3 * fitted.lengthscales[0], `${fitted.lengthscales}`);
});

test('a refit from earlier hyperparameters climbs from them, to the optimum a fit from four starts finds', () => {
  const m = 40;
  const xs = Float64Array.from({ length: m * 2 }, () => rng.uniform());
  const raw = Array.from({ length: m }, (_, i) => Math.sin(6 * xs[i * 2]) + 0.3 * xs[i * 2 + 1]);
  const mean = raw.reduce((a, b) => a + b, 0) / m;
  const sd = Math.sqrt(raw.reduce((a, b) => a + (b - mean) ** 2, 0) / m);
  const ys = Float64Array.from(raw, (v) => (v - mean) / sd);
  const diffs = pairDifferences(xs, m, 2);
  const value = (h: Hyper): number => objective(diffs, m, 2, ys, Float64Array.from([...h.lengthscales, h.signal, h.noise].map(Math.log))).value;
  // Fitted on the first 30 runs, as the prefix's step before.
  const before = fitHyper(xs.subarray(0, 60), 30, 2, ys.subarray(0, 30), createRng(1));
  const refitted = refitHyper(xs, m, 2, ys, before, 20);
  const cold = fitHyper(xs, m, 2, ys, createRng(1));
  assert.ok(value(refitted) < value(before) - 1e-6, `${value(refitted)} after ${value(before)}`);
  assert.ok(value(refitted) < value(cold) + 1e-3, `${value(refitted)} against ${value(cold)} from four starts`);
});

test('log expected improvement: known values and stability far in the tail', () => {
  // EI(μ = 0, σ = 1, best = 0) = φ(0) = 0.3989...
  assert.ok(Math.abs(Math.exp(logExpectedImprovement(0, 1, 0)) - 1 / Math.sqrt(2 * Math.PI)) < 1e-12);
  // EI(μ = 1, σ = 2, best = 0): σ·h(−0.5).
  const z = -0.5;
  const h = Math.exp(-z * z / 2) / Math.sqrt(2 * Math.PI) + z * normalCdf(z);
  assert.ok(Math.abs(Math.exp(logExpectedImprovement(1, 2, 0)) - 2 * h) < 1e-12);
  // Far in the tail EI underflows to 0 but log EI stays finite, decreasing and continuous at the switch.
  assert.ok(Number.isFinite(logH(-40)) && logH(-40) < logH(-20));
  assert.ok(Math.abs(logH(-1 + 1e-9) - logH(-1 - 1e-9)) < 1e-6);
  // h(z) ~ φ(z)/z² for z → −∞.
  assert.ok(Math.abs(logH(-30) - (-450 - 0.5 * Math.log(2 * Math.PI) - Math.log(900))) < 3 / 900);
});

test('the Matérn-5/2 cross-covariance, also for rows that differ from the first in a few coordinates', () => {
  const dims = 12;
  const h: Hyper = { lengthscales: Float64Array.from({ length: dims }, (_, k) => 0.2 + 0.1 * k), signal: 1.7, noise: 1e-3 };
  const b = Float64Array.from({ length: 9 * dims }, () => rng.uniform());
  const base = Float64Array.from({ length: dims }, () => rng.uniform());
  // The base, then moves of one, two and three coordinates, and a row unlike the base.
  const rowsOf = [base, ...[[0], [5, 11], [1, 2, 3]].map((changed) => base.map((v, k) => (changed.includes(k) ? rng.uniform() : v))), base.map(() => rng.uniform())];
  const a = new Float64Array(rowsOf.length * dims);
  rowsOf.forEach((row, i) => a.set(row, i * dims));
  const k = crossCovariance(a, rowsOf.length, b, 9, h);
  for (let i = 0; i < rowsOf.length; i++) {
    for (let j = 0; j < 9; j++) {
      let r2 = 0;
      for (let m = 0; m < dims; m++) r2 += ((a[i * dims + m] - b[j * dims + m]) / h.lengthscales[m]) ** 2;
      const s = Math.sqrt(5 * r2);
      assert.ok(Math.abs(k[i * 9 + j] - h.signal * (1 + s + (s * s) / 3) * Math.exp(-s)) < 1e-12, `row ${i}, column ${j}`);
    }
  }
});

test('the cheap log EI bound is never below log EI, and at most 0.4 nats above it', () => {
  for (let z = -40; z <= 10; z += 0.01) {
    for (const sd of [1e-3, 0.7, 5]) {
      const exact = logExpectedImprovement(0, sd, z * sd);
      const bound = logExpectedImprovementBound(0, sd, z * sd);
      assert.ok(bound >= exact && bound - exact < 0.4, `z ${z}, sd ${sd}: ${bound} vs ${exact}`);
    }
  }
});

test('log EI grows with the sd at a fixed mean, beyond rounding (the skipping of candidates relies on it)', () => {
  for (let best = -40; best <= 10; best += 0.01) {
    let previous = -Infinity;
    for (let sd = 1e-3; sd < 10; sd *= 1.01) {
      const value = logExpectedImprovement(0, sd, best);
      assert.ok(value >= previous - 1e-12, `best ${best}, sd ${sd}: ${value} after ${previous}`);
      previous = value;
    }
  }
});

test('the best candidates by log EI are those of scoring every candidate, with a floor and exclusions', () => {
  const post = condition(x, n, d, y.map((v) => v - Math.max(...y)), hyper);
  const best = Math.min(...post.alpha.map((_, i) => y[i] - Math.max(...y)));
  const m = 400;
  const xs = Float64Array.from({ length: m * d }, () => rng.uniform());
  const { mean, variance } = predict(post, xs, m);
  const acq = Array.from({ length: m }, (_, j) => logExpectedImprovement(mean[j], Math.sqrt(variance[j]), best));
  const excluded = (j: number): boolean => j % 7 === 3;
  const order = acq.map((_, j) => j).filter((j) => !excluded(j)).sort((a, b) => acq[b] - acq[a] || a - b);
  const exact = bestByLogEI(post, xs, m, best, 5, -Infinity, (j) => !excluded(j));
  assert.deepEqual(exact.map((r) => r.index), order.slice(0, 5));
  assert.deepEqual(exact.map((r) => r.acq), order.slice(0, 5).map((j) => acq[j]));
  assert.deepEqual(exact.map((r) => r.sd), order.slice(0, 5).map((j) => Math.sqrt(variance[j])));
  // Only candidates above the floor count.
  const floor = acq[order[2]];
  assert.deepEqual(bestByLogEI(post, xs, m, best, 3, floor, (j) => !excluded(j)).map((r) => r.index), order.slice(0, 2));
  // Duplicated candidates tie: the lower index wins.
  const twice = new Float64Array(2 * d);
  twice.set(xs.subarray(order[0] * d, order[0] * d + d), 0);
  twice.set(xs.subarray(order[0] * d, order[0] * d + d), d);
  assert.deepEqual(bestByLogEI(post, twice, 2, best, 1, -Infinity, () => true).map((r) => r.index), [0]);
});

test('the gradient of log EI matches finite differences, from near the incumbent to far in the tail', () => {
  const post = condition(x, n, d, y.map((v) => v - Math.max(...y)), hyper);
  const scratch = new Float64Array(2 * n);
  const plain = new Float64Array(d);
  for (const best of [0, -0.5, -3, -20]) {
    const at = Float64Array.from({ length: d }, () => rng.uniform());
    const grad = new Float64Array(d);
    const acq = logEIWithGradient(post, at, best, [0, 1, 2], grad, scratch);
    // The value is the one candidates are scored with (up to the order of the distance's sums).
    const scored = bestByLogEI(post, at, 1, best, 1, -Infinity, () => true)[0].acq;
    assert.ok(Math.abs(acq - scored) < 1e-9 * Math.max(1, Math.abs(scored)), `${acq} against ${scored}`);
    for (let m = 0; m < d; m++) {
      const h = 1e-6;
      const up = Float64Array.from(at);
      const down = Float64Array.from(at);
      up[m] += h;
      down[m] -= h;
      const numeric = (logEIWithGradient(post, up, best, [], plain, scratch) - logEIWithGradient(post, down, best, [], plain, scratch)) / (2 * h);
      assert.ok(Math.abs(grad[m] - numeric) < 1e-5 * Math.max(1, Math.abs(numeric)), `best ${best}, coordinate ${m}: ${grad[m]} against ${numeric}`);
    }
  }
  // Only the coordinates asked for are written.
  const some = new Float64Array(d).fill(7);
  logEIWithGradient(post, Float64Array.from([0.5, 0.5, 0.5]), -0.5, [1], some, scratch);
  assert.ok(some[0] === 7 && some[2] === 7 && some[1] !== 7);
});

test('Sobol points: the classic first points, stratification, and shifts that keep it', () => {
  const first = sobolPoints(2, 0, 4, new Uint32Array(2)).map((p) => Array.from(p));
  assert.deepEqual(first, [[0, 0], [0.5, 0.5], [0.75, 0.25], [0.25, 0.75]]);
  for (const dims of [5, 25]) {
    const shift = randomShift(dims, createRng(9).uniform);
    const points = sobolPoints(dims, 0, 256, shift);
    for (let j = 0; j < dims; j++) {
      const counts = new Array(16).fill(0);
      for (const p of points) counts[Math.floor(p[j] * 16)]++;
      assert.deepEqual(counts, new Array(16).fill(16), `dimension ${j}`);
    }
  }
  assert.deepEqual(Array.from(sobolPoints(3, 5, 1, new Uint32Array(3))[0]), Array.from(sobolPoints(3, 0, 6, new Uint32Array(3))[5]));
});
