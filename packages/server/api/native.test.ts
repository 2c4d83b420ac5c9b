import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildApp } from '../app.ts';
import { openSqliteStore } from '../store/sqlite.ts';
import { bootstrapAdmin } from '../auth/bootstrap.ts';
import { TEST_KEY } from '../testing/server-process.ts';
import { minMaxDownsample } from './downsample.ts';

async function seeded() {
  const dir = mkdtempSync(join(tmpdir(), 'sextant-native-'));
  const store = openSqliteStore(join(dir, 'db.sqlite'));
  await bootstrapAdmin(store, TEST_KEY);
  const app = buildApp({ store, filesDir: join(dir, 'files'), secret: Buffer.alloc(32, 1) });
  const key = { entity: 'admin', project: 'p', name: 'r1' };
  await store.upsertRun(key, { config: { lr: { value: 0.1, desc: null }, _wandb: { value: {}, desc: null } }, summary: { loss: 0.5 } });
  await store.writeLines(key, 'history', 0, Array.from({ length: 5000 }, (_, s) => ({ content: JSON.stringify({ _step: s, loss: s === 1234 ? 99 : 1 / (s + 1), acc: s % 7 }), step: s })));
  await store.writeLines(key, 'log', 0, [{ content: 'line one' }, { content: 'line two' }]);
  await store.upsertRun({ entity: 'admin', project: 'p', name: 'r2' }, { config: { lr: { value: 0.01, desc: null } } });
  const get = async (url: string, auth = `Bearer ${TEST_KEY}`) => {
    const r = await app.inject({ method: 'GET', url, headers: { authorization: auth } });
    return { status: r.statusCode, body: r.json() as any };
  };
  const stream = async (run: string, offset: number, rows: object[]) => {
    const r = await app.inject({ method: 'POST', url: `/files/admin/p/${run}/file_stream`, headers: { authorization: `Bearer ${TEST_KEY}` },
      payload: { files: { 'wandb-history.jsonl': { offset, content: rows.map((row) => JSON.stringify(row)) } } } });
    assert.equal(r.statusCode, 200);
  };
  return { get, store, key, stream };
}

test('native API: projects, runs with filter, order and cursor, one run with unwrapped config', async () => {
  const { get } = await seeded();
  assert.deepEqual((await get('/api/v1/projects')).body.projects.map((p: { name: string; runCount: number }) => [p.name, p.runCount]), [['p', 2]]);
  const page = await get('/api/v1/runs/admin/p?order=%2Bconfig.lr&limit=1');
  assert.deepEqual([page.body.total, page.body.runs[0].id, typeof page.body.nextCursor], [undefined, 'r2', 'string']);
  assert.equal((await get('/api/v1/runs/admin/p?order=%2Bconfig.lr&limit=1&total=true')).body.total, 2);
  assert.equal((await get(`/api/v1/runs/admin/p?total=true&filter=${encodeURIComponent('{"config.lr": {"$lt": 0.05}}')}`)).body.total, 1);
  const next = await get(`/api/v1/runs/admin/p?order=%2Bconfig.lr&limit=1&cursor=${page.body.nextCursor}`);
  assert.deepEqual([next.body.runs[0].id, next.body.nextCursor], ['r1', null]);
  const filtered = await get(`/api/v1/runs/admin/p?filter=${encodeURIComponent('{"config.lr": {"$gt": 0.05}}')}`);
  assert.deepEqual(filtered.body.runs.map((r: { id: string }) => r.id), ['r1']);
  const run = await get('/api/v1/runs/admin/p/r1');
  assert.deepEqual(run.body.config, { lr: 0.1 });
  assert.equal(run.body.historyLineCount, 5000);
  assert.equal((await get('/api/v1/runs/admin/p/nope')).status, 404);
  assert.equal((await get('/api/v1/runs/admin/p?limit=0')).status, 400);
  assert.equal((await get('/api/v1/runs/admin/p?cursor=1')).status, 400);
  assert.equal((await get('/api/v1/runs/admin/p', 'Bearer wrong')).status, 401);
});

test('native API: history downsampled to at most N points per key, keeping the spike; console; files', async () => {
  const { get } = await seeded();
  const { body } = await get('/api/v1/runs/admin/p/r1/history?keys=loss,acc&points=200');
  assert.equal(body.x, '_step');
  assert.equal(body.series.loss.count, 5000);
  assert.ok(body.series.loss.x.length <= 200);
  assert.ok(body.series.loss.y.includes(99), 'the spike survives');
  assert.equal(body.series.loss.x[0], 0);
  assert.equal(body.series.loss.x.at(-1), 4999);
  const all = await get('/api/v1/runs/admin/p/r1/history');
  assert.deepEqual(Object.keys(all.body.series).sort(), ['acc', 'loss']);
  assert.deepEqual((await get('/api/v1/runs/admin/p/r1/console?from=1')).body, { from: 1, lines: ['line two'], next: 2 });
  assert.deepEqual((await get('/api/v1/runs/admin/p/r1/files')).body, { files: [] });
});

