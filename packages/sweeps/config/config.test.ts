// The concrete expectations of W&B's schema, config and validation tests (docs/protocol/sweeps.md#reference-expectations), and our differences.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkSweepConfig, loadSweepConfig } from './index.ts';
import type { Param } from '../types.ts';

const paramOf = (yaml: string): Param => {
  const { config, violations } = loadSweepConfig(`method: random\nparameters:\n  x: ${yaml}\n`);
  assert.ok(config, JSON.stringify(violations));
  return config.params[0];
};
const errors = (value: unknown) => checkSweepConfig(value).violations.filter((v) => v.severity === 'error');
const errorsIn = (yaml: string) => loadSweepConfig(yaml).violations.filter((v) => v.severity === 'error');

test('type inference follows the form order, with defaults filled', () => {
  assert.deepEqual(paramOf('{min: 0, max: 1}'), { name: 'x', path: ['x'], type: 'int_uniform', min: 0, max: 1 });
  assert.equal(paramOf('{min: 0.0, max: 1.0}').type, 'uniform');
  assert.equal(paramOf('{min: 0, max: 1.0}').type, 'uniform');
  assert.equal(paramOf('{distribution: uniform, min: 0, max: 1}').type, 'uniform');
  assert.deepEqual(paramOf('{distribution: normal}'), { name: 'x', path: ['x'], type: 'normal', mu: 0, sigma: 1 });
  assert.deepEqual(paramOf('{distribution: log_normal}'), { name: 'x', path: ['x'], type: 'log_normal', mu: 0, sigma: 1 });
  assert.deepEqual(paramOf('{distribution: q_normal}'), { name: 'x', path: ['x'], type: 'q_normal', mu: 0, sigma: 1, q: 1 });
  assert.deepEqual(paramOf('{distribution: q_beta}'), { name: 'x', path: ['x'], type: 'q_beta', a: 1, b: 1, q: 1 });
  assert.deepEqual(paramOf('{distribution: beta}'), { name: 'x', path: ['x'], type: 'beta', a: 1, b: 1 });
  assert.equal(paramOf('{values: [1, 2]}').type, 'categorical');
  assert.equal(paramOf('{values: [1, 2], probabilities: [0.5, 0.5]}').type, 'categorical_w_probabilities');
  assert.equal(paramOf('{value: null}').type, 'constant');
  assert.equal(paramOf('{distribution: q_uniform, min: 0, max: 10}').q, 1);
});

test('malformed specs are errors: empty values, unknown keys, normal without a distribution', () => {
  assert.equal(errorsIn('method: random\nparameters:\n  x: {values: []}\n').length, 1);
  assert.equal(errorsIn('method: random\nparameters:\n  x: {invalid: 1}\n').length, 1);
  assert.match(errorsIn('method: random\nparameters:\n  x: {mu: 0, sigma: 1}\n')[0].message, /cannot tell the type of parameter 'x'/);
  assert.match(errors({ method: 'random', parameters: { x: 3 } })[0].message, /parameter 'x' must be a mapping/);
});

test('int_uniform with float bounds gives 2 violations; uniform with integer bounds none', () => {
  assert.equal(errorsIn('method: random\nparameters:\n  x: {distribution: int_uniform, min: 0.0, max: 1.0}\n').length, 2);
  assert.equal(loadSweepConfig('method: random\nparameters:\n  x: {distribution: uniform, min: 0, max: 1}\n').violations.length, 0);
});

test('filling defaults does not mutate the input', () => {
  const input = { method: 'bayes', metric: { name: 'loss' }, parameters: { x: { distribution: 'normal' } } };
  const copy = structuredClone(input);
  const { config } = checkSweepConfig(input);
  assert.deepEqual(input, copy);
  assert.deepEqual(config?.metric, { name: 'loss', goal: 'minimize', impute: 'worst', impute_while_running: 'false' });
  assert.deepEqual(config?.raw, copy);
});

