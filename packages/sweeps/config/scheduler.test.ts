// W&B's multi-objective `metrics` and `scheduler` rules (docs/protocol/sweeps.md#top-level-keys, W&B's test_config), and where
// Sextant stops: it runs neither method custom nor optimizer code from a Python file.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkSweepConfig } from './index.ts';

const parameters = { v1: { values: [1, 2, 3] } };
const errors = (value: unknown) => checkSweepConfig(value).violations.filter((v) => v.severity === 'error');
const summary = (value: unknown) => errors(value).map((v) => `${v.path}: ${v.message}`);

test('metrics that W&B accepts (method custom, 2 metrics) fail only on method custom', () => {
  const found = errors({ method: 'custom', metrics: [{ name: 'loss', goal: 'minimize' }, { name: 'accuracy', goal: 'maximize' }], parameters });
  assert.deepEqual(found.map((v) => v.path), ['method']);
  assert.match(found[0].message, /Sextant does not run/);
});

test('metrics needs method custom, at least 2 entries, no metric beside it, and valid entries', () => {
  const two = [{ name: 'loss' }, { name: 'accuracy' }];
  assert.match(summary({ method: 'bayes', metrics: two, parameters }).join('\n'), /^metrics: metrics \(multi-objective\) requires method: custom, not bayes/);
  assert.match(summary({ method: 'custom', metric: { name: 'loss' }, metrics: two, parameters }).join('\n'), /metrics: metric and metrics cannot both be set/);
  assert.match(summary({ method: 'custom', metrics: [{ name: 'loss' }], parameters }).join('\n'), /metrics: metrics must be a list of at least 2/);
  assert.match(summary({ method: 'custom', metrics: 'not-a-list', parameters }).join('\n'), /metrics: metrics must be a list/);
  assert.match(summary({ method: 'custom', metrics: [{ name: 'loss' }, 'not-a-dict'], parameters }).join('\n'), /metrics\.1: metrics\.1 must be a mapping/);
  assert.match(summary({ method: 'custom', metrics: [{ name: 'loss', goal: 'not-a-real-goal' }, { name: 'a' }], parameters }).join('\n'), /metrics\.0\.goal: .*W&B would silently minimize/);
  assert.match(summary({ method: 'custom', metrics: [{ name: 'loss', impute: 'mean' }, { name: 'a' }], parameters }).join('\n'), /metrics\.0\.impute: .*W&B would silently use worst/);
});

test('scheduler engine wandb without source is the built-in search and runs', () => {
  const { config, violations } = checkSweepConfig({ method: 'random', scheduler: { engine: 'wandb' }, parameters });
  assert.deepEqual(violations, []);
  assert.equal(config?.method, 'random');
  assert.deepEqual(errors({ method: 'bayes', metric: { name: 'loss' }, scheduler: { engine: 'wandb' }, controller: { type: 'cloud' }, parameters }), []);
});

test('scheduler: engine required and known, only wandb available, with method grid, random or bayes', () => {
  const scheduler = { source: 'scheduler.py', optimizer: 'build_study', search_space: 'search_space' };
  assert.ok(summary({ method: 'random', scheduler, parameters }).includes('scheduler: scheduler.engine is required (wandb)'));
  for (const engine of ['optuna', 'ax']) {
    assert.match(summary({ method: 'random', scheduler: { ...scheduler, engine }, parameters }).join('\n'), new RegExp(`scheduler.engine: scheduler.engine '${engine}' is not available`));
  }
  assert.match(summary({ method: 'random', scheduler: { engine: 'not-a-real-engine' }, parameters }).join('\n'), /scheduler\.engine: scheduler\.engine must be optuna, ax or wandb/);
  assert.match(summary({ method: 'custom', scheduler: { engine: 'wandb' }, parameters }).join('\n'), /method: scheduler\.engine wandb needs method grid, random or bayes, not custom/);
  assert.match(summary({ method: 'random', scheduler: { engine: 'wandb', extra: 1 }, parameters }).join('\n'), /scheduler\.extra: unknown key 'extra'/);
});

test('scheduler: optimizer and search_space need source; source itself is not something Sextant can run', () => {
  for (const field of ['optimizer', 'search_space']) {
    assert.deepEqual(summary({ method: 'random', scheduler: { engine: 'wandb', [field]: 'build_study' }, parameters }),
      [`scheduler.${field}: scheduler.${field} names a function in scheduler.source, which is missing`]);
  }
  const withSource = { engine: 'wandb', source: 'scheduler.py', optimizer: 'build_study', search_space: 'search_space' };
  assert.deepEqual(errors({ method: 'random', scheduler: withSource, parameters }).map((v) => v.path), ['scheduler.source']);
});

test('scheduler excludes early_terminate and a local controller', () => {
  const base = { method: 'random', metric: { name: 'loss' }, scheduler: { engine: 'wandb' }, parameters };
  assert.match(summary({ ...base, early_terminate: { type: 'hyperband', min_iter: 3 } }).join('\n'), /early_terminate: early_terminate cannot be combined with scheduler/);
  assert.match(summary({ ...base, controller: { type: 'local' } }).join('\n'), /controller\.type: controller\.type: local cannot be combined with scheduler/);
});

test('parameters may be left out only when scheduler.search_space names a function', () => {
  const scheduler = { engine: 'wandb', source: 'scheduler.py', optimizer: 'build_study', search_space: 'search_space' };
  assert.deepEqual(errors({ method: 'random', scheduler }).map((v) => v.path), ['scheduler.source']);
  const empty = errors({ method: 'random', scheduler: { engine: 'wandb', source: 'scheduler.py', search_space: '' } }).map((v) => v.path);
  assert.deepEqual(empty.sort(), ['parameters', 'scheduler.source']);
});
