// `sextant sweep validate|preview` run as real child processes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const main = join(import.meta.dirname, '..', 'main.ts');
const dir = mkdtempSync(join(tmpdir(), 'sextant-cli-'));
const file = (name: string, text: string): string => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};
const sextant = (...args: string[]) => {
  const r = spawnSync(process.execPath, [main, ...args], { encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr };
};
const grid = file('grid.yaml', 'method: grid\nparameters: {v1: {values: [1, 2, 3]}, v2: {values: [4, 5]}}\n');

test('preview prints the grid in order and its size', () => {
  const { code, out } = sextant('sweep', 'preview', grid);
  assert.equal(code, 0);
  assert.deepEqual(out.trim().split('\n'), [
    '{"v1":{"value":1},"v2":{"value":4}}', '{"v1":{"value":1},"v2":{"value":5}}', '{"v1":{"value":2},"v2":{"value":4}}',
    '{"v1":{"value":2},"v2":{"value":5}}', '{"v1":{"value":3},"v2":{"value":4}}', '{"v1":{"value":3},"v2":{"value":5}}',
    '# grid: 6 runs in all, 6 left',
  ]);
});

test('preview skips --existing runs, given as run configs or as runs', () => {
  const existing = file('runs.json', JSON.stringify([{ v1: { value: 1 }, v2: { value: 5 } }, { config: { v1: { value: 3 }, v2: { value: 4 } }, state: 'failed' }]));
  const { code, out } = sextant('sweep', 'preview', grid, '--existing', existing);
  assert.equal(code, 0);
  assert.deepEqual(out.trim().split('\n'), [
    '{"v1":{"value":1},"v2":{"value":4}}', '{"v1":{"value":2},"v2":{"value":4}}', '{"v1":{"value":2},"v2":{"value":5}}',
    '{"v1":{"value":3},"v2":{"value":5}}', '# grid: 6 runs in all, 4 left',
  ]);
});

test('preview of random is reproducible with --seed and honours --runs', () => {
  const random = file('random.yaml', 'method: random\nparameters: {lr: {distribution: log_uniform_values, min: 0.0001, max: 0.1}}\n');
  const a = sextant('sweep', 'preview', random, '--runs', '3', '--seed', '5');
  assert.equal(a.out.trim().split('\n').length, 3);
  assert.equal(a.out, sextant('sweep', 'preview', random, '-n', '3', '--seed', '5').out);
  assert.notEqual(a.out, sextant('sweep', 'preview', random, '-n', '3', '--seed', '6').out);
});

test('preview of an invalid config prints file:line:col violations and exits 1', () => {
  const bad = file('bad.yaml', 'method: grid\nparameters:\n  lr: {min: 0.5, max: 0.1}\n');
  const { code, err, out } = sextant('sweep', 'preview', bad);
  assert.equal(code, 1);
  assert.equal(out, '');
  assert.match(err, /bad\.yaml:3:3 parameters\.lr: error: parameter 'lr' is a uniform/);
  assert.match(err, /bad\.yaml:3:\d+ parameters\.lr\.min: error: min \(0\.5\) must be less than max \(0\.1\)/);
});

test('preview rejects a malformed --existing file with a message', () => {
  const { code, err } = sextant('sweep', 'preview', grid, '--existing', file('x.json', '{"not": "a list"}'));
  assert.equal(code, 1);
  assert.match(err, /expected a JSON array of runs/);
});

test('validate: 0 with warnings only, 1 with errors, 2 for a missing file', () => {
  const warn = file('warn.yaml', 'method: random\nparameters: {a: {values: [1]}}\nfoo: 1\n');
  const ok = sextant('sweep', 'validate', warn);
  assert.equal(ok.code, 0);
  assert.match(ok.out, /warn\.yaml:3:1 foo: warning: unknown top-level key 'foo' is ignored/);
  assert.match(ok.out, /warn\.yaml: 0 errors, 1 warning/);
  const broken = file('broken.yaml', 'method: random\nparameters:\n  a: {values: [1, 2]\n  b: 3\n');
  const bad = sextant('sweep', 'validate', broken);
  assert.equal(bad.code, 1);
  assert.match(bad.out, /broken\.yaml:4:\d+ \(config\): error: invalid YAML/);
  assert.equal(sextant('sweep', 'validate', join(dir, 'missing.yaml')).code, 2);
  const json = sextant('sweep', 'validate', '--json', broken);
  assert.equal(JSON.parse(json.out)[0].severity, 'error');
});

test('every command explains itself with an example', () => {
  for (const args of [['--help'], ['sweep', '--help'], ['sweep', 'validate', '--help'], ['sweep', 'preview', '--help']]) {
    const { code, out } = sextant(...args);
    assert.equal(code, 0);
    assert.match(out, /Example/);
  }
});
