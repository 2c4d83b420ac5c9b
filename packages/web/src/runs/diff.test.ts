import { test } from 'node:test';
import assert from 'node:assert/strict';
import { diffRows } from './diff.ts';
import { flatten } from './flatten.ts';
import { formatDuration, formatValue } from '../format.ts';

test('nested config flattens to dotted keys; media and lists stay whole', () => {
  const image = { _type: 'image-file', path: 'a.png', width: 28, height: 28 };
  assert.deepEqual(flatten({ opt: { lr: 0.1, betas: [0.9, 0.99], inner: { x: 1 } }, img: image, empty: {}, seed: 3 }),
    { 'opt.lr': 0.1, 'opt.betas': [0.9, 0.99], 'opt.inner.x': 1, img: image, empty: {}, seed: 3 });
});

test('diff rows: every key once, sorted, marked when the runs disagree or one lacks it', () => {
  const rows = diffRows([{ lr: 0.1, batch: 32, opt: 'adam' }, { lr: 0.01, batch: 32 }, { lr: 0.1, batch: 32, opt: 'adam' }]);
  assert.deepEqual(rows.map((r) => [r.key, r.differs]), [['batch', false], ['lr', true], ['opt', true]]);
  assert.deepEqual(rows[2].values, ['adam', undefined, 'adam']);
  assert.deepEqual(diffRows([{ a: { x: [1] } }, { a: { x: [1] } }])[0].differs, false, 'equal objects are equal');
});

test('media values read as media, not JSON', () => {
  assert.equal(formatValue({ _type: 'image-file', path: 'a.png', width: 28, height: 14 }), 'image 28×14');
  assert.equal(formatValue({ _type: 'table-file', path: 't.json', nrows: 60, ncols: 4 }), 'table 60×4');
  assert.equal(formatValue({ _type: 'histogram', values: [1], bins: [0, 1] }), 'histogram');
  assert.equal(formatValue({ a: 1 }), '{"a":1}');
});

test('runtimes read in their largest units', () => {
  assert.deepEqual([45.4, 200, 7500, 3 * 86400 + 4 * 3600 + 59].map(formatDuration), ['45 s', '3 min 20 s', '2 h 05 min', '3 d 4 h']);
});
