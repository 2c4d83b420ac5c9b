import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SizedCache } from './sized-cache.ts';

test('a sized cache forgets the oldest entries past its budget, never the one just stored', () => {
  const cache = new SizedCache<number[]>(5, (rows) => rows.length);
  cache.set('a', [1, 2]);
  cache.set('b', [1, 2]);
  cache.set('a', [1, 2, 3]);
  assert.deepEqual([cache.get('a'), cache.get('b')], [[1, 2, 3], [1, 2]]);
  cache.set('c', [1]);
  assert.equal(cache.get('b'), undefined, 'b is now the oldest');
  assert.deepEqual([cache.get('a'), cache.get('c')], [[1, 2, 3], [1]]);
  cache.set('d', [1, 2, 3, 4, 5, 6]);
  assert.deepEqual([cache.get('a'), cache.get('c'), cache.get('d')], [undefined, undefined, [1, 2, 3, 4, 5, 6]]);
  cache.delete('d');
  cache.set('e', [1, 2, 3, 4, 5]);
  assert.deepEqual(cache.get('e'), [1, 2, 3, 4, 5], 'a deleted entry no longer counts');
});
