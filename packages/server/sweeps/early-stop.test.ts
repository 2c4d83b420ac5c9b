// Early stopping with kept milestones decides exactly what a fresh read of every history decides,
// through appends, a rewrite of earlier lines, a restart and a second server on the same database.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRng, loadSweepConfig, stopRuns, type Json } from '@sextant/sweeps';
import { openSqliteStore } from '../store/sqlite.ts';
import type { Run, Store } from '../store/store.ts';
import { earlyStop } from './early-stop.ts';
import { MetricSeries, READS_AT_ONCE, watchOf } from './metric-series.ts';

const configText = (goal: string, hyperband: string): string =>
  `method: random\nmetric: {name: loss, goal: ${goal}}\nparameters: {x: {min: 0.0, max: 1.0}}\nearly_terminate: {type: hyperband, ${hyperband}}\n`;
const CONFIGS = [configText('minimize', 'min_iter: 2, eta: 2'), configText('minimize', 'max_iter: 40, s: 3, eta: 2, strict: false')];

/** What every append decided before anything was kept: every line of every run read and parsed. */
async function freshDecisions(store: Store, configYaml: string, runs: Run[]): Promise<string[]> {
  const stop = new Set(stopRuns(loadSweepConfig(configYaml).config!, await Promise.all(runs.map(async (run) => ({
    id: run.name, state: run.state, config: {}, summary: {},
    history: (await store.readLines(run, 'history', 0, 1_000_000)).map((line) => JSON.parse(line) as Record<string, Json>),
  })))));
  return runs.filter((run) => stop.has(run.name) && !run.stopRequested).map((run) => run.name);
}

for (const CONFIG of CONFIGS) test(`kept milestones decide as a fresh read of every history does, append after append: ${CONFIG.split('\n')[1]}, ${CONFIG.split('\n')[3]}`, async () => {
  const path = join(mkdtempSync(join(tmpdir(), 'sextant-early-stop-')), 'db.sqlite');
  const store = openSqliteStore(path);
  const sweep = { entity: 'e', project: 'p', name: 'swpstop1' };
  await store.createSweep({ ...sweep, displayName: null, config: CONFIG, state: 'RUNNING' });
  const names = Array.from({ length: 12 }, (_, i) => `r${i}`);
  await store.assignSweepRuns(sweep, 0, names.map((name) => ({ name, displayName: name, config: {}, agentId: 'a' })));
  for (const name of names) await store.upsertRun({ ...sweep, name }, { state: 'running' });
  const rng = createRng(7);
  const lines = new Map(names.map((name) => [name, 0]));
  let series = new MetricSeries(store);
  const other = new MetricSeries(openSqliteStore(path));
  let stops = 0;
  for (let append = 0; append < 150; append++) {
    const name = names[Math.floor(rng.uniform() * names.length)];
    const key = { ...sweep, name };
    const level = Number(name.slice(1)) / 10;
    const row = (step: number): string => {
      const r = rng.uniform();
      // Rows without the metric, NaN strings and rows of other keys mixed in, as clients log them.
      return JSON.stringify(r < 0.15 ? { _step: step, acc: r } : r < 0.2 ? { _step: step, loss: 'NaN' } : { _step: step, loss: level + 1 / (step + 1) + r / 5 });
    };
    const rows = Array.from({ length: 1 + Math.floor(rng.uniform() * 4) }, (_, i) => row(lines.get(name)! + i));
    let offset = lines.get(name)!;
    // A client's retry: the last two lines sent again, as they were, before the new ones.
    if (append % 37 === 36 && offset > 2) {
      rows.unshift(...(await store.readLines(key, 'history', offset - 2, 2)));
      offset -= 2;
    }
    await store.writeLines(key, 'history', offset, rows.map((content) => ({ content })));
    series.written(key, offset);
    lines.set(name, offset + rows.length);
    if (append === 100) series = new MetricSeries(store); // a restart: nothing kept
    // Half the appends are decided by a second server on the same database, which never sees the writes.
    const expected = await freshDecisions(store, CONFIG, await store.sweepRuns(sweep));
    const decided = await earlyStop(store, append % 2 === 0 ? series : other, key, sweep.name);
    assert.deepEqual(decided, expected, `append ${append} to ${name}`);
    stops += decided.length;
  }
  assert.ok(stops >= 3, `only ${stops} runs stopped: the scenario does not exercise the decisions`);
  await store.close();
});

test('a run whose lines have a gap is read again until the gap is filled; rewritten lines are read again', async () => {
  const store = openSqliteStore(join(mkdtempSync(join(tmpdir(), 'sextant-metric-series-')), 'db.sqlite'));
  const key = { entity: 'e', project: 'p', name: 'gappy' };
  await store.upsertRun(key, { state: 'running' });
  const line = (loss: number): { content: string } => ({ content: JSON.stringify({ loss }) });
  const series = new MetricSeries(store);
  const watch = watchOf('loss', [1, 2, 3, 4]);
  const kept = (values: number[]) => ({ count: values.length, atBands: values, min: Math.min(...values), max: Math.max(...values) });
  await store.writeLines(key, 'history', 0, [line(1)]);
  await store.writeLines(key, 'history', 2, [line(3)]);
  assert.deepEqual((await series.milestones([{ ...key, historyLineCount: 3 }], watch))[0], kept([1, 3]));
  await store.writeLines(key, 'history', 1, [line(2)]);
  assert.deepEqual((await series.milestones([{ ...key, historyLineCount: 3 }], watch))[0], kept([1, 2, 3]));
  await store.writeLines(key, 'history', 3, [line(4)]);
  assert.deepEqual((await series.milestones([{ ...key, historyLineCount: 4 }], watch))[0], kept([1, 2, 3, 4]));
  await store.writeLines(key, 'history', 1, [line(5)]);
  series.written(key, 1);
  assert.deepEqual((await series.milestones([{ ...key, historyLineCount: 4 }], watch))[0], kept([1, 5, 3, 4]));
  assert.deepEqual((await series.milestones([{ ...key, historyLineCount: 4 }], watchOf('loss', [3])))[0], { ...kept([1, 5, 3, 4]), atBands: [3] }, 'other bands: read again');
  assert.deepEqual((await series.milestones([{ ...key, historyLineCount: 4 }], watchOf('acc', [1])))[0], { count: 0, atBands: [], min: Infinity, max: -Infinity });
  await store.close();
});

test('after a start, every run is read, at most READS_AT_ONCE at a time, each into its own place', async () => {
  const store = openSqliteStore(join(mkdtempSync(join(tmpdir(), 'sextant-metric-series-')), 'db.sqlite'));
  const runs = Array.from({ length: 3 * READS_AT_ONCE + 1 }, (_, i) => ({ entity: 'e', project: 'p', name: `r${i}`, historyLineCount: i + 1 }));
  for (const run of runs) {
    await store.upsertRun(run, { state: 'running' });
    await store.writeLines(run, 'history', 0, Array.from({ length: run.historyLineCount }, (_, step) => ({ content: JSON.stringify({ loss: step }) })));
  }
  let reading = 0;
  let most = 0;
  const counting: Store = Object.create(store, { readLines: { value: async (...args: Parameters<Store['readLines']>) => {
    most = Math.max(most, ++reading);
    try {
      return await store.readLines(...args);
    } finally {
      reading--;
    }
  } } });
  const milestones = await new MetricSeries(counting).milestones(runs, watchOf('loss', [1]));
  assert.deepEqual(milestones.map((m) => [m.count, m.max]), runs.map((run) => [run.historyLineCount, run.historyLineCount - 1]));
  assert.equal(most, READS_AT_ONCE);
  await store.close();
});