test('min/max downsampling keeps ends and extremes, in x order', () => {
  const x = Array.from({ length: 1000 }, (_, i) => i);
  const y = x.map((i) => Math.sin(i / 10) + (i === 500 ? -5 : 0));
  const out = minMaxDownsample({ x, y }, 50);
  assert.ok(out.x.length <= 50);
  assert.deepEqual([out.x[0], out.x.at(-1)], [0, 999]);
  assert.ok(out.y.includes(-5 + Math.sin(50)));
  assert.ok(out.x.every((v, i) => i === 0 || v > out.x[i - 1]));
  assert.deepEqual(minMaxDownsample({ x: [1, 2], y: [3, 4] }, 10), { x: [1, 2], y: [3, 4] });
});

test('native API: history read again after more rows are logged, a new key, and rows rewritten before the last step', async () => {
  const { get, store, key } = await seeded();
  const xs = async (query: string) => (await get(`/api/v1/runs/admin/p/r1/history?${query}&points=100000`)).body.series;
  assert.equal((await xs('keys=loss')).loss.count, 5000);
  await store.writeLines(key, 'history', 5000, [5000, 5001].map((s) => ({ content: JSON.stringify({ _step: s, loss: 7, lr: 0.5 }), step: s })));
  const grown = await xs('keys=loss,lr');
  assert.deepEqual([grown.loss.count, grown.loss.x.slice(-2), grown.loss.y.slice(-2)], [5002, [5000, 5001], [7, 7]]);
  assert.deepEqual([grown.lr.x, grown.lr.y], [[5000, 5001], [0.5, 0.5]]);
  await store.writeLines(key, 'history', 5002, [{ content: JSON.stringify({ _step: 3, loss: -1 }), step: 3 }]);
  const rewritten = await xs('keys=loss');
  assert.equal(rewritten.loss.count, 5003);
  assert.deepEqual(rewritten.loss.y.slice(3, 5), [1 / 4, -1], 'the row logged at step 3 is read, in step order');
});

test('native API: history streamed through file_stream, with a retried batch and a batch rewriting an earlier step', async () => {
  const { get, store, stream } = await seeded();
  await store.upsertRun({ entity: 'admin', project: 'p', name: 'live' }, {});
  const loss = async () => (await get('/api/v1/runs/admin/p/live/history?keys=loss')).body.series.loss;
  await stream('live', 0, [{ _step: 0, loss: 3 }, { _step: 1, loss: 2 }]);
  assert.deepEqual(await loss(), { x: [0, 1], y: [3, 2], count: 2 });
  await stream('live', 2, [{ _step: 2, loss: 1 }]);
  await stream('live', 2, [{ _step: 2, loss: 1 }]);
  assert.deepEqual(await loss(), { x: [0, 1, 2], y: [3, 2, 1], count: 3 });
  await stream('live', 1, [{ _step: 1, loss: 5 }]);
  assert.deepEqual(await loss(), { x: [0, 1, 2], y: [3, 5, 1], count: 3 });
});

test('native API: system metrics from wandb-events.jsonl, by _runtime', async () => {
  const { get, store, key } = await seeded();
  await store.writeLines(key, 'events', 0, [10, 20, 30].map((t, i) => ({ content: JSON.stringify({ 'system.cpu': 10 * (i + 1), 'system.memory': 50, _runtime: t, _timestamp: 1.7e9 + t }), step: null })));
  const { body } = await get('/api/v1/runs/admin/p/r1/system');
  assert.equal(body.x, '_runtime');
  assert.deepEqual(body.series['system.cpu'], { x: [10, 20, 30], y: [10, 20, 30], count: 3 });
  assert.deepEqual(Object.keys(body.series).sort(), ['system.cpu', 'system.memory']);
});

test('native API: histories of several runs in one request; unknown runs left out; a bad runs list is a 400', async () => {
  const { get, store } = await seeded();
  await store.writeLines({ entity: 'admin', project: 'p', name: 'r2' }, 'history', 0, [{ content: JSON.stringify({ _step: 0, loss: 2 }), step: 0 }]);
  const { body } = await get('/api/v1/histories/admin/p?runs=r1,r2,nope&keys=loss&points=100');
  assert.deepEqual(Object.keys(body.runs).sort(), ['r1', 'r2']);
  assert.equal(body.runs.r1.loss.count, 5000);
  assert.ok(body.runs.r1.loss.x.length <= 100);
  assert.deepEqual(body.runs.r2.loss, { x: [0], y: [2], count: 1 });
  assert.equal((await get('/api/v1/histories/admin/p')).status, 400);
  assert.equal((await get(`/api/v1/histories/admin/p?runs=${Array.from({ length: 101 }, (_, i) => `r${i}`).join(',')}`)).status, 400);
});
