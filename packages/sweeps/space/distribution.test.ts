import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Param, ParamType } from '../types.ts';
import { cdf, ppf, roundHalfEven } from './distribution.ts';
import { normalCdf, normalQuantile } from './normal.ts';
import { betaCdf, betaQuantile } from './beta.ts';
import { createRng } from '../rng.ts';

const param = (type: ParamType, fields: Partial<Param> = {}): Param => ({ name: 'x', path: ['x'], type, ...fields });

function sample(p: Param, n = 2000, seed = 7): number[] {
  const rng = createRng(seed);
  return Array.from({ length: n }, () => ppf(p, rng.uniform()) as number);
}

/** Kolmogorov–Smirnov distance between a sample and a CDF. */
function ksDistance(values: number[], F: (x: number) => number): number {
  const sorted = [...values].sort((a, b) => a - b);
  let d = 0;
  sorted.forEach((x, i) => {
    const f = F(x);
    d = Math.max(d, Math.abs(f - i / sorted.length), Math.abs(f - (i + 1) / sorted.length));
  });
  return d;
}
// The 0.001 critical value of the KS statistic for n = 2000 is about 1.95 / sqrt(n) = 0.0436.
const KS_LIMIT = 1.95 / Math.sqrt(2000);

test('normal CDF and quantile match reference values', () => {
  assert.ok(Math.abs(normalCdf(-1) - 0.15865525393145707) < 1e-14);
  assert.ok(Math.abs(normalCdf(1.96) - 0.9750021048517795) < 1e-14);
  assert.ok(Math.abs(normalCdf(-8) - 6.22096057427178e-16) < 1e-26);
  assert.ok(Math.abs(normalQuantile(0.975) - 1.959963984540054) < 1e-13);
  assert.ok(Math.abs(normalQuantile(1e-10) + 6.361340902404056) < 1e-9);
  for (const x of [-5, -2.5, -0.1, 0, 0.3, 1, 4]) assert.ok(Math.abs(normalQuantile(normalCdf(x)) - x) < 1e-8);
});

test('beta CDF and quantile match reference values', () => {
  assert.ok(Math.abs(betaCdf(0.3, 2, 5) - 0.579825) < 1e-6);
  assert.ok(Math.abs(betaCdf(0.5, 0.5, 0.5) - 0.5) < 1e-8);
  assert.ok(Math.abs(betaQuantile(0.25, 0.5, 0.5) - Math.sin((Math.PI * 0.25) / 2) ** 2) < 1e-8);
  for (const [a, b] of [[2, 5], [0.7, 0.7], [5, 1]]) {
    for (const u of [0.01, 0.3, 0.9]) assert.ok(Math.abs(betaCdf(betaQuantile(u, a, b), a, b) - u) < 1e-8);
  }
});

test('roundHalfEven rounds halves to the even neighbour like numpy', () => {
  assert.deepEqual([0.5, 1.5, 2.5, -0.5, -1.5, -2.5, 2.4, 2.6].map(roundHalfEven), [0, 2, 2, -0, -2, -2, 2, 3]);
});

const continuous: Array<[string, Param, (x: number) => number]> = [
  ['uniform', param('uniform', { min: -2, max: 3 }), (x) => (x + 2) / 5],
  ['log_uniform_values', param('log_uniform_values', { min: 5, max: 100 }), (x) => Math.log(x / 5) / Math.log(20)],
  ['inv_log_uniform_values', param('inv_log_uniform_values', { min: 5, max: 100 }), (x) => Math.log(x / 5) / Math.log(20)],
  ['log_uniform', param('log_uniform', { min: Math.log(5), max: Math.log(100) }), (x) => Math.log(x / 5) / Math.log(20)],
  ['inv_log_uniform', param('inv_log_uniform', { min: 1, max: 4 }), (x) => 1 - (Math.log(1 / x) - 1) / 3],
  ['normal', param('normal', { mu: 2, sigma: 3 }), (x) => normalCdf((x - 2) / 3)],
  ['log_normal', param('log_normal', { mu: 0.5, sigma: 0.8 }), (x) => normalCdf((Math.log(x) - 0.5) / 0.8)],
  ['beta', param('beta', { a: 2, b: 5 }), (x) => betaCdf(x, 2, 5)],
];

for (const [name, p, F] of continuous) {
  test(`${name}: samples follow the analytic CDF and cdf inverts ppf`, () => {
    const values = sample(p);
    assert.ok(values.every(Number.isFinite));
    assert.ok(ksDistance(values, F) < KS_LIMIT, `KS distance ${ksDistance(values, F)}`);
    for (const u of [0.001, 0.2, 0.5, 0.77, 0.999]) {
      assert.ok(Math.abs(cdf(p, ppf(p, u)) - u) < 1e-7, `${name} at ${u}`);
    }
  });
}

