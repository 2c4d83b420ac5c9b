import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadSweepConfig } from './index.ts';
import { withSeed } from './seed.ts';

test('a config without seed gets it as its last key; comments and layout stay', () => {
  const yaml = '# my sweep\nmethod: random  # try things\nparameters:\n  lr:\n    min: 0.1\n    max: 1.0\n# the end\n';
  assert.equal(withSeed(yaml, 123), '# my sweep\nmethod: random  # try things\nparameters:\n  lr:\n    min: 0.1\n    max: 1.0\nseed: 123\n# the end\n');
  assert.equal(withSeed('method: random\nparameters: {a: {values: [1, 2]}}', 5), 'method: random\nparameters: {a: {values: [1, 2]}}\nseed: 5\n');
  assert.equal(withSeed('  method: random\n  parameters: {a: {values: [1, 2]}}\n', 5), '  method: random\n  parameters: {a: {values: [1, 2]}}\n  seed: 5\n');
});

test('JSON stays JSON', () => {
  const json = '{\n  "method": "random",\n  "parameters": {"a": {"values": [1, 2]}}\n}\n';
  const seeded = withSeed(json, 2147483647);
  assert.deepEqual(JSON.parse(seeded), { method: 'random', parameters: { a: { values: [1, 2] } }, seed: 2147483647 });
  assert.equal(seeded, '{\n  "method": "random",\n  "parameters": {"a": {"values": [1, 2]}}, "seed": 2147483647\n}\n');
});

test('a layout the insertion cannot handle is written out by the YAML library, seed included', () => {
  // The last entry of this flow mapping is a key without a value: there is no value to insert after.
  const seeded = withSeed('{method: random, parameters: {a: {value: 1}}, note}', 3);
  assert.deepEqual(loadSweepConfig(seeded).config?.raw, { method: 'random', parameters: { a: { value: 1 } }, note: null, seed: 3 });
});

test('the seeded config loads with that seed, and everything else as before', () => {
  for (const text of ['method: bayes\nmetric: {name: loss}\nparameters:\n  x: {min: 0.0, max: 1.0}\ndescription: |\n  two\n  lines\n', '{"method": "random", "parameters": {"a": {"value": 1}}}']) {
    const before = loadSweepConfig(text).config;
    const after = loadSweepConfig(withSeed(text, 77)).config;
    assert.ok(before && after);
    assert.equal(after.seed, 77);
    assert.deepEqual({ ...after, seed: undefined, raw: { ...after.raw, seed: undefined } }, { ...before, seed: undefined, raw: { ...before.raw, seed: undefined } });
  }
});

test('a config that has a seed, is not a mapping, or searches a grid is left as it is', () => {
  for (const text of ['method: random\nseed: 0\nparameters: {a: {value: 1}}\n', 'method: random\nseed: x\n', '[1, 2]', 'method: [', '']) {
    assert.equal(withSeed(text, 9), text);
  }
  assert.equal(withSeed('method: grid\nparameters: {a: {values: [1, 2]}}\n', 9), 'method: grid\nparameters: {a: {values: [1, 2]}}\n');
});

test('seeds outside 0 .. 2^31 - 1 are refused', () => {
  for (const seed of [-1, 2 ** 31, 1.5, NaN]) assert.throws(() => withSeed('method: random', seed), /a seed is an integer from 0 to 2147483647/);
});
