import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseJson, stringifyJson } from './json-text.ts';

test('NaN, Infinity and -Infinity as the Python client writes them parse to numbers and are written back the same way', () => {
  const line = '{"loss": NaN, "grad": Infinity, "low": -Infinity, "name": "NaN Infinity", "nested": {"v": [1, NaN]}, "_step": 3}';
  const row = parseJson(line) as Record<string, any>;
  assert.ok(Number.isNaN(row.loss));
  assert.equal(row.grad, Infinity);
  assert.equal(row.low, -Infinity);
  assert.equal(row.name, 'NaN Infinity', 'tokens inside strings are text');
  assert.ok(Number.isNaN(row.nested.v[1]));
  assert.equal(stringifyJson(row), '{"loss":NaN,"grad":Infinity,"low":-Infinity,"name":"NaN Infinity","nested":{"v":[1,NaN]},"_step":3}');
  assert.deepEqual(parseJson(stringifyJson(row)), row);
  assert.equal(stringifyJson({ a: 1, s: 'x\\"y' }), JSON.stringify({ a: 1, s: 'x\\"y' }));
});

test('text that is not JSON still fails', () => {
  assert.throws(() => parseJson('{"a": NaNa}'), SyntaxError);
  assert.throws(() => parseJson('{"a": nan}'), SyntaxError);
  assert.throws(() => parseJson('{"a": 1'), SyntaxError);
});
