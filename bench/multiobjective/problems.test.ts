// The benchmark's problems: their optimal points land on the front each one describes, and the true
// front's hypervolume (what results are divided by) matches the closed form.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hypervolume2d, nonDominated } from '../../packages/sweeps/index.ts';
import { PROBLEMS, REFERENCE } from './problems.ts';

const problem = (name: string) => PROBLEMS.find((p) => p.name === name)!;

test('a point with the optimal tail (0 for ZDT, 0.5 for DTLZ2) evaluates onto the problem\'s front', () => {
  for (const p of PROBLEMS) {
    const tail = p.name === 'dtlz2' ? 0.5 : 0;
    const front = p.front(11);
    for (let i = 0; i <= 10; i++) {
      const [f1, f2] = p.evaluate([i / 10, tail, tail, tail, tail, tail]);
      assert.ok(Math.abs(f1 - front[i][0]) < 1e-12 && Math.abs(f2 - front[i][1]) < 1e-12, `${p.name} at ${i / 10}`);
    }
    // Away from the optimal tail, both objectives get worse (ZDT's f1 stays).
    const [a1, a2] = p.evaluate([0.3, 0.9, 0.9, 0.9, 0.9, 0.9]);
    const [b1, b2] = p.evaluate([0.3, tail, tail, tail, tail, tail]);
    assert.ok(a1 >= b1 && a2 > b2, p.name);
  }
});

test('the true fronts are non-dominated (ZDT3 apart: its sampled curve has dominated stretches), and ZDT1\'s hypervolume is 0.1 + 2/3 + 0.11', () => {
  for (const name of ['zdt1', 'zdt2', 'dtlz2']) {
    const front = problem(name).front(501);
    assert.equal(nonDominated(front).length, front.length, name);
  }
  assert.ok(nonDominated(problem('zdt3').front(501)).length < 501);
  // ∫₀¹ (1.1 − (1 − √a)) da over the front, plus the 0.1 × 1.1 strip beyond f1 = 1.
  assert.ok(Math.abs(hypervolume2d(problem('zdt1').front(10_001), REFERENCE) - (0.1 + 2 / 3 + 0.11)) < 1e-4);
});