test('min > max, min == max (also for *_values) and negative sigma are errors', () => {
  assert.equal(errors({ method: 'random', parameters: { x: { min: 2, max: 1 } } }).length, 1);
  assert.equal(errors({ method: 'random', parameters: { x: { min: 1.5, max: 1.5 } } }).length, 1);
  for (const distribution of ['log_uniform_values', 'inv_log_uniform_values', 'q_log_uniform_values']) {
    assert.deepEqual(errors({ method: 'random', parameters: { x: { distribution, min: 1, max: 0.5 } } }).map((v) => v.path), ['parameters.x.min'], distribution);
    assert.equal(errors({ method: 'random', parameters: { x: { distribution, min: 0.5, max: 0.5 } } }).length, 1, distribution);
  }
  assert.equal(errors({ method: 'random', parameters: { x: { distribution: 'normal', sigma: -1 } } }).length, 1);
});

test('missing or empty parameters give exactly one violation', () => {
  assert.equal(checkSweepConfig({ method: 'random' }).violations.length, 1);
  assert.equal(checkSweepConfig({ method: 'random', parameters: {} }).violations.length, 1);
});

test('probabilities: length mismatch and a sum other than 1 are errors; isclose tolerance accepted', () => {
  assert.equal(errors({ method: 'random', parameters: { x: { values: [1, 2], probabilities: [1] } } }).length, 1);
  assert.equal(errors({ method: 'random', parameters: { x: { values: [1, 2], probabilities: [0.5, 0.4] } } }).length, 1);
  assert.equal(errors({ method: 'random', parameters: { x: { values: [1, 2, 3], probabilities: [0.1, 0.2, 0.7000001] } } }).length, 0);
});

test('probabilities with grid are refused', () => {
  assert.match(errors({ method: 'grid', parameters: { x: { values: [1, 2], probabilities: [0.5, 0.5] } } })[0].message, /grid cannot enumerate/);
});

test('mixed value types are valid', () => {
  assert.equal(errors({ method: 'grid', parameters: { x: { values: [null, 2, 3, 'a', [2, 3]] } } }).length, 0);
});

test('method: missing, unknown and custom are errors', () => {
  assert.match(errors({ parameters: { x: { value: 1 } } })[0].message, /method is required/);
  assert.match(errors({ method: 'hyper', parameters: { x: { value: 1 } } })[0].message, /method must be grid, random or bayes/);
  assert.match(errors({ method: 'custom', parameters: { x: { value: 1 } } })[0].message, /local controller/);
});

test('controller.type must be local or cloud', () => {
  assert.equal(errors({ method: 'random', parameters: { x: { value: 1 } }, controller: { type: 'invalid' } }).length, 1);
  assert.equal(errors({ method: 'random', parameters: { x: { value: 1 } }, controller: { type: 'local' } }).length, 0);
});

test('run_cap: −1 and 0 give one violation, 1 and 300 none, −0.3, 5.1 and "1" at least one', () => {
  const count = (run_cap: unknown) => errors({ method: 'random', parameters: { x: { value: 1 } }, run_cap }).length;
  assert.deepEqual([-1, 0, 1, 300].map(count), [1, 1, 0, 0]);
  for (const bad of [-0.3, 5.1, '1']) assert.ok(count(bad) >= 1);
});

test('metric: a string is an error; invalid goal and impute are reported instead of silently rewritten', () => {
  assert.equal(errors({ method: 'random', metric: 'loss', parameters: { x: { value: 1 } } }).length, 1);
  assert.match(errors({ method: 'random', metric: { name: 'a', goal: 'minimise' }, parameters: { x: { value: 1 } } })[0].message, /W&B would silently minimize/);
  assert.equal(errors({ method: 'random', metric: { name: 'a', impute: 'mean' }, parameters: { x: { value: 1 } } }).length, 1);
  assert.equal(errors({ method: 'random', metric: { name: 'a', extra: 1 }, parameters: { x: { value: 1 } } }).length, 1);
  const { config } = checkSweepConfig({ method: 'random', metric: { name: 'a', impute_while_running: false }, parameters: { x: { value: 1 } } });
  assert.equal(config?.metric?.impute_while_running, 'false');
});

