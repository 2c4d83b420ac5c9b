// Our `when` extension: how it is read, and the errors that name the field at fault.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadSweepConfig } from './index.ts';

const head = 'method: random\nparameters:\n  optimizer: {values: [sgd, adam, rmsprop]}\n  lr: {min: 0.0, max: 1.0}\n';
const errorsIn = (lines: string) => loadSweepConfig(head + lines).violations.filter((v) => v.severity === 'error');

test('a when on a leaf takes one value or a list; on a nested block it applies to every leaf inside', () => {
  const { config, violations } = loadSweepConfig(`${head}  momentum: {min: 0.0, max: 0.99, when: {optimizer: sgd}}
  decay: {values: [0.9, 0.99], when: {optimizer: [adam, rmsprop]}}
  adam:
    when: {optimizer: adam}
    parameters:
      beta1: {min: 0.8, max: 0.99}
      amsgrad: {value: true}
`);
  assert.deepEqual(violations, []);
  const when = Object.fromEntries(config!.params.map((p) => [p.name, p.when]));
  assert.deepEqual(when, {
    'adam.amsgrad': { parent: ['optimizer'], values: ['adam'] },
    'adam.beta1': { parent: ['optimizer'], values: ['adam'] },
    decay: { parent: ['optimizer'], values: ['adam', 'rmsprop'] },
    lr: undefined,
    momentum: { parent: ['optimizer'], values: ['sgd'] },
    optimizer: undefined,
  });
  assert.equal(config!.params.find((p) => p.name === 'momentum')!.type, 'uniform', 'when does not change the form');
});

test('a parent may itself be conditional, and a value that is a list is matched whole before being read as a list', () => {
  const { config, violations } = loadSweepConfig(`${head}  schedule: {values: [cosine, step], when: {optimizer: sgd}}
  step_size: {values: [10, 30], when: {schedule: step}}
  shape: {values: [[1, 2], [3]]}
  wide: {value: 1, when: {shape: [1, 2]}}
`);
  assert.deepEqual(violations, []);
  assert.deepEqual(config!.params.find((p) => p.name === 'step_size')!.when, { parent: ['schedule'], values: ['step'] });
  assert.deepEqual(config!.params.find((p) => p.name === 'wide')!.when, { parent: ['shape'], values: [[1, 2]] });
});

test('errors name the when field: unknown parent, non-categorical parent, unlisted value, malformed', () => {
  const cases: Array<[string, string, RegExp]> = [
    ['  m: {min: 0.0, max: 1.0, when: {optimiser: sgd}}\n', 'parameters.m.when.optimiser', /'optimiser', which is not a parameter.*did you mean 'optimizer'/],
    ['  m: {min: 0.0, max: 1.0, when: {lr: 0.5}}\n', 'parameters.m.when.lr', /parent 'lr' must be a parameter with values \(a categorical\), but it is a uniform/],
    ['  m: {min: 0.0, max: 1.0, when: {optimizer: [sgd, adagrad]}}\n', 'parameters.m.when.optimizer', /"adagrad" is not among the values of 'optimizer'/],
    ['  m: {min: 0.0, max: 1.0, when: {optimizer: []}}\n', 'parameters.m.when.optimizer', /lists no value/],
    ['  m: {min: 0.0, max: 1.0, when: sgd}\n', 'parameters.m.when', /when must map one parameter to the value/],
    ['  m: {min: 0.0, max: 1.0, when: {optimizer: sgd, lr: 1}}\n', 'parameters.m.when', /found 2 parameters/],
    ['  m: {values: [1, 2], when: {m: 1}}\n', 'parameters.m.when.m', /cannot exist only when it takes a value itself/],
  ];
  for (const [lines, path, message] of cases) {
    const errors = errorsIn(lines);
    assert.equal(errors.length, 1, `${lines}: ${JSON.stringify(errors)}`);
    assert.equal(errors[0].path, path);
    assert.match(errors[0].message, message);
    assert.equal(errors[0].line, 5, 'located in the text');
  }
});

test('a cycle of whens is an error at each member, naming the cycle', () => {
  const errors = errorsIn('  a: {values: [1, 2], when: {b: 1}}\n  b: {values: [1, 2], when: {a: 2}}\n');
  assert.deepEqual(errors.map((e) => e.path), ['parameters.a.when.b', 'parameters.b.when.a']);
  assert.match(errors[0].message, /cycle \(a → b → a\)/);
});

test('a block when is reported once; a leaf inside it may not add its own; sample_without_replacement refuses conditions', () => {
  const block = errorsIn('  adam:\n    when: {optimizer: adamw}\n    parameters:\n      b1: {values: [1]}\n      b2: {values: [2]}\n');
  assert.deepEqual(block.map((e) => e.path), ['parameters.adam.when.optimizer']);
  const nested = errorsIn('  adam:\n    when: {optimizer: adam}\n    parameters:\n      b1: {values: [1], when: {optimizer: sgd}}\n');
  assert.deepEqual(nested.map((e) => e.path), ['parameters.adam.parameters.b1.when']);
  const extra = errorsIn('  adam:\n    when: {optimizer: adam}\n    values: [1]\n    parameters:\n      b1: {values: [1]}\n');
  assert.match(extra[0].message, /may only contain 'parameters' and 'when'/);
  const swr = loadSweepConfig('method: random\nsample_without_replacement: true\nparameters:\n  o: {values: [a, b]}\n  m: {values: [1, 2], when: {o: a}}\n');
  assert.deepEqual(swr.violations.map((v) => [v.path, v.severity]), [['sample_without_replacement', 'error']]);
});
