import { test } from 'node:test';
import assert from 'node:assert/strict';
import { imagePath, pageOf, parseTable, sortRows } from './table-rows.ts';

test('a table sorts numbers numerically and text naturally, empty cells last both ways', () => {
  const rows = [['img-10', 0.5], ['img-9', null], ['img-2', 2], ['img-1', 0.25]];
  assert.deepEqual(sortRows(rows, 1, false).map((r) => r[0]), ['img-1', 'img-10', 'img-2', 'img-9']);
  assert.deepEqual(sortRows(rows, 1, true).map((r) => r[0]), ['img-2', 'img-10', 'img-1', 'img-9']);
  assert.deepEqual(sortRows(rows, 0, false).map((r) => r[0]), ['img-1', 'img-2', 'img-9', 'img-10']);
  assert.deepEqual(rows.map((r) => r[0]), ['img-10', 'img-9', 'img-2', 'img-1'], 'the input stays as it was');
  const images = [[{ _type: 'image-file', path: 'media/images/b.png' }], [{ _type: 'image-file', path: 'media/images/a.png' }], ['text']];
  assert.deepEqual(sortRows(images, 0, false).map((r) => imagePath(r[0]) ?? r[0]), ['text', 'media/images/a.png', 'media/images/b.png']);
});

test('pages of a table: clamped to the pages there are', () => {
  const rows = Array.from({ length: 120 }, (_, i) => i);
  assert.deepEqual(pageOf(rows, 2, 50), { rows: rows.slice(100), page: 2, pages: 3, first: 100 });
  assert.equal(pageOf(rows, 9, 50).page, 2);
  assert.equal(pageOf(rows, -1, 50).first, 0);
  assert.deepEqual(pageOf([], 0, 50), { rows: [], page: 0, pages: 1, first: 0 });
});

test('a table file: columns and rows, image cells by path; anything else is an error', () => {
  assert.deepEqual(parseTable({ _type: 'table', columns: ['a', 1], data: [[1, 'x']] }), { columns: ['a', '1'], rows: [[1, 'x']] });
  assert.throws(() => parseTable({ columns: ['a'] }), /not a wandb.Table/);
  assert.equal(imagePath({ _type: 'image-file', path: 'media/images/x.png', width: 2 }), 'media/images/x.png');
  assert.equal(imagePath({ _type: 'audio-file', path: 'a.wav' }), undefined);
  assert.equal(imagePath('media/images/x.png'), undefined);
});
