import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readChartSettings, readList, readTableView, writeChartSettings, writeList, writeTableView, DEFAULT_CHARTS } from './view-state.ts';

test('a table view survives the URL: filter, sort, columns (commas inside ids too), grouping, runs charted', () => {
  const view = { filter: 'lr > 0.01 and state = finished', sort: { column: 'summary.loss', descending: true }, columns: ['name', 'config.a,b', 'summary.100%'], group: 'config.opt.name', charted: 50 };
  const params = writeTableView(view, new URLSearchParams('runs=a,b'));
  assert.equal(params.get('runs'), 'a,b', 'other entries kept');
  assert.equal(params.get('sort'), '-summary.loss');
  assert.deepEqual(readTableView(new URLSearchParams(params.toString())), view);
  assert.deepEqual(readTableView(new URLSearchParams('sort=config.lr')).sort, { column: 'config.lr', descending: false });
});

test('defaults stay out of the URL, and an empty column list is kept apart from none chosen', () => {
  assert.equal(writeTableView({ filter: '  ' }, new URLSearchParams('filter=old&sort=x')).toString(), '');
  assert.deepEqual(readTableView(new URLSearchParams('')), { filter: '' });
  assert.deepEqual(readTableView(new URLSearchParams('columns=')).columns, []);
  assert.equal(writeTableView({ filter: '', charted: 10 }).toString(), '', 'ten runs charted is the default');
  assert.equal(readTableView(new URLSearchParams('charted=7')).charted, undefined, 'only a count the page offers');
  assert.equal(readTableView(new URLSearchParams('charted=1000')).charted, 1000, 'up to 1,000 runs charted');
  assert.deepEqual(readList(writeList(['a,b', '%2C', 'c'])), ['a,b', '%2C', 'c']);
});

test('chart settings survive the URL; nonsense falls back to the defaults', () => {
  const settings = { x: 'acc', smoothing: 0.6, yScale: 'log' as const };
  assert.deepEqual(readChartSettings(writeChartSettings(settings)), settings);
  assert.equal(writeChartSettings(DEFAULT_CHARTS, new URLSearchParams('x=acc&runs=a')).toString(), 'runs=a');
  assert.deepEqual(readChartSettings(new URLSearchParams('smoothing=7&y=cubic&x=')), DEFAULT_CHARTS);
});
