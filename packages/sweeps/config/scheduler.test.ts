// W&B's multi-objective `metrics` and `scheduler` rules (docs/protocol/sweeps.md#top-level-keys, W&B's test_config), and where
// Sextant stops: it runs neither method custom nor optimizer code from a Python file.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkSweepConfig } from './index.ts';

const parameters = { v1: { values: [1, 2, 3] } };
const errors = (value: unknown) => checkSweepConfig(value).violations.filter((v) => v.severity === 'error');
const summary = (value: unknown) => errors(value).map((v) => `${v.path}: ${v.message}`);

test('metrics that W&B accepts (method custom, 2 metrics) fail only on method custom, which points to bayes', () => {
  const found = errors({ method: 'custom', metrics: [{ name: 'loss', goal: 'minimize' }, { name: 'accuracy', goal: 'maximize' }], parameters });
  assert.deepEqual(found.map((v) => v.path), ['method']);
  assert.match(found[0].message, /Sextant does not run.*with metrics, bayes searches for the Pareto front/);
});

test('metrics runs with bayes, random and grid, each entry filled with W&B\'s defaults', () => {
  for (const method of ['bayes', 'random', 'grid']) {
    const { config, violations } = checkSweepConfig({ method, metrics: [{ name: 'loss' }, { name: 'accuracy', goal: 'maximize', impute: 'best' }], parameters });
    assert.deepEqual(violations, [], method);
    assert.equal(config?.metric, undefined);
    assert.deepEqual(config?.metrics, [
      { name: 'loss', goal: 'minimize', impute: 'worst', impute_while_running: 'false' },
      { name: 'accuracy', goal: 'maximize', impute: 'best', impute_while_running: 'false' },
    ]);
  }
});

test('metrics: at least 2 entries, distinct names, no metric or early_terminate beside it, and valid entries', () => {
  const two = [{ name: 'loss' }, { name: 'accuracy' }];
  assert.match(summary({ method: 'bayes', metric: { name: 'loss' }, metrics: two, parameters }).join('\n'), /metrics: metric and metrics cannot both be set/);
  assert.match(summary({ method: 'custom', metric: { name: 'loss' }, metrics: two, parameters }).join('\n'), /metrics: metric and metrics cannot both be set/);
  assert.match(summary({ method: 'bayes', metrics: [{ name: 'loss' }], parameters }).join('\n'), /metrics: metrics must be a list of at least 2/);
  assert.match(summary({ method: 'bayes', metrics: 'not-a-list', parameters }).join('\n'), /metrics: metrics must be a list/);
  assert.deepEqual(summary({ method: 'bayes', metrics: [{ name: 'loss' }, { name: 'acc' }, { name: 'loss', goal: 'maximize' }], parameters }),
    ["metrics.2.name: metrics.2.name 'loss' is already metrics.0.name: each objective needs its own metric"]);
  assert.match(summary({ method: 'bayes', metrics: two, early_terminate: { type: 'hyperband', min_iter: 3 }, parameters }).join('\n'), /early_terminate: early_terminate compares runs on one metric/);
  assert.match(summary({ method: 'bayes', metrics: [{ name: 'loss' }, 'not-a-dict'], parameters }).join('\n'), /metrics\.1: metrics\.1 must be a mapping/);
  assert.match(summary({ method: 'bayes', metrics: [{ goal: 'minimize' }, { name: 'a' }], parameters }).join('\n'), /metrics\.0\.name: metrics\.0\.name is required/);
  assert.match(summary({ method: 'custom', metrics: [{ name: 'loss', goal: 'not-a-real-goal' }, { name: 'a' }], parameters }).join('\n'), /metrics\.0\.goal: .*W&B would silently minimize/);
  assert.match(summary({ method: 'custom', metrics: [{ name: 'loss', impute: 'mean' }, { name: 'a' }], parameters }).join('\n'), /metrics\.0\.impute: .*W&B would silently use worst/);
});

test('a target inside metrics is a warning: several objectives have no single value to reach', () => {
  const { config, violations } = checkSweepConfig({ method: 'random', metrics: [{ name: 'loss', target: 0.1 }, { name: 'acc' }], parameters });
  assert.ok(config);
  assert.deepEqual(violations.map((v) => [v.path, v.severity]), [['metrics.0.target', 'warning']]);
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
