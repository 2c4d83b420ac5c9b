import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { testApp, OTHER_KEY } from '../testing/test-app.ts';
import { TEST_KEY } from '../testing/server-process.ts';
import { liveEvents } from '../testing/live-events.ts';

test('live: the stream sends the project version, then a new one after each change; another user is refused; a closed stream stops its reads; closing the server ends it', { timeout: 20_000 }, async () => {
  const { app, store } = await testApp();
  await app.listen({ port: 0, host: '127.0.0.1' });
  const url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}/api/v1/live/admin/p`;
  const key = { entity: 'admin', project: 'p', name: 'r1' };
  await store.upsertRun(key, { config: {} });

  assert.equal((await fetch(url, { headers: { authorization: `Bearer ${OTHER_KEY}` } })).status, 403);
  assert.equal((await fetch(url)).status, 401);

  const response = await fetch(url, { headers: { authorization: `Bearer ${TEST_KEY}` } });
  assert.equal(response.headers.get('content-type'), 'text/event-stream');
  const nextEvent = liveEvents(response);

  const first = await nextEvent();
  assert.equal(first, await store.projectVersion('admin', 'p'));
  await store.writeLines(key, 'history', 0, [{ content: '{"_step": 0, "loss": 1}', step: 0 }]);
  const second = await nextEvent();
  assert.notEqual(second, first);
  await store.upsertRun({ ...key, name: 'r2' }, { config: {} });
  assert.notEqual(await nextEvent(), second);

  // A client that goes away stops the reads of a project nobody else watches.
  const read: string[] = [];
  const projectVersion = store.projectVersion.bind(store);
  store.projectVersion = async (entity, project) => (read.push(project), projectVersion(entity, project));
  const abort = new AbortController();
  const other = await fetch(url.replace(/\/p$/, '/q'), { headers: { authorization: `Bearer ${TEST_KEY}` }, signal: abort.signal });
  const otherEvents = liveEvents(other);
  await otherEvents();
  const qKey = { entity: 'admin', project: 'q', name: 'r1' };
  await store.upsertRun(qKey, { config: {} });
  assert.ok(await otherEvents(), 'a change to q reaches q\'s stream');
  abort.abort();
  // Each round changes q, then p: once p's new version arrived, a read of q (if q were still
  // watched) has already begun. Rounds go on until the server has seen the stream close.
  for (let round = 0; ; round++) {
    const before = read.filter((p) => p === 'q').length;
    await store.upsertRun({ ...qKey, name: `q${round}` }, { config: {} });
    await store.upsertRun({ ...key, name: `p${round}` }, { config: {} });
    assert.ok(await nextEvent(), 'p, still watched, gets each change');
    if (read.filter((p) => p === 'q').length === before) break;
  }
  const settled = read.filter((p) => p === 'q').length;
  await store.upsertRun({ ...qKey, name: 'last' }, { config: {} });
  await store.upsertRun({ ...key, name: 'last' }, { config: {} });
  assert.ok(await nextEvent());
  assert.equal(read.filter((p) => p === 'q').length, settled, 'no more reads of q once its only stream closed');

  await app.close();
  assert.equal(await nextEvent(), undefined, 'the stream ends when the server closes');
  await store.close();
});

test('live: a failed read of the project version is logged, and the stream stays open for the next change', { timeout: 20_000 }, async () => {
  const lines: string[] = [];
  const { app, store } = await testApp({ log: (line) => lines.push(line) });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}/api/v1/live/admin/p`;
  const key = { entity: 'admin', project: 'p', name: 'r1' };
  const projectVersion = store.projectVersion.bind(store);
  let failing = true;
  store.projectVersion = async (entity, project) => {
    if (failing) throw new Error('database is locked');
    return projectVersion(entity, project);
  };
  const response = await fetch(url, { headers: { authorization: `Bearer ${TEST_KEY}` } });
  const nextEvent = liveEvents(response);
  while (lines.length === 0) await new Promise((resolve) => setTimeout(resolve, 10));
  assert.deepEqual(lines, ['live updates: database is locked']);
  failing = false;
  await store.upsertRun(key, { config: {} });
  assert.equal(await nextEvent(), await store.projectVersion('admin', 'p'));
  await app.close();
  await store.close();
});
