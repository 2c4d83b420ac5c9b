import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Run } from '../api.ts';
import { band, groupRuns } from './grouping.ts';
import { toCsv } from './csv.ts';

const item = (id: string, group: string | null) => ({ run: { id, group } as Run });

test('runs grouped by a value, in first-seen order, missing values together', () => {
  const groups = groupRuns([item('a', 'x'), item('b', null), item('c', 'y'), item('d', 'x')], (r) => r.group);
  assert.deepEqual([...groups].map(([name, items]) => [name, items.map((i) => i.run.id)]), [['x', ['a', 'd']], ['(none)', ['b']], ['y', ['c']]]);
});

test('a band: mean, min and max of the lines spanning each x, reading between points', () => {
  const b = band([{ x: [0, 2, 4], y: [0, 2, 4] }, { x: [0, 1, 2], y: [10, 10, 10] }]);
  assert.deepEqual(b.x, [0, 1, 2, 4]);
  assert.deepEqual(b.mean, [5, 5.5, 6, 4], 'at x=1 the first line reads 1 between its points; at x=4 the second has ended');
  assert.deepEqual(b.min, [0, 1, 2, 4]);
  assert.deepEqual(b.max, [10, 10, 10, 4]);
  assert.equal(band([{ x: Array.from({ length: 5000 }, (_, i) => i), y: new Array(5000).fill(1) }], 100).x.length, 100);
  assert.deepEqual(band([]), { x: [], mean: [], min: [], max: [] });
});

test('CSV: quoted where needed, formulas kept as text, numbers exact', () => {
  const csv = toCsv(['name', 'config.lr', 'note'], [['run "1"', 0.000123456789, 'a,b'], ['=SUM(A1)', -2, undefined], ['x', null, '-rf\nline']]);
  assert.equal(csv, 'name,config.lr,note\r\n"run ""1""",0.000123456789,"a,b"\r\n\'=SUM(A1),-2,\r\nx,,"\'-rf\nline"\r\n');
});