test('early_terminate: defaults, the string form, a wrong type, extra keys ignored with a warning', () => {
  const base = { method: 'random', metric: { name: 'loss' }, parameters: { x: { value: 1 } } };
  assert.deepEqual(checkSweepConfig({ ...base, early_terminate: { type: 'hyperband', min_iter: 3 } }).config?.early_terminate,
    { type: 'hyperband', min_iter: 3, eta: 3, strict: true });
  assert.equal(errors({ ...base, early_terminate: 'hyperband' }).length, 1);
  assert.equal(errors({ ...base, early_terminate: { type: 'median', min_iter: 3 } }).length, 1);
  const extra = checkSweepConfig({ ...base, early_terminate: { type: 'hyperband', min_iter: 3, foo: 1 } });
  assert.ok(extra.config);
  assert.equal(extra.violations[0].severity, 'warning');
  assert.equal(errors({ ...base, early_terminate: { type: 'hyperband', max_iter: 2, s: 1, eta: 3 } }).length, 1, 'no bands');
  assert.equal(errors({ ...base, early_terminate: { type: 'hyperband', min_iter: 3, eta: 1 } }).length, 1);
  assert.equal(errors({ method: 'random', parameters: { x: { value: 1 } }, early_terminate: { type: 'hyperband', min_iter: 3 } }).length, 1, 'needs metric');
});

test('deprecated log distributions warn but still run', () => {
  for (const distribution of ['log_uniform', 'inv_log_uniform', 'q_log_uniform']) {
    const { config, violations } = checkSweepConfig({ method: 'random', parameters: { x: { distribution, min: -5, max: 0 } } });
    assert.ok(config);
    assert.equal(violations.length, 1);
    assert.equal(violations[0].severity, 'warning');
  }
});

test('nested parameters flatten in sorted order, a.b before a.c.d, and are filled', () => {
  const { config } = checkSweepConfig({
    method: 'grid',
    parameters: { b: { value: 1 }, a: { parameters: { c: { parameters: { d: { value: 1 } } }, b: { min: 0, max: 1 } } } },
  });
  assert.deepEqual(config?.params.map((p) => p.path), [['a', 'b'], ['a', 'c', 'd'], ['b']]);
  assert.equal(config?.params[0].type, 'int_uniform');
});

test('our extensions: seed, retry and sample_without_replacement are checked', () => {
  const base = { method: 'random', parameters: { x: { values: [1, 2] } } };
  assert.deepEqual(checkSweepConfig({ ...base, seed: 3, retry: { max: 2 }, sample_without_replacement: true }).violations, []);
  assert.equal(errors({ ...base, seed: 1.5 }).length, 1);
  assert.equal(errors({ ...base, retry: { max: -1 } }).length, 1);
  assert.equal(errors({ method: 'random', parameters: { x: { min: 0.5, max: 1.5 } }, sample_without_replacement: true }).length, 1);
});

test('a config that is not a mapping is one clear error', () => {
  assert.match(errors([1, 2])[0].message, /must be a mapping/);
  assert.match(loadSweepConfig('just text').violations[0].message, /must be a mapping/);
});

test('data that JSON cannot hold is named by its path', () => {
  assert.deepEqual(errors({ method: 'random', parameters: { x: { values: [1, () => 2] } } }).map((v) => v.path), ['parameters.x.values.1']);
  assert.deepEqual(errors({ method: 'random', parameters: { x: { value: new Date(0) } } }).map((v) => v.path), ['parameters.x.value']);
  assert.deepEqual(errors({ method: 'random', parameters: { x: { value: undefined } } }).map((v) => v.path), ['parameters.x.value']);
});

test('YAML 1.2: 1e-5 is a number (PyYAML would read a string)', () => {
  const { config } = loadSweepConfig('method: random\nparameters:\n  lr: {min: 1e-5, max: 1e-1}\n');
  assert.deepEqual([config?.params[0].type, config?.params[0].min], ['uniform', 1e-5]);
});

test('a grid of up to 10,000,000 points is accepted; one more point is an error at the widest parameter', () => {
  const grid = (max: number) => `method: grid\nparameters:\n  a: {values: [1, 2]}\n  b: {min: 1, max: ${max}}\n`;
  assert.deepEqual(errorsIn(grid(5_000_000)), []);
  const [error, ...rest] = errorsIn(grid(5_000_001));
  assert.deepEqual(rest, []);
  assert.equal(error.path, 'parameters.b');
  assert.equal(error.line, 4);
  assert.match(error.message, /^grid has 10000002 points, more than Sextant enumerates \(10000000\); 'b' alone has 5000001 values/);
  assert.deepEqual(errorsIn(grid(5_000_001).replace('grid', 'random')), []);
});
