import { test } from 'node:test';
import assert from 'node:assert/strict';
import { climb, refine, type Scored } from './candidates.ts';

/** −Σ (u − peak)², and its gradient along every coordinate. */
const bowl = (peak: number[]) => (u: Float64Array, grad: Float64Array): number => {
  let value = 0;
  peak.forEach((p, m) => {
    value -= (u[m] - p) ** 2;
    grad[m] = -2 * (u[m] - p);
  });
  return value;
};

test('the ascent climbs to the maximum, moving only the coordinates it is given', () => {
  const u = climb(Float64Array.from([0.1, 0.9, 0.5]), [0, 1], bowl([0.7, 0.2, 0.9]));
  assert.ok(Math.abs(u[0] - 0.7) < 1e-3 && Math.abs(u[1] - 0.2) < 1e-3, `ended at ${Array.from(u)}`);
  assert.equal(u[2], 0.5);
});

test('the ascent stays inside the box when the maximum lies beyond it', () => {
  const u = climb(Float64Array.from([0.5, 0.5]), [0, 1], bowl([1.5, 0.3]));
  assert.ok(u[0] < 1 && u[0] > 0.999, `ended at ${u[0]}`);
  assert.ok(Math.abs(u[1] - 0.3) < 1e-3, `ended at ${u[1]}`);
});

test('the pattern search moves only the coordinates it is given, to the best of its moves', () => {
  const f = bowl([0.8, 0.1]);
  const scored = (u: Float64Array): Scored => ({ u, values: [], acq: f(u, new Float64Array(2)), mean: 0, sd: 1 });
  const best = (moves: Float64Array[], floor: number): Scored[] =>
    moves.map(scored).filter((s) => s.acq > floor).sort((a, b) => b.acq - a.acq).slice(0, 1);
  const end = refine(scored(Float64Array.from([0.5, 0.5])), [0], best);
  assert.ok(Math.abs(end.u[0] - 0.8) < 0.01, `ended at ${end.u[0]}`);
  assert.equal(end.u[1], 0.5);
});