test('bounded distributions stay within their bounds', () => {
  for (const v of sample(param('uniform', { min: -2, max: 3 }))) assert.ok(v >= -2 && v <= 3);
  for (const v of sample(param('log_uniform_values', { min: 1e-5, max: 1 }))) assert.ok(v >= 1e-5 && v <= 1);
  for (const v of sample(param('inv_log_uniform', { min: 1, max: 4 }))) assert.ok(v >= Math.exp(-4) && v <= Math.exp(-1));
  for (const v of sample(param('beta', { a: 0.5, b: 0.5 }))) assert.ok(v >= 0 && v <= 1);
});

test('bounded continuous distributions reach their bounds exactly at quantiles 0 and 1 (bayes proposes edges)', () => {
  assert.deepEqual([ppf(param('uniform', { min: 0, max: 1 }), 0), ppf(param('uniform', { min: 0, max: 1 }), 1)], [0, 1]);
  assert.deepEqual([ppf(param('log_uniform_values', { min: 1e-4, max: 0.1 }), 0), ppf(param('log_uniform_values', { min: 1e-4, max: 0.1 }), 1)], [1e-4, 0.1]);
  assert.equal(ppf(param('q_uniform', { min: 0, max: 10, q: 2 }), 0), 0);
});

test('int_uniform is inclusive of both bounds and uniform over them', () => {
  const values = sample(param('int_uniform', { min: -2, max: 2 }), 5000);
  assert.ok(values.every(Number.isInteger));
  const counts = [-2, -1, 0, 1, 2].map((k) => values.filter((v) => v === k).length);
  for (const c of counts) assert.ok(Math.abs(c - 1000) < 5 * Math.sqrt(1000 * 0.8), `counts ${counts}`);
  assert.equal(ppf(param('int_uniform', { min: 1, max: 10 }), 0), 1);
  assert.equal(ppf(param('int_uniform', { min: 1, max: 10 }), 0.9999999), 10);
});

test('quantized distributions give multiples of q; an integer q gives integers', () => {
  const cases: Param[] = [
    param('q_uniform', { min: 1, max: 10, q: 4 }),
    param('q_uniform', { min: 0, max: 1, q: 0.1 }),
    param('q_log_uniform_values', { min: 32, max: 256, q: 8 }),
    param('q_log_uniform', { min: 0, max: 5, q: 10 }),
    param('q_normal', { mu: 0, sigma: 10, q: 2 }),
    param('q_log_normal', { mu: 1, sigma: 1, q: 0.5 }),
    param('q_beta', { a: 2, b: 2, q: 0.1 }),
  ];
  for (const p of cases) {
    for (const v of sample(p, 500)) {
      const k = v / (p.q as number);
      assert.ok(Math.abs(k - Math.round(k)) < 1e-9, `${p.type}: ${v} is not a multiple of ${p.q}`);
      if (Number.isInteger(p.q)) assert.ok(Number.isInteger(v), `${p.type}: ${v}`);
    }
  }
  // Quantized values can fall outside [min, max] as in W&B: Q(1.5) with q = 4 is 0, Q(10.9) is 12.
  assert.equal(ppf(param('q_uniform', { min: 1, max: 11, q: 4 }), 0.9999999), 12);
  assert.equal(ppf(param('q_uniform', { min: 1, max: 10, q: 4 }), 0), 0);
  // q_beta with the default q = 1 only gives 0 and 1.
  assert.deepEqual([...new Set(sample(param('q_beta', { a: 1, b: 1, q: 1 }), 200))].sort(), [0, 1]);
});

test('categorical picks equally; with probabilities, by weight', () => {
  const values = ['a', 'b', 'c', 'd'];
  const plain = sample(param('categorical', { values }), 4000) as unknown as string[];
  for (const v of values) assert.ok(Math.abs(plain.filter((x) => x === v).length - 1000) < 3 * Math.sqrt(1000));
  const weighted = sample(param('categorical_w_probabilities', { values, probabilities: [0.1, 0.2, 0.3, 0.4] }), 4000) as unknown as string[];
  values.forEach((v, i) => {
    const expected = 4000 * (i + 1) / 10;
    assert.ok(Math.abs(weighted.filter((x) => x === v).length - expected) < 3 * Math.sqrt(expected), v);
  });
  assert.equal(cdf(param('categorical', { values }), 'c'), 0.75);
  assert.throws(() => cdf(param('categorical', { values }), 'z'), /x: value "z" is not one of its values/);
});

test('u = 0 never gives infinities or min − 1', () => {
  assert.ok(Number.isFinite(ppf(param('normal', { mu: 0, sigma: 1 }), 0) as number));
  assert.ok((ppf(param('log_normal', { mu: 0, sigma: 1 }), 0) as number) > 0);
  assert.equal(ppf(param('categorical', { values: [1, 2] }), 0), 1);
  assert.equal(ppf(param('constant', { value: null }), 0.3), null);
});
