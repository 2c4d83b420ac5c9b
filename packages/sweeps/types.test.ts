import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as sweeps from './index.ts';

test('the library entry point loads without I/O modules', () => {
  assert.equal(typeof sweeps, 'object');
});
