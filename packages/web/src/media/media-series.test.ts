import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { MediaEntry } from '../api.ts';
import { groupMedia } from './media-series.ts';

const entry = (key: string, type: string, step: number, extra: Partial<MediaEntry> = {}): MediaEntry => ({ key, type, step, files: [], ...extra });

test('media group by kind then key, entries in step order; a step logged again replaces; unknown types are left out', () => {
  const series = groupMedia([
    entry('weights', 'histogram', 0), entry('sample', 'image-file', 2), entry('preds', 'table-file', 1), entry('sample', 'image-file', 0),
    entry('audio', 'audio-file', 0), entry('grid', 'images/separated', 0), entry('sample', 'image-file', 2, { caption: 'again' }),
  ]);
  assert.deepEqual(series.map((s) => [s.kind, s.key, s.entries.map((e) => e.step)]), [
    ['image', 'grid', [0]], ['image', 'sample', [0, 2]], ['histogram', 'weights', [0]], ['table', 'preds', [1]],
  ]);
  assert.equal(series[1].entries[1].caption, 'again');
  assert.deepEqual(groupMedia([]), []);
});
