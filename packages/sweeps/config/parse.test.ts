// Parsing: positions by JSON path, integer versus float literals, duplicate keys, syntax errors.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dataSource, parseConfigText } from './parse.ts';
import { loadSweepConfig } from './index.ts';

test('locate maps a JSON path to line:col, for keys and values, in YAML and JSON alike', () => {
  const yaml = parseConfigText('method: random\nparameters:\n  lr:\n    min: 0.1\n    max: 1\n');
  assert.deepEqual(yaml.source?.locate(['parameters', 'lr', 'min'], 'value'), { line: 4, col: 10 });
  assert.deepEqual(yaml.source?.locate(['parameters', 'lr', 'min'], 'key'), { line: 4, col: 5 });
  assert.deepEqual(yaml.source?.locate(['parameters', 'lr'], 'value'), { line: 3, col: 3 }, 'a block mapping is located at its key');
  assert.deepEqual(yaml.source?.locate(['parameters', 'lr', 'mu'], 'key'), { line: 3, col: 3 }, 'a missing key falls back to its parent');
  const json = parseConfigText('{\n  "method": "grid",\n  "parameters": {"a": {"values": [1, 2]}}\n}');
  assert.deepEqual(json.source?.locate(['parameters', 'a', 'values', 1], 'value'), { line: 3, col: 38 });
});

test('numbers remember whether they were written as integers or floats', () => {
  const { source } = parseConfigText('a: 1\nb: 1.0\nc: 1e-5\nd: 0x1e\ne: 0o17\nf: !!float 1e-5\ng: .inf\nh: -3\ni: 2.5e3\n');
  const floats = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i'].filter((k) => source?.isFloat([k]));
  assert.deepEqual(floats, ['b', 'c', 'f', 'g', 'i']);
  const data = dataSource({ a: 1, b: 1.5, c: [2, 0.5] });
  assert.deepEqual([data.isFloat(['a']), data.isFloat(['b']), data.isFloat(['c', 0]), data.isFloat(['c', 1])], [false, true, false, true]);
});

test('anchors and merge keys keep integer-ness, and explicit keys override merged ones', () => {
  const text = 'method: random\nbase: &b {min: 1.0, max: 2.0}\nparameters:\n  x: *b\n  y:\n    <<: *b\n    min: 0\n    max: 3\n';
  const { source, value } = parseConfigText(text);
  assert.deepEqual(value, { method: 'random', base: { min: 1, max: 2 }, parameters: { x: { min: 1, max: 2 }, y: { min: 0, max: 3 } } });
  assert.equal(source?.isFloat(['parameters', 'x', 'min']), true);
  assert.equal(source?.isFloat(['parameters', 'y', 'min']), false);
  assert.equal(source?.isFloat(['parameters', 'y', 'max']), false);
  const { config, violations } = loadSweepConfig(text);
  assert.deepEqual(violations.map((v) => `${v.severity} ${v.path}`), ['warning base']);
  assert.deepEqual(config?.params.map((p) => p.type), ['uniform', 'int_uniform']);
});

test('duplicate keys are errors with their JSON path and both lines', () => {
  const { violations } = loadSweepConfig('method: random\nparameters:\n  lr:\n    min: 0.1\n    max: 1.0\n    min: 0.2\n');
  assert.deepEqual(violations, [{ path: 'parameters.lr.min', message: "duplicate key 'min' (first at line 4); YAML readers keep only one of them", severity: 'error', line: 6, col: 5 }]);
});

test('syntax errors carry line:col and stop the check', () => {
  const { config, violations } = loadSweepConfig('method: random\nparameters:\n  a: {values: [1, 2]\n  b: 3\n');
  assert.equal(config, undefined);
  assert.equal(violations.length >= 1, true);
  assert.deepEqual([violations[0].path, violations[0].line], ['', 4]);
  assert.match(violations[0].message, /^invalid YAML: /);
  assert.match(loadSweepConfig('method: random\n---\nmethod: grid\n').violations[0].message, /invalid YAML/);
});

test('a tag the parser cannot apply is a warning at its place', () => {
  const { violations } = loadSweepConfig('method: random\nparameters:\n  x: {min: !!float 2, max: 3.0}\n');
  assert.deepEqual(violations.map((v) => `${v.severity} ${v.path} ${v.line}`), ['warning  3', 'error parameters.x.min 3']);
  assert.match(violations[0].message, /Unresolved tag/);
});

test('an empty file or a scalar is one clear error', () => {
  for (const text of ['', '# only a comment\n', '42']) {
    const { violations } = loadSweepConfig(text);
    assert.equal(violations.length, 1);
    assert.match(violations[0].message, /must be a mapping/);
  }
});
