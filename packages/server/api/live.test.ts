import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { testApp, OTHER_KEY } from '../testing/test-app.ts';
import { TEST_KEY } from '../testing/server-process.ts';
import { liveEvents } from '../testing/live-events.ts';

test('live: the stream sends the project version, then a new one after each change; another user is refused; a closed stream stops its checks; closing the server ends it', { timeout: 20_000 }, async () => {
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

  // A client that goes away stops the checks of a project nobody else watches.
  const checked: string[] = [];
  const projectVersion = store.projectVersion.bind(store);
  store.projectVersion = async (entity, project) => (checked.push(project), projectVersion(entity, project));
  const abort = new AbortController();
  const other = await fetch(url.replace(/\/p$/, '/q'), { headers: { authorization: `Bearer ${TEST_KEY}` }, signal: abort.signal });
  await other.body!.getReader().read();
  while (!checked.includes('q')) await new Promise((resolve) => setTimeout(resolve, 50));
  abort.abort();
  await new Promise((resolve) => setTimeout(resolve, 1500));
  const before = checked.filter((p) => p === 'q').length;
  await new Promise((resolve) => setTimeout(resolve, 1500));
  assert.equal(checked.filter((p) => p === 'q').length, before, 'no more checks of q once its only stream closed');
  assert.ok(checked.filter((p) => p === 'p').length >= 2, 'p, still watched, is still checked');

  await app.close();
  assert.equal(await nextEvent(), undefined, 'the stream ends when the server closes');
  await store.close();
});
