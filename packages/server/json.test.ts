// The checks on client JSON: nesting depth (bounded, without deep recursion), the text-length bound
// that lets a short line skip the walk, and "__proto__" keys.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RequestError } from './errors.ts';
import { checkNesting, hasProtoKey, jsonDepth, MAX_JSON_DEPTH, mayNestTooDeeply } from './json.ts';

const nested = (levels: number): string => '['.repeat(levels) + ']'.repeat(levels);

test('jsonDepth counts objects and arrays inside one another, the deepest branch wins', () => {
  assert.equal(jsonDepth(5), 0);
  assert.equal(jsonDepth(null), 0);
  assert.equal(jsonDepth({}), 1);
  assert.equal(jsonDepth({ a: 1, b: 'x', c: null }), 1);
  assert.equal(jsonDepth([[1], [[2]], 3]), 3);
  assert.equal(jsonDepth({ a: { b: [{}] }, c: [] }), 4);
  assert.equal(jsonDepth(JSON.parse(`{"a": 1, "b": ${nested(100)}}`)), 101);
});

test('jsonDepth stops past its limit, so a value a million levels deep is measured without running out of stack', () => {
  const deep = JSON.parse(nested(1_000_000));
  assert.equal(jsonDepth(deep), MAX_JSON_DEPTH + 1);
  assert.equal(jsonDepth(deep, 10), 11);
  assert.throws(() => checkNesting(deep, 'the body'), (error) => error instanceof RequestError && error.message === 'the body nests objects and arrays more than 100 levels deep');
  assert.doesNotThrow(() => checkNesting(JSON.parse(nested(MAX_JSON_DEPTH)), 'the body'));
});

test('text of up to 200 characters cannot nest past 100 levels; longer text may', () => {
  const deepest = nested(MAX_JSON_DEPTH);
  assert.equal(deepest.length, 200);
  assert.equal(mayNestTooDeeply(deepest), false);
  assert.equal(mayNestTooDeeply(nested(MAX_JSON_DEPTH + 1)), true);
  assert.equal(jsonDepth(JSON.parse(nested(MAX_JSON_DEPTH + 1))), MAX_JSON_DEPTH + 1);
});

test('hasProtoKey finds a "__proto__" key JSON.parse made, at any depth and however it was escaped', () => {
  assert.equal(hasProtoKey(JSON.parse('{"a": [1, {"b": 2}], "constructor": 1, "proto": 2}')), false);
  assert.equal(hasProtoKey(JSON.parse('{"__proto__": {"admin": true}}')), true);
  assert.equal(hasProtoKey(JSON.parse('{"a": [1, {"b": {"\\u005f_pr\\u006fto__": 1}}]}')), true);
  assert.equal(hasProtoKey(JSON.parse('[[{"__proto__": null}]]')), true);
  assert.equal(hasProtoKey(JSON.parse('{"a": "{\\"__proto__\\": 1}"}')), false, 'inside a string it is text, not a key');
  assert.equal(hasProtoKey('__proto__'), false);
});
